package dev.collab.rest.internal;

import java.util.Iterator;
import java.util.List;
import java.util.Set;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
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

import com.fasterxml.jackson.databind.JsonNode;

import dev.collab.api.ConflictException;
import dev.collab.api.ValidationException;
import dev.collab.api.accounts.Principal;
import dev.collab.api.delegation.Delegate;
import dev.collab.api.delegation.DelegatePage;
import dev.collab.api.delegation.DelegateQuery;
import dev.collab.api.delegation.DelegationOptions;
import dev.collab.api.delegation.DelegationService;
import dev.collab.api.delegation.InviteRequest;
import dev.collab.api.delegation.Me;
import dev.collab.api.mailbox.Mailbox;
import dev.collab.api.mailbox.Message;

/**
 * A portal user's self-service (Profil → Mitarbeiter einladen): their memberships, what they may
 * hand out, their delegates, and their mailbox. The caller always acts for themselves: the
 * user id passed on is the authenticated account's id.
 */
@Component(service = SelfServiceResource.class)
@Path("tenants/{tenantId}/me")
@Produces(MediaType.APPLICATION_JSON)
public final class SelfServiceResource {
    static final String IMMUTABLE = "E-mail, role and customers of a delegate cannot be changed. "
        + "Delete the delegate and invite them again.";
    private static final Set<String> IMMUTABLE_FIELDS = Set.of("email", "profile", "customers", "allCustomers",
        "exceptCustomers");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile DelegationService delegation;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Mailbox mailbox;

    @GET
    public Me me(@PathParam("tenantId") String tenantId, @Context SecurityContext security) {
        Principal caller = Guard.user(security, tenantId);
        return service().me(tenantId, caller.accountId());
    }

    @GET
    @Path("delegation")
    public DelegationOptions options(@PathParam("tenantId") String tenantId, @Context SecurityContext security) {
        Principal caller = Guard.user(security, tenantId);
        return service().options(tenantId, caller.accountId());
    }

    @POST
    @Path("delegates")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response invite(@PathParam("tenantId") String tenantId, Bodies.InviteBody body,
        @Context SecurityContext security, @Context UriInfo uri) {
        Principal caller = Guard.user(security, tenantId);
        Bodies.require(body);
        InviteRequest request = new InviteRequest(body.email(), body.profile(), body.customers(),
            Boolean.TRUE.equals(body.allCustomers()), body.exceptCustomers(), body.language());
        Delegate delegate = service().invite(tenantId, caller.accountId(), request);
        return Response.created(uri.getAbsolutePathBuilder().path(delegate.id()).build()).entity(delegate).build();
    }

    @GET
    @Path("delegates")
    public Page<Delegate> delegates(@PathParam("tenantId") String tenantId, @QueryParam("limit") String limit,
        @QueryParam("cursor") String cursor, @QueryParam("q") String q, @Context SecurityContext security) {
        Principal caller = Guard.user(security, tenantId);
        DelegatePage page = service().delegates(tenantId, caller.accountId(), new DelegateQuery(q, Page.size(limit), cursor));
        return new Page<>(page.items(), page.nextCursor());
    }

    /**
     * Nothing of a delegate can be changed: e-mail, role and customers are fixed at the
     * invitation (delete and invite again), so an attempt is a 409 that says so.
     */
    @PATCH
    @Path("delegates/{delegateId}")
    @Consumes({MediaType.APPLICATION_JSON, GrantResource.MERGE_PATCH_JSON})
    public Delegate change(@PathParam("tenantId") String tenantId, @PathParam("delegateId") String delegateId,
        JsonNode body, @Context SecurityContext security) {
        Principal caller = Guard.user(security, tenantId);
        service().delegate(tenantId, caller.accountId(), delegateId);
        if (body == null || !body.isObject()) {
            throw new ValidationException("body", "body.objectRequired", "A JSON object is required.");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext();) {
            if (IMMUTABLE_FIELDS.contains(it.next())) {
                throw new ConflictException("delegate.immutable", IMMUTABLE);
            }
        }
        if (body.size() > 0) {
            String field = body.fieldNames().next();
            throw new ValidationException(field, "field.unknown", "Unknown field '" + field + "'.", field);
        }
        throw new ValidationException("body", "delegate.nothingToChange", "A delegate has nothing that can be changed. " + IMMUTABLE);
    }

    @DELETE
    @Path("delegates/{delegateId}")
    public Response delete(@PathParam("tenantId") String tenantId, @PathParam("delegateId") String delegateId,
        @Context SecurityContext security) {
        Principal caller = Guard.user(security, tenantId);
        service().delete(tenantId, caller.accountId(), delegateId);
        return Response.noContent().build();
    }

    @POST
    @Path("delegates/delete")
    @Consumes(MediaType.APPLICATION_JSON)
    public Views.DeletedView deleteAll(@PathParam("tenantId") String tenantId, Bodies.DeleteDelegatesBody body,
        @Context SecurityContext security) {
        Principal caller = Guard.user(security, tenantId);
        List<String> ids = Bodies.required(Bodies.require(body).ids(), "ids");
        return new Views.DeletedView(service().delete(tenantId, caller.accountId(), ids));
    }

    @POST
    @Path("delegates/{delegateId}/resend")
    public Response resend(@PathParam("tenantId") String tenantId, @PathParam("delegateId") String delegateId,
        @Context SecurityContext security) {
        Principal caller = Guard.user(security, tenantId);
        service().resend(tenantId, caller.accountId(), delegateId);
        return Response.accepted().build();
    }

    @GET
    @Path("messages")
    public Page<Message> messages(@PathParam("tenantId") String tenantId, @QueryParam("limit") String limit,
        @QueryParam("cursor") String cursor, @Context SecurityContext security) {
        Principal caller = Guard.user(security, tenantId);
        return Page.of(Guard.need(mailbox, "mailbox").messages(tenantId, caller.name()), limit, cursor);
    }

    private DelegationService service() {
        return Guard.need(delegation, "delegation");
    }
}
