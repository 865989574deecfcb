package dev.collab.rest.internal;

import java.util.ArrayList;
import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.collab.api.FieldError;
import dev.collab.api.ValidationException;
import dev.collab.api.access.AccessDecisions;
import dev.collab.api.access.Decision;
import dev.collab.api.access.EffectiveAccess;
import dev.collab.api.accounts.Principal;
import dev.collab.api.accounts.Role;
import dev.collab.api.tenants.TenantService;

/** Access decisions for the host: "may user U use right R on customer C?" and what a user may do now. */
@Component(service = AccessResource.class)
@Path("tenants/{tenantId}/access")
@Produces(MediaType.APPLICATION_JSON)
public final class AccessResource {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile AccessDecisions access;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile TenantService tenants;

    @GET
    public Decision decide(@PathParam("tenantId") String tenantId, @QueryParam("user") String user,
        @QueryParam("customer") String customer, @QueryParam("right") String right, @Context SecurityContext security) {
        caller(security, tenantId);
        List<FieldError> missing = new ArrayList<>();
        require(missing, "user", user);
        require(missing, "customer", customer);
        require(missing, "right", right);
        if (!missing.isEmpty()) {
            throw new ValidationException(missing);
        }
        return service().decide(tenantId, user.trim(), right.trim(), customer.trim());
    }

    @GET
    @Path("users/{email}")
    public EffectiveAccess effectiveAccess(@PathParam("tenantId") String tenantId, @PathParam("email") String email,
        @Context SecurityContext security) {
        caller(security, tenantId);
        return service().effectiveAccess(tenantId, email.trim());
    }

    /** An admin of the tenant, or support; for support an unknown tenant is a 404. */
    private Principal caller(SecurityContext security, String tenantId) {
        Principal caller = Guard.adminOrSupport(security, tenantId);
        if (caller.role() == Role.SUPPORT) {
            Guard.need(tenants, "tenant").get(tenantId);
        }
        return caller;
    }

    private AccessDecisions service() {
        return Guard.need(access, "access decision");
    }

    private static void require(List<FieldError> errors, String name, String value) {
        if (value == null || value.isBlank()) {
            errors.add(FieldError.of(name, "query.required", "The query parameter '" + name + "' is required.", name));
        }
    }
}
