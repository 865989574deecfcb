package dev.collab.rest.internal;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.collab.api.ValidationException;
import dev.collab.api.accounts.Account;
import dev.collab.api.accounts.AccountService;
import dev.collab.api.accounts.Principal;
import dev.collab.api.tenants.Tenant;
import dev.collab.api.tenants.TenantChange;
import dev.collab.api.tenants.TenantService;

/** Support's endpoints: tenants, their feature switch, and their first admins. */
@Component(service = TenantResource.class)
@Path("tenants/{tenantId}")
@Produces(MediaType.APPLICATION_JSON)
public final class TenantResource {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile TenantService tenants;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile AccountService accounts;

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("tenantId") String tenantId, Bodies.TenantBody body, @Context SecurityContext security) {
        Principal caller = Guard.support(security);
        Bodies.require(body);
        TenantService service = Guard.need(tenants, "tenant");
        TenantChange change = service.put(tenantId, body.name(), Guard.actor(caller));
        Tenant tenant = change.tenant();
        if (body.language() != null || body.invitationValidityHours() != null || body.timeZone() != null) {
            tenant = service.configure(tenantId, body.language(), body.invitationValidityHours(), body.timeZone(),
                Guard.actor(caller));
        }
        if (body.reminderLeadHours() != null || body.removalMail() != null) {
            tenant = service.configureMails(tenantId, body.reminderLeadHours(), false, body.removalMail(), Guard.actor(caller));
        }
        if (body.reviewDays() != null || body.reviewGraceDays() != null || body.reviewMode() != null) {
            tenant = service.configureReview(tenantId, body.reviewDays(), body.reviewGraceDays(), body.reviewMode(),
                Guard.actor(caller));
        }
        return Response.status(change.created() ? 201 : 200).entity(Views.TenantView.of(tenant)).build();
    }

    @GET
    public Views.TenantView get(@PathParam("tenantId") String tenantId, @Context SecurityContext security) {
        Guard.support(security);
        return Views.TenantView.of(Guard.need(tenants, "tenant").get(tenantId));
    }

    @PUT
    @Path("features/delegatedAccess")
    @Consumes(MediaType.APPLICATION_JSON)
    public Views.TenantView setDelegatedAccess(@PathParam("tenantId") String tenantId, Bodies.FeatureBody body,
        @Context SecurityContext security) {
        Principal caller = Guard.support(security);
        if (Bodies.require(body).enabled() == null) {
            throw new ValidationException("enabled", "feature.enabledRequired", "enabled must be true or false.");
        }
        return Views.TenantView.of(Guard.need(tenants, "tenant").setDelegatedAccess(tenantId, body.enabled(), Guard.actor(caller)));
    }

    /**
     * "Zugriffe überprüfen": whether, how often and how strictly the tenant's people confirm their
     * delegates. The broker admin decides it for their tenant (support may too).
     */
    @PUT
    @Path("review-settings")
    @Consumes(MediaType.APPLICATION_JSON)
    public Views.TenantView setReviewSettings(@PathParam("tenantId") String tenantId, Bodies.ReviewSettingsBody body,
        @Context SecurityContext security) {
        Principal caller = Guard.adminOrSupport(security, tenantId);
        Bodies.require(body);
        return Views.TenantView.of(Guard.need(tenants, "tenant").configureReview(tenantId, body.reviewDays(), body.reviewGraceDays(),
            body.reviewMode(), Guard.actor(caller)));
    }

    @POST
    @Path("admins")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createAdmin(@PathParam("tenantId") String tenantId, Bodies.AdminBody body, @Context SecurityContext security,
        @Context UriInfo uri) {
        Principal caller = Guard.adminOrSupport(security, tenantId);
        Bodies.require(body);
        char[] password = body.password() == null ? null : body.password().toCharArray();
        Account account = Guard.need(accounts, "account").createAdmin(tenantId, body.email(), password, Guard.actor(caller));
        return Response.created(uri.getAbsolutePathBuilder().path(account.id()).build()).entity(Views.AccountView.of(account)).build();
    }

    /** The tenant's broker admins, for support and for the tenant's own admins. */
    @GET
    @Path("admins")
    public Page<Views.AccountView> admins(@PathParam("tenantId") String tenantId, @QueryParam("limit") String limit,
        @QueryParam("cursor") String cursor, @Context SecurityContext security) {
        Guard.adminOrSupport(security, tenantId);
        return Page.of(Guard.need(accounts, "account").admins(tenantId).stream().map(Views.AccountView::of).toList(), limit,
            cursor);
    }

    /** Removes an admin; the last one stays (409), so that a tenant is never without administration. */
    @DELETE
    @Path("admins/{accountId}")
    public Response removeAdmin(@PathParam("tenantId") String tenantId, @PathParam("accountId") String accountId,
        @Context SecurityContext security) {
        Principal caller = Guard.adminOrSupport(security, tenantId);
        Guard.need(accounts, "account").removeAdmin(tenantId, accountId, Guard.actor(caller));
        return Response.noContent().build();
    }
}
