package dev.collab.rest.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.collab.api.accounts.Account;
import dev.collab.api.accounts.AccountService;
import dev.collab.api.accounts.Credentials;
import dev.collab.api.accounts.Principal;
import dev.collab.api.accounts.Role;

/** HTTP Basic parsing, against a map-backed stand-in of the {@link AccountService} API. */
class BasicAuthenticatorTest {
    private static final Principal SUPPORT = new Principal("s1", null, "support", Role.SUPPORT);
    private static final Principal ADMIN = new Principal("a1", "acme", "boss@acme.de", Role.ADMIN);

    /** Accounts by "tenant|login" with their password; records every check and the array it was given. */
    private static class Accounts implements AccountService {
        final Map<String, String> passwords = new HashMap<>();
        final Map<String, Principal> principals = new HashMap<>();
        final List<String> checks = new ArrayList<>();
        final List<char[]> handedIn = new ArrayList<>();
        final List<String> seenPasswords = new ArrayList<>();

        void add(Principal principal, String password) {
            String key = principal.tenantId() + "|" + principal.name();
            passwords.put(key, password);
            principals.put(key, principal);
        }

        @Override
        public Optional<Principal> verify(String tenantId, String login, char[] password) {
            String key = tenantId + "|" + login;
            checks.add(key);
            handedIn.add(password);
            seenPasswords.add(new String(password));
            return new String(password).equals(passwords.get(key)) ? Optional.of(principals.get(key)) : Optional.empty();
        }

        @Override
        public Account createAdmin(String tenantId, String email, char[] password, String actor) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> ensureSupportAccount(char[] password) {
            throw new UnsupportedOperationException();
        }
    }

    private final Accounts accounts = new Accounts();
    private final BasicAuthenticator authenticator = new BasicAuthenticator(accounts);

    {
        accounts.add(SUPPORT, "support secret");
        accounts.add(ADMIN, "admin secret");
    }

    private static String basic(String pair) {
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private Optional<Principal> authenticate(String tenantId, String header) {
        return authenticator.authenticate(new Credentials(tenantId, header, "127.0.0.1"));
    }

    @Test
    void anAdminLogsInToTheTenantOfThePath() {
        assertEquals(Optional.of(ADMIN), authenticate("acme", basic("boss@acme.de:admin secret")));
        assertEquals(List.of("acme|boss@acme.de"), accounts.checks);
    }

    @Test
    void theSchemeNameIsCaseInsensitive() {
        assertEquals(Optional.of(ADMIN), authenticate("acme", basic("boss@acme.de:admin secret").replace("Basic", "bAsIc")));
    }

    @Test
    void supportLogsInWithoutTenantAlsoOnATenantPath() {
        assertEquals(Optional.of(SUPPORT), authenticate(null, basic("support:support secret")));
        assertEquals(Optional.of(SUPPORT), authenticate("acme", basic("support:support secret")));
        assertEquals(List.of("null|support", "null|support"), accounts.checks);
    }

    @Test
    void anyOtherLoginNeedsATenant() {
        assertEquals(Optional.empty(), authenticate(null, basic("boss@acme.de:admin secret")));
        assertEquals(List.of(), accounts.checks);
    }

    @Test
    void anAdminIsCheckedAgainstTheTenantOfThePathOnly() {
        assertEquals(Optional.empty(), authenticate("other", basic("boss@acme.de:admin secret")));
        assertEquals(List.of("other|boss@acme.de"), accounts.checks);
    }

    @Test
    void aWrongPasswordIsRefused() {
        assertEquals(Optional.empty(), authenticate("acme", basic("boss@acme.de:wrong")));
    }

    @Test
    void aPasswordMayContainColons() {
        accounts.add(ADMIN, "a:b:c:");
        assertEquals(Optional.of(ADMIN), authenticate("acme", basic("boss@acme.de:a:b:c:")));
        assertEquals(List.of("a:b:c:"), accounts.seenPasswords);
    }

    @Test
    void anEmptyPasswordIsPassedOnForTheAccountsToRefuse() {
        assertEquals(Optional.empty(), authenticate("acme", basic("boss@acme.de:")));
        assertEquals(List.of(""), accounts.seenPasswords);
    }

    @Test
    void theCredentialsAreDecodedAsUtf8() {
        accounts.add(new Principal("a2", "acme", "jürgen@acme.de", Role.ADMIN), "pässwörd ñ €");
        assertEquals("a2", authenticate("acme", basic("jürgen@acme.de:pässwörd ñ €")).orElseThrow().accountId());
    }

    @Test
    void thePasswordArrayIsWipedAfterTheCheck() {
        authenticate("acme", basic("boss@acme.de:admin secret"));
        authenticate(null, basic("support:wrong password"));
        assertEquals(2, accounts.handedIn.size());
        assertArrayEquals(new char["admin secret".length()], accounts.handedIn.get(0));
        assertArrayEquals(new char["wrong password".length()], accounts.handedIn.get(1));
    }

    @Test
    void thePasswordArrayIsWipedAlsoWhenTheCheckFails() {
        AccountService failing = new Accounts() {
            @Override
            public Optional<Principal> verify(String tenantId, String login, char[] password) {
                handedIn.add(password);
                throw new IllegalStateException("database down");
            }
        };
        Accounts recorder = (Accounts) failing;
        try {
            new BasicAuthenticator(failing).authenticate(new Credentials("acme", basic("boss@acme.de:secret"), null));
        } catch (IllegalStateException expected) {
            // the failure is the caller's to handle
        }
        assertArrayEquals(new char["secret".length()], recorder.handedIn.get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Basic", "Basic ", "Bearer abc.def.ghi", "Digest username=\"boss\"",
        "Basic !!!not-base64!!!", "BasicYm9zczpwdw=="})
    void aMissingOrGarbledHeaderIsNoLogin(String header) {
        assertEquals(Optional.empty(), authenticate("acme", header));
        assertEquals(List.of(), accounts.checks);
    }

    @Test
    void noHeaderIsNoLogin() {
        assertEquals(Optional.empty(), authenticate("acme", null));
        assertEquals(List.of(), accounts.checks);
    }

    @ParameterizedTest
    @ValueSource(strings = {"no colon at all", ":password without login", ""})
    void aPairWithoutLoginIsNoLogin(String pair) {
        assertEquals(Optional.empty(), authenticate("acme", basic(pair)));
        assertEquals(List.of(), accounts.checks);
    }

    @Test
    void supportIsMatchedExactly() {
        // "Support" is an ordinary login, which needs the tenant of the path
        assertEquals(Optional.empty(), authenticate(null, basic("Support:support secret")));
        assertTrue(accounts.checks.isEmpty());
    }
}
