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

import dev.collab.api.accounts.Principal;
import dev.collab.api.profiles.AccessProfile;
import dev.collab.api.profiles.ProfileDraft;
import dev.collab.api.profiles.ProfileService;

/** The admin's menu "Access profiles" (Freischaltungs-Profile). */
@Component(service = ProfileResource.class)
@Path("tenants/{tenantId}/profiles")
@Produces(MediaType.APPLICATION_JSON)
public final class ProfileResource {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile ProfileService profiles;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("tenantId") String tenantId, Bodies.ProfileBody body, @Context SecurityContext security,
        @Context UriInfo uri) {
        Principal caller = Guard.admin(security, tenantId);
        AccessProfile created = service().create(tenantId, draft(body), Guard.actor(caller));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created).build();
    }

    @GET
    public Page<AccessProfile> list(@PathParam("tenantId") String tenantId, @QueryParam("limit") String limit,
        @QueryParam("cursor") String cursor, @Context SecurityContext security) {
        Guard.admin(security, tenantId);
        return Page.of(service().list(tenantId), limit, cursor);
    }

    @GET
    @Path("{profileId}")
    public AccessProfile get(@PathParam("tenantId") String tenantId, @PathParam("profileId") String profileId,
        @Context SecurityContext security) {
        Guard.admin(security, tenantId);
        return service().get(tenantId, profileId);
    }

    @PUT
    @Path("{profileId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public AccessProfile replace(@PathParam("tenantId") String tenantId, @PathParam("profileId") String profileId,
        Bodies.ProfileBody body, @Context SecurityContext security) {
        Principal caller = Guard.admin(security, tenantId);
        return service().replace(tenantId, profileId, draft(body), Guard.actor(caller));
    }

    @DELETE
    @Path("{profileId}")
    public Response delete(@PathParam("tenantId") String tenantId, @PathParam("profileId") String profileId,
        @Context SecurityContext security) {
        Principal caller = Guard.admin(security, tenantId);
        service().delete(tenantId, profileId, Guard.actor(caller));
        return Response.noContent().build();
    }

    private ProfileService service() {
        return Guard.need(profiles, "profile");
    }

    private static ProfileDraft draft(Bodies.ProfileBody body) {
        Bodies.require(body);
        return new ProfileDraft(body.name(), body.description(), body.rights(), body.delegableProfiles(), body.maxValidityMonths());
    }
}
