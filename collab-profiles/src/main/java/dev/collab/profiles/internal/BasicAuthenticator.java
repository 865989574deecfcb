package dev.collab.profiles.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.collab.api.accounts.Authenticator;
import dev.collab.api.accounts.Credentials;
import dev.collab.api.accounts.Principal;

/**
 * The embedded default login: HTTP Basic against the suite's stored accounts. The login
 * {@code support} is the tenant-less support account; any other login is an e-mail of the
 * tenant named in the path. At the lowest ranking, so that any host authenticator wins.
 * It lives beside the accounts rather than in the REST bundle so that every front end (the REST
 * API, the web sign-in) signs in the same way, with the same throttling, whichever is deployed.
 * Throttled sign-ins surface as {@link dev.collab.api.TooManyAttemptsException}, busy hashing
 * as {@link dev.collab.api.TemporarilyUnavailableException}: both front ends answer them.
 */
@Component(service = Authenticator.class, property = Constants.SERVICE_RANKING + ":Integer=" + Integer.MIN_VALUE)
public final class BasicAuthenticator implements Authenticator {
    private static final String SUPPORT = "support";
    private final AccountServiceImpl accounts;

    @Activate
    public BasicAuthenticator(@Reference AccountServiceImpl accounts) {
        this.accounts = accounts;
    }

    @Override
    public Optional<Principal> authenticate(Credentials credentials) {
        String header = credentials.authorization();
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String pair = new String(decoded, StandardCharsets.UTF_8);
        Arrays.fill(decoded, (byte) 0);
        int colon = pair.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String login = pair.substring(0, colon);
        char[] password = pair.substring(colon + 1).toCharArray();
        try {
            if (SUPPORT.equals(login)) {
                return accounts.verify(null, SUPPORT, password, credentials.clientAddress());
            }
            if (credentials.tenantId() == null) {
                return Optional.empty();
            }
            return accounts.verify(credentials.tenantId(), login, password, credentials.clientAddress());
        } finally {
            Arrays.fill(password, '\0');
        }
    }
}
