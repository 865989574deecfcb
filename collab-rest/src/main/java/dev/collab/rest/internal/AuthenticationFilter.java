package dev.collab.rest.internal;

import java.util.Optional;

import javax.annotation.Priority;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.collab.api.TemporarilyUnavailableException;
import dev.collab.api.accounts.ActivityRecorder;
import dev.collab.api.accounts.Authenticator;
import dev.collab.api.accounts.Credentials;
import dev.collab.api.accounts.Principal;

/**
 * Asks the highest-ranked {@link Authenticator} who the caller is. The operations endpoints
 * ({@code /health}, {@code /openapi.json}) need no authentication and ignore any credentials
 * sent to them. Every path under {@code /tenants/{tenantId}} needs a caller: a request without
 * credentials is refused here with 401, before its body is read (so an anonymous client cannot
 * make the container parse a large body). Elsewhere (the invitation endpoints, whose token is
 * the credential) a request without credentials passes on anonymously. Credentials that do
 * not check out are refused with 401. Runs after matching, so that the tenant of the path is
 * known: accounts belong to one tenant. Each authenticated caller is reported to the
 * {@link ActivityRecorder}, when there is one, for the delegates overview's "last active".
 */
@Component(service = AuthenticationFilter.class)
@Priority(Priorities.AUTHENTICATION)
public final class AuthenticationFilter implements ContainerRequestFilter {
    private static final Logger LOG = LoggerFactory.getLogger(AuthenticationFilter.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY)
    volatile Authenticator authenticator;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY)
    volatile ActivityRecorder activity;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        if (isOperations(request.getUriInfo().getPath())) {
            return;
        }
        String tenantId = request.getUriInfo().getPathParameters().getFirst("tenantId");
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null) {
            if (tenantId != null) {
                throw new NotAuthorizedException("Basic realm=\"collab\"");
            }
            return;
        }
        Authenticator current = authenticator;
        if (current == null) {
            throw new TemporarilyUnavailableException("unavailable.authentication", "Authentication is not available right now; retry shortly.");
        }
        String address = servletRequest == null ? null : servletRequest.getRemoteAddr();
        Optional<Principal> principal = current.authenticate(new Credentials(tenantId, authorization, address));
        if (principal.isEmpty()) {
            throw new NotAuthorizedException("Basic realm=\"collab\"");
        }
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        request.setSecurityContext(new CallerContext(principal.get(), secure));
        recordActivity(principal.get());
    }

    /** The endpoints of operations, open to anyone (API.md): credentials sent there are ignored. */
    static boolean isOperations(String path) {
        if (path == null) {
            return false;
        }
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return "health".equals(p) || "openapi.json".equals(p);
    }

    /** Never fails the request: the activity is a convenience of the overview. */
    private void recordActivity(Principal caller) {
        ActivityRecorder recorder = activity;
        if (recorder == null) {
            return;
        }
        try {
            recorder.active(caller);
        } catch (RuntimeException e) {
            LOG.warn("Recording the activity of {} failed", caller.name(), e);
        }
    }

    /** The authenticated caller, as resources see it through {@link SecurityContext}. */
    record CallerContext(Principal caller, boolean secure) implements SecurityContext {
        @Override
        public java.security.Principal getUserPrincipal() {
            return caller::name;
        }

        @Override
        public boolean isUserInRole(String role) {
            return caller.role().name().equals(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return SecurityContext.BASIC_AUTH;
        }
    }
}
