package dev.collab.rest.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
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

import com.fasterxml.jackson.databind.JsonNode;

import dev.collab.api.FieldError;
import dev.collab.api.ValidationException;
import dev.collab.api.accounts.Principal;
import dev.collab.api.grants.Grant;
import dev.collab.api.grants.GrantDraft;
import dev.collab.api.grants.GrantNode;
import dev.collab.api.grants.GrantPatch;
import dev.collab.api.grants.GrantService;
import dev.collab.api.grants.HandOverOptions;
import dev.collab.api.grants.HandOverResult;
import dev.collab.api.grants.Member;
import dev.collab.api.grants.MemberPage;
import dev.collab.api.grants.MemberQuery;

/** The admin's grants (Freischaltungen): creation, customization, members and the delegation tree. */
@Component(service = GrantResource.class)
@Path("tenants/{tenantId}/grants")
@Produces(MediaType.APPLICATION_JSON)
public final class GrantResource {
    static final String MERGE_PATCH_JSON = "application/merge-patch+json";
    private static final Set<String> PATCHABLE = Set.of("rights", "profile", "separateDelegateGrants");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile GrantService grants;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("tenantId") String tenantId, Bodies.GrantBody body, @Context SecurityContext security,
        @Context UriInfo uri) {
        Principal caller = Guard.admin(security, tenantId);
        Bodies.require(body);
        GrantDraft draft = new GrantDraft(body.name(), body.profile(), body.rights(), body.customers(),
            Boolean.TRUE.equals(body.separateDelegateGrants()), body.email(), body.language());
        Grant created = service().create(tenantId, draft, Guard.actor(caller));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created).build();
    }

    @GET
    public Page<Grant> list(@PathParam("tenantId") String tenantId, @QueryParam("limit") String limit,
        @QueryParam("cursor") String cursor, @Context SecurityContext security) {
        Guard.admin(security, tenantId);
        return Page.of(service().list(tenantId), limit, cursor);
    }

    @GET
    @Path("{grantId}")
    public Grant get(@PathParam("tenantId") String tenantId, @PathParam("grantId") String grantId,
        @Context SecurityContext security) {
        Guard.admin(security, tenantId);
        return service().get(tenantId, grantId);
    }

    /**
     * A partial change: only the fields present change. {@code "rights": null} returns the
     * grant to its profile's rights, which is why the body is read as a tree: absent and null
     * mean different things.
     */
    @PATCH
    @Path("{grantId}")
    @Consumes({MediaType.APPLICATION_JSON, MERGE_PATCH_JSON})
    public Grant patch(@PathParam("tenantId") String tenantId, @PathParam("grantId") String grantId, JsonNode body,
        @Context SecurityContext security) {
        Principal caller = Guard.admin(security, tenantId);
        return service().patch(tenantId, grantId, patchOf(body), Guard.actor(caller));
    }

    @GET
    @Path("{grantId}/members")
    public Page<Member> members(@PathParam("tenantId") String tenantId, @PathParam("grantId") String grantId,
        @QueryParam("limit") String limit, @QueryParam("cursor") String cursor, @QueryParam("q") String q,
        @Context SecurityContext security) {
        Guard.admin(security, tenantId);
        MemberPage page = service().members(tenantId, grantId, new MemberQuery(q, Page.size(limit), cursor));
        return new Page<>(page.items(), page.nextCursor());
    }

    @PUT
    @Path("{grantId}/members/{userId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Grant rescope(@PathParam("tenantId") String tenantId, @PathParam("grantId") String grantId,
        @PathParam("userId") String userId, Bodies.MemberBody body, @Context SecurityContext security) {
        Principal caller = Guard.admin(security, tenantId);
        List<String> customers = Bodies.required(Bodies.require(body).customers(), "customers");
        return service().rescope(tenantId, grantId, userId, customers, Guard.actor(caller));
    }

    /** "gültig bis" of a member, set or cleared ({@code null}) by the admin; 200 with the grant. */
    @PUT
    @Path("{grantId}/members/{userId}/valid-until")
    @Consumes(MediaType.APPLICATION_JSON)
    public Grant setValidUntil(@PathParam("tenantId") String tenantId, @PathParam("grantId") String grantId,
        @PathParam("userId") String userId, Bodies.ValidUntilBody body, @Context SecurityContext security) {
        Principal caller = Guard.admin(security, tenantId);
        return service().setValidUntil(tenantId, grantId, userId, Bodies.instant(Bodies.require(body).validUntil(), "validUntil"),
            Guard.actor(caller));
    }

    @DELETE
    @Path("{grantId}/members/{userId}")
    public Response removeMember(@PathParam("tenantId") String tenantId, @PathParam("grantId") String grantId,
        @PathParam("userId") String userId, @Context SecurityContext security) {
        Principal caller = Guard.admin(security, tenantId);
        service().removeMember(tenantId, grantId, userId, Guard.actor(caller));
        return Response.noContent().build();
    }

    @GET
    @Path("{grantId}/tree")
    public GrantNode tree(@PathParam("tenantId") String tenantId, @PathParam("grantId") String grantId,
        @Context SecurityContext security) {
        Guard.admin(security, tenantId);
        return service().tree(tenantId, grantId);
    }

    /** Renames a grant; the delegate grants below it follow (their names start with it). */
    @PUT
    @Path("{grantId}/name")
    @Consumes(MediaType.APPLICATION_JSON)
    public Grant rename(@PathParam("tenantId") String tenantId, @PathParam("grantId") String grantId, Bodies.NameBody body,
        @Context SecurityContext security) {
        Principal caller = Guard.admin(security, tenantId);
        String name = Bodies.required(Bodies.require(body).name(), "name");
        return service().rename(tenantId, grantId, name, Guard.actor(caller));
    }

    /** Deletes a grant with its members, the people they delegated to and the grants below; accounts stay. */
    @DELETE
    @Path("{grantId}")
    public Response delete(@PathParam("tenantId") String tenantId, @PathParam("grantId") String grantId,
        @Context SecurityContext security) {
        Principal caller = Guard.admin(security, tenantId);
        service().delete(tenantId, grantId, Guard.actor(caller));
        return Response.noContent().build();
    }

    @POST
    @Path("{grantId}/members")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response addMember(@PathParam("tenantId") String tenantId, @PathParam("grantId") String grantId,
        Bodies.NewMemberBody body, @Context SecurityContext security, @Context UriInfo uri) {
        Principal caller = Guard.admin(security, tenantId);
        Bodies.require(body);
        List<String> customers = Bodies.required(body.customers(), "customers");
        Grant grant = service().addMember(tenantId, grantId, body.email(), customers, body.language(), Guard.actor(caller));
        String userId = grant.members().stream().filter(m -> m.email().equalsIgnoreCase(body.email().trim()))
            .map(Member::userId).findFirst().orElse("");
        return Response.created(uri.getAbsolutePathBuilder().path(userId).build()).entity(grant).build();
    }

    /** A new invitation for a member who has not registered yet; the previous link stops working. */
    @POST
    @Path("{grantId}/members/{userId}/resend")
    public Response resend(@PathParam("tenantId") String tenantId, @PathParam("grantId") String grantId,
        @PathParam("userId") String userId, @Context SecurityContext security) {
        Principal caller = Guard.admin(security, tenantId);
        Instant expiresAt = service().resendInvitation(tenantId, grantId, userId, Guard.actor(caller));
        return Response.accepted(new Views.ResentView(expiresAt)).build();
    }

    /** What the confirmation of removing a member offers instead: the cascade's size and possible successors. */
    @GET
    @Path("{grantId}/members/{userId}/hand-over")
    public HandOverOptions handOverOptions(@PathParam("tenantId") String tenantId, @PathParam("grantId") String grantId,
        @PathParam("userId") String userId, @Context SecurityContext security) {
        Guard.admin(security, tenantId);
        return service().handOverOptions(tenantId, grantId, userId);
    }

    /** "Ansprechpartner wechselt": the member's people move to the successor, then the member is removed. */
    @POST
    @Path("{grantId}/members/{userId}/hand-over")
    @Consumes(MediaType.APPLICATION_JSON)
    public HandOverResult handOver(@PathParam("tenantId") String tenantId, @PathParam("grantId") String grantId,
        @PathParam("userId") String userId, Bodies.SuccessorBody body, @Context SecurityContext security) {
        Principal caller = Guard.admin(security, tenantId);
        Bodies.require(body);
        return service().handOver(tenantId, grantId, userId, Bodies.required(body.grantId(), "grantId"),
            Bodies.required(body.userId(), "userId"), Guard.actor(caller));
    }

    private GrantService service() {
        return Guard.need(grants, "grant");
    }

    /** Reads a patch body; unknown fields and values of the wrong type are 400s naming the field. */
    static GrantPatch patchOf(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ValidationException("body", "body.objectRequired", "A JSON object is required.");
        }
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext();) {
            String field = it.next().getKey();
            if (!PATCHABLE.contains(field)) {
                errors.add(FieldError.of(field, "field.unknown", "Unknown field '" + field + "'.", field));
            }
        }
        boolean setRights = body.has("rights");
        List<String> rights = null;
        if (setRights && !body.get("rights").isNull()) {
            JsonNode node = body.get("rights");
            if (!node.isArray()) {
                errors.add(FieldError.of("rights", "grant.rightsExpected", "Expected an array of right ids, or null for the profile's rights."));
            } else {
                rights = new ArrayList<>();
                for (int i = 0; i < node.size(); i++) {
                    if (node.get(i).isTextual()) {
                        rights.add(node.get(i).textValue());
                    } else {
                        errors.add(FieldError.of("rights[" + i + "]", "body.expected.string", "Expected a string."));
                    }
                }
            }
        }
        String profile = null;
        if (body.has("profile")) {
            JsonNode node = body.get("profile");
            if (node.isTextual()) {
                profile = node.textValue();
            } else {
                errors.add(FieldError.of("profile", "grant.profileExpected", "Expected a profile name; a grant's profile can be replaced, not removed."));
            }
        }
        Boolean separate = null;
        if (body.has("separateDelegateGrants")) {
            JsonNode node = body.get("separateDelegateGrants");
            if (node.isBoolean()) {
                separate = node.booleanValue();
            } else {
                errors.add(FieldError.of("separateDelegateGrants", "body.expected.boolean", "Expected true or false."));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new GrantPatch(setRights, rights, profile, separate);
    }
}
