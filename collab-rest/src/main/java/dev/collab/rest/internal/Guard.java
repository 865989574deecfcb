package dev.collab.rest.internal;

import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.core.SecurityContext;

import dev.collab.api.NotPermittedException;
import dev.collab.api.TemporarilyUnavailableException;
import dev.collab.api.accounts.Principal;
import dev.collab.api.accounts.Role;

/** Who may call what: the resources state the role they need, this class enforces it. */
final class Guard {
    private Guard() {
    }

    static Principal caller(SecurityContext context) {
        if (context instanceof AuthenticationFilter.CallerContext caller) {
            return caller.caller();
        }
        throw new NotAuthorizedException("Basic realm=\"collab\"");
    }

    static Principal support(SecurityContext context) {
        Principal caller = caller(context);
        if (caller.role() != Role.SUPPORT) {
            throw new NotPermittedException("forbidden.support", "Only support may do this.");
        }
        return caller;
    }

    static Principal admin(SecurityContext context, String tenantId) {
        Principal caller = caller(context);
        if (caller.role() != Role.ADMIN || !tenantId.equals(caller.tenantId())) {
            throw new NotPermittedException("forbidden.admin", "Only an admin of tenant '" + tenantId + "' may do this.", tenantId);
        }
        return caller;
    }

    /**
     * A broker admin of the tenant, or support (who belongs to no tenant): the host's view of
     * access decisions.
     */
    static Principal adminOrSupport(SecurityContext context, String tenantId) {
        Principal caller = caller(context);
        if (caller.role() == Role.SUPPORT
            || caller.role() == Role.ADMIN && tenantId.equals(caller.tenantId())) {
            return caller;
        }
        throw new NotPermittedException("forbidden.adminOrSupport", "Only an admin of tenant '" + tenantId + "' or support may do this.", tenantId);
    }

    /**
     * A portal user of the tenant, acting for themselves. Admins and support are not portal
     * users and are refused.
     */
    static Principal user(SecurityContext context, String tenantId) {
        Principal caller = caller(context);
        if (caller.role() != Role.USER || !tenantId.equals(caller.tenantId())) {
            throw new NotPermittedException("forbidden.user", "Only a portal user of tenant '" + tenantId + "' may do this.", tenantId);
        }
        return caller;
    }

    /** @return the service, or a 503 naming the missing part when its bundle is out */
    static <T> T need(T service, String part) {
        if (service == null) {
            throw new TemporarilyUnavailableException("unavailable.part", "The " + part + " service is not available right now; retry shortly.", part);
        }
        return service;
    }

    /** The actor recorded in the audit trail: role and login. */
    static String actor(Principal caller) {
        return caller.role().name().toLowerCase() + ":" + caller.name();
    }
}
