package dev.collab.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.core.SecurityContext;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.collab.api.NotPermittedException;
import dev.collab.api.TemporarilyUnavailableException;
import dev.collab.api.accounts.Principal;
import dev.collab.api.accounts.Role;
import dev.collab.rest.internal.AuthenticationFilter.CallerContext;

class GuardTest {
    private static final Principal SUPPORT = new Principal("s1", null, "support", Role.SUPPORT);
    private static final Principal ADMIN = new Principal("a1", "acme", "boss@acme.de", Role.ADMIN);
    private static final Principal USER = new Principal("u1", "acme", "gf@kunde.de", Role.USER);

    /** What the container hands a resource when the request carried no credentials. */
    private static final SecurityContext ANONYMOUS = new SecurityContext() {
        @Override
        public java.security.Principal getUserPrincipal() {
            return null;
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public String getAuthenticationScheme() {
            return null;
        }
    };

    @BeforeAll
    static void runtime() {
        TestRuntimeDelegate.install();
    }

    private static CallerContext as(Principal principal) {
        return new CallerContext(principal, false);
    }

    @Test
    void anAnonymousCallerMustAuthenticate() {
        for (SecurityContext context : new SecurityContext[] {ANONYMOUS, null}) {
            NotAuthorizedException e = assertThrows(NotAuthorizedException.class, () -> Guard.caller(context));
            assertEquals(401, e.getResponse().getStatus());
            assertEquals("Basic realm=\"collab\"", e.getChallenges().get(0));
            assertThrows(NotAuthorizedException.class, () -> Guard.support(context));
            assertThrows(NotAuthorizedException.class, () -> Guard.admin(context, "acme"));
            assertThrows(NotAuthorizedException.class, () -> Guard.adminOrSupport(context, "acme"));
            assertThrows(NotAuthorizedException.class, () -> Guard.user(context, "acme"));
        }
    }

    @Test
    void theCallerIsThePrincipalTheFilterFound() {
        assertSame(ADMIN, Guard.caller(as(ADMIN)));
    }

    @Test
    void onlySupportPassesTheSupportGuard() {
        assertSame(SUPPORT, Guard.support(as(SUPPORT)));
        assertThrows(NotPermittedException.class, () -> Guard.support(as(ADMIN)));
        assertThrows(NotPermittedException.class, () -> Guard.support(as(USER)));
    }

    @Test
    void onlyAnAdminOfThatTenantPassesTheAdminGuard() {
        assertSame(ADMIN, Guard.admin(as(ADMIN), "acme"));
        NotPermittedException other = assertThrows(NotPermittedException.class, () -> Guard.admin(as(ADMIN), "other"));
        assertTrue(other.getMessage().contains("'other'"), other.getMessage());
        assertThrows(NotPermittedException.class, () -> Guard.admin(as(USER), "acme"));
        assertThrows(NotPermittedException.class, () -> Guard.admin(as(SUPPORT), "acme"));
    }

    @Test
    void theHostsViewIsOpenToSupportAndToAnAdminOfThatTenant() {
        assertSame(SUPPORT, Guard.adminOrSupport(as(SUPPORT), "acme"));
        assertSame(ADMIN, Guard.adminOrSupport(as(ADMIN), "acme"));
        assertThrows(NotPermittedException.class, () -> Guard.adminOrSupport(as(ADMIN), "other"));
        assertThrows(NotPermittedException.class, () -> Guard.adminOrSupport(as(USER), "acme"));
    }

    @Test
    void selfServiceIsOpenOnlyToAPortalUserOfThatTenant() {
        assertSame(USER, Guard.user(as(USER), "acme"));
        assertThrows(NotPermittedException.class, () -> Guard.user(as(USER), "other"));
        assertThrows(NotPermittedException.class, () -> Guard.user(as(ADMIN), "acme"));
        assertThrows(NotPermittedException.class, () -> Guard.user(as(SUPPORT), "acme"));
    }

    @Test
    void anAdminGuardIsNotFooledByTheCaseOfTheTenantId() {
        assertThrows(NotPermittedException.class, () -> Guard.admin(as(ADMIN), "ACME"));
    }

    @Test
    void aMissingServiceIsUnavailableNamingThePart() {
        TemporarilyUnavailableException e = assertThrows(TemporarilyUnavailableException.class,
            () -> Guard.need(null, "profile"));
        assertTrue(e.getMessage().contains("profile"), e.getMessage());
        assertEquals("unavailable", e.kind());
        Object service = new Object();
        assertSame(service, Guard.need(service, "profile"));
    }

    @Test
    void theActorIsRoleAndLogin() {
        assertEquals("admin:boss@acme.de", Guard.actor(ADMIN));
        assertEquals("support:support", Guard.actor(SUPPORT));
    }

    @Test
    void theCallerContextAnswersLikeAContainerSecurityContext() {
        CallerContext context = new CallerContext(ADMIN, true);
        assertEquals("boss@acme.de", context.getUserPrincipal().getName());
        assertTrue(context.isUserInRole("ADMIN"));
        assertFalse(context.isUserInRole("SUPPORT"));
        assertTrue(context.isSecure());
        assertEquals(SecurityContext.BASIC_AUTH, context.getAuthenticationScheme());
    }
}
