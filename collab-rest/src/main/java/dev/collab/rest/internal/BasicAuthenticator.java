package dev.collab.rest.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.collab.api.accounts.AccountService;
import dev.collab.api.accounts.Authenticator;
import dev.collab.api.accounts.Credentials;
import dev.collab.api.accounts.Principal;

/**
 * The embedded default login: HTTP Basic against the suite's stored accounts. The login
 * {@code support} is the tenant-less support account; any other login is an e-mail of the
 * tenant named in the path. At the lowest ranking, so that any host authenticator wins.
 */
@Component(property = Constants.SERVICE_RANKING + ":Integer=" + Integer.MIN_VALUE)
public final class BasicAuthenticator implements Authenticator {
    private static final String SUPPORT = "support";
    private final AccountService accounts;

    @Activate
    public BasicAuthenticator(@Reference AccountService accounts) {
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
                return accounts.verify(null, SUPPORT, password);
            }
            if (credentials.tenantId() == null) {
                return Optional.empty();
            }
            return accounts.verify(credentials.tenantId(), login, password);
        } finally {
            Arrays.fill(password, '\0');
        }
    }
}
