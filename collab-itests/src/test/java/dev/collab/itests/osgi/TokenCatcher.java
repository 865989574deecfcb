package dev.collab.itests.osgi;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import dev.collab.api.invitations.InvitationIssued;
import dev.collab.api.invitations.InvitationSink;

/**
 * Receives raw invitation tokens in-process, as the mailing bundle does: the only way a token
 * leaves the core besides the mail itself. Kept apart from the test class so that the suite's
 * API types are only loaded once the API bundle is there.
 */
final class TokenCatcher implements InvitationSink {
    private final Map<String, String> latestByEmail = new ConcurrentHashMap<>();
    private ServiceRegistration<InvitationSink> registration;

    static TokenCatcher register(BundleContext context) {
        TokenCatcher catcher = new TokenCatcher();
        catcher.registration = context.registerService(InvitationSink.class, catcher, null);
        return catcher;
    }

    @Override
    public void issued(InvitationIssued invitation) {
        latestByEmail.put(invitation.email().toLowerCase(), invitation.token());
    }

    String token(String email) {
        String token = latestByEmail.get(email.toLowerCase());
        if (token == null) {
            throw new AssertionError("No invitation token was issued for " + email);
        }
        return token;
    }

    void close() {
        registration.unregister();
    }
}
