package dev.collab.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MultivaluedHashMap;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.collab.api.TemporarilyUnavailableException;
import dev.collab.api.TooManyAttemptsException;
import dev.collab.api.accounts.Credentials;
import dev.collab.api.accounts.Principal;
import dev.collab.api.accounts.Role;
import dev.collab.rest.internal.AuthenticationFilter.CallerContext;

/** The request filter, over a request stand-in that answers only what the filter asks. */
class AuthenticationFilterTest {
    private static final Principal ADMIN = new Principal("a1", "acme", "boss@acme.de", Role.ADMIN);

    private final AuthenticationFilter filter = new AuthenticationFilter();
    private final List<Credentials> presented = new ArrayList<>();

    @BeforeAll
    static void runtime() {
        TestRuntimeDelegate.install();
    }

    /** A request with an Authorization header (or none), a path tenant (or none), and a secure flag. */
    private static final class Request {
        final String authorization;
        final MultivaluedMap<String, String> pathParameters = new MultivaluedHashMap<>();
        final String path;
        SecurityContext context;

        Request(String authorization, String tenantId, boolean secure) {
            this(authorization, tenantId, secure, tenantId == null ? "invitations/t" : "tenants/" + tenantId + "/grants");
        }

        Request(String authorization, String tenantId, boolean secure, String path) {
            this.authorization = authorization;
            this.path = path;
            if (tenantId != null) {
                pathParameters.putSingle("tenantId", tenantId);
            }
            this.context = new CallerContext(new Principal("x", null, "container", Role.USER), secure);
        }

        ContainerRequestContext proxy() {
            UriInfo uri = (UriInfo) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {UriInfo.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getPathParameters" -> pathParameters;
                    case "getPath" -> path;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
            return (ContainerRequestContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (p, m, a) -> switch (m.getName()) {
                    case "getHeaderString" -> HttpHeaders.AUTHORIZATION.equalsIgnoreCase((String) a[0]) ? authorization : null;
                    case "getUriInfo" -> uri;
                    case "getSecurityContext" -> context;
                    case "setSecurityContext" -> {
                        context = (SecurityContext) a[0];
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        }
    }

    private void authenticateAs(Principal principal) {
        filter.authenticator = credentials -> {
            presented.add(credentials);
            return Optional.ofNullable(principal);
        };
    }

    @Test
    void aRequestWithoutCredentialsOutsideTenantsPassesOnAnonymously() {
        authenticateAs(ADMIN);
        Request request = new Request(null, null, false);
        SecurityContext before = request.context;
        filter.filter(request.proxy());
        assertEquals(before, request.context);
        assertTrue(presented.isEmpty());
    }

    @Test
    void aTenantPathWithoutCredentialsIsRefusedBeforeItsBodyIsRead() {
        authenticateAs(ADMIN);
        NotAuthorizedException e = assertThrows(NotAuthorizedException.class,
            () -> filter.filter(new Request(null, "acme", false).proxy()));
        assertEquals(401, e.getResponse().getStatus());
        assertTrue(presented.isEmpty());
    }

    @Test
    void aRequestWithoutCredentialsPassesEvenWhileNoAuthenticatorIsThere() {
        filter.authenticator = null;
        filter.filter(new Request(null, null, false).proxy());
    }

    @Test
    void healthAndOpenApiIgnoreAnyCredentials() {
        authenticateAs(null);
        for (String path : List.of("health", "/health", "openapi.json", "health/")) {
            Request request = new Request("Basic d3Jvbmc6d3Jvbmc=", null, false, path);
            SecurityContext before = request.context;
            filter.filter(request.proxy());
            assertEquals(before, request.context);
        }
        assertTrue(presented.isEmpty());
        filter.authenticator = null;
        filter.filter(new Request("Basic abc", null, false, "health").proxy());
    }

    @Test
    void validCredentialsMakeThePrincipalTheCaller() {
        authenticateAs(ADMIN);
        Request request = new Request("Basic abc", "acme", true);
        filter.filter(request.proxy());
        assertEquals(new CallerContext(ADMIN, true), request.context);
        assertEquals(List.of(new Credentials("acme", "Basic abc", null)), presented);
    }

    @Test
    void theTenantIsNullOutsideATenantPath() {
        authenticateAs(ADMIN);
        Request request = new Request("Basic abc", null, false);
        filter.filter(request.proxy());
        assertNull(presented.get(0).tenantId());
        assertFalse(request.context.isSecure());
    }

    @Test
    void credentialsThatDoNotCheckOutAreRefusedWith401() {
        authenticateAs(null);
        Request request = new Request("Basic wrong", "acme", false);
        NotAuthorizedException e = assertThrows(NotAuthorizedException.class, () -> filter.filter(request.proxy()));
        assertEquals(401, e.getResponse().getStatus());
        assertFalse(request.context.getUserPrincipal().getName().equals(ADMIN.name()));
    }

    @Test
    void anAuthenticatedCallerIsRecordedAsActive() {
        List<Principal> active = new ArrayList<>();
        filter.activity = active::add;
        authenticateAs(ADMIN);
        filter.filter(new Request("Basic abc", "acme", false).proxy());
        assertEquals(List.of(ADMIN), active);
    }

    @Test
    void anonymousAndRefusedRequestsAreNotRecordedAsActive() {
        List<Principal> active = new ArrayList<>();
        filter.activity = active::add;
        authenticateAs(null);
        filter.filter(new Request(null, null, false).proxy());
        assertThrows(NotAuthorizedException.class, () -> filter.filter(new Request("Basic x", "acme", false).proxy()));
        assertTrue(active.isEmpty());
    }

    @Test
    void aFailingActivityRecorderDoesNotFailTheRequest() {
        filter.activity = principal -> {
            throw new IllegalStateException("database down");
        };
        authenticateAs(ADMIN);
        Request request = new Request("Basic abc", "acme", false);
        filter.filter(request.proxy());
        assertEquals(new CallerContext(ADMIN, false), request.context);
    }

    @Test
    void withoutAnActivityRecorderTheRequestStillPasses() {
        filter.activity = null;
        authenticateAs(ADMIN);
        Request request = new Request("Basic abc", "acme", false);
        filter.filter(request.proxy());
        assertEquals(new CallerContext(ADMIN, false), request.context);
    }

    @Test
    void credentialsWhileNoAuthenticatorIsThereAreUnavailableNotAccepted() {
        filter.authenticator = null;
        assertThrows(TemporarilyUnavailableException.class, () -> filter.filter(new Request("Basic abc", "acme", false).proxy()));
    }

    @Test
    void aThrottledSignInReachesTheProblemMapperAs429WithRetryAfter() {
        filter.authenticator = credentials -> {
            throw new TooManyAttemptsException("Too many failed sign-ins; try again in 4 seconds.", 4);
        };
        TooManyAttemptsException thrown = assertThrows(TooManyAttemptsException.class,
            () -> filter.filter(new Request("Basic abc", "acme", false).proxy()));
        Response response = new ProblemMapper().toResponse(thrown);
        assertEquals(429, response.getStatus());
        assertEquals("4", response.getHeaderString(HttpHeaders.RETRY_AFTER));
    }
}
