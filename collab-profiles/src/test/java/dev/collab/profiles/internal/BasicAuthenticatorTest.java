package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.collab.api.TooManyAttemptsException;
import dev.collab.api.accounts.Credentials;
import dev.collab.api.accounts.Principal;
import dev.collab.api.accounts.Role;
import dev.collab.profiles.internal.persistence.Database;
import dev.collab.profiles.internal.persistence.TestDatabase;

/**
 * HTTP Basic parsing and the sign-in behind it, against the real accounts on an embedded
 * Derby; each test gets a fresh account service, so that throttling starts from nothing.
 */
class BasicAuthenticatorTest {
    private static final String ADMIN_PASSWORD = "admin secret";
    private static final String SUPPORT_PASSWORD = "support secret";

    @TempDir
    static Path dataDir;
    static Database db;
    static TenantServiceImpl tenants;
    static String adminId;

    private AccountServiceImpl accounts;
    private BasicAuthenticator authenticator;

    @BeforeAll
    static void open() {
        db = TestDatabase.open(dataDir);
        tenants = new TenantServiceImpl(db, new AccessModel(db));
        tenants.put("acme", "Acme Broker", "support");
        tenants.put("other", "Other Broker", "support");
        AccountServiceImpl setup = new AccountServiceImpl(AccountServiceImplTest.fastConfig(), db, tenants);
        adminId = setup.createAdmin("acme", "boss@acme.de", ADMIN_PASSWORD.toCharArray(), "support").id();
        setup.createAdmin("acme", "juergen@acme.de", "pässwörd ñ € long".toCharArray(), "support");
        setup.ensureSupportAccount(SUPPORT_PASSWORD.toCharArray());
        // stopped, which stores the support password's hash for the instances of the tests
        setup.deactivate();
    }

    @AfterAll
    static void close() {
        TestDatabase.close(db);
    }

    @BeforeEach
    void fresh() {
        accounts = new AccountServiceImpl(AccountServiceImplTest.fastConfig(), db, tenants);
        authenticator = new BasicAuthenticator(accounts);
    }

    private static String basic(String pair) {
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private Optional<Principal> authenticate(String tenantId, String header) {
        return authenticator.authenticate(new Credentials(tenantId, header, "127.0.0.1"));
    }

    @Test
    void anAdminLogsInToTheTenantOfThePath() {
        Principal admin = authenticate("acme", basic("boss@acme.de:" + ADMIN_PASSWORD)).orElseThrow();
        assertEquals(new Principal(adminId, "acme", "boss@acme.de", Role.ADMIN), admin);
    }

    @Test
    void theSchemeNameIsCaseInsensitive() {
        assertTrue(authenticate("acme", basic("boss@acme.de:" + ADMIN_PASSWORD).replace("Basic", "bAsIc")).isPresent());
    }

    @Test
    void supportLogsInWithoutTenantAlsoOnATenantPath() {
        assertEquals(Role.SUPPORT, authenticate(null, basic("support:" + SUPPORT_PASSWORD)).orElseThrow().role());
        assertEquals(Role.SUPPORT, authenticate("acme", basic("support:" + SUPPORT_PASSWORD)).orElseThrow().role());
    }

    @Test
    void anyOtherLoginNeedsATenant() {
        assertEquals(Optional.empty(), authenticate(null, basic("boss@acme.de:" + ADMIN_PASSWORD)));
    }

    @Test
    void anAdminIsCheckedAgainstTheTenantOfThePathOnly() {
        assertEquals(Optional.empty(), authenticate("other", basic("boss@acme.de:" + ADMIN_PASSWORD)));
    }

    @Test
    void aWrongPasswordIsRefused() {
        assertEquals(Optional.empty(), authenticate("acme", basic("boss@acme.de:wrong password")));
    }

    @Test
    void aPasswordMayContainColons() {
        assertTrue(authenticate("acme", basic("a:b@acme.de:a:b:c: and more")).isEmpty(), "the login ends at the first colon");
        assertTrue(authenticate("other", basic("x@acme.de:a:b:c:")).isEmpty());
        fresh();
        accounts.createAdmin("other", "colon@acme.de", "a:b:c: secret!".toCharArray(), "support");
        assertTrue(authenticate("other", basic("colon@acme.de:a:b:c: secret!")).isPresent());
    }

    @Test
    void anEmptyPasswordIsRefused() {
        assertEquals(Optional.empty(), authenticate("acme", basic("boss@acme.de:")));
    }

    @Test
    void theCredentialsAreDecodedAsUtf8() {
        assertEquals("juergen@acme.de", authenticate("acme", basic("juergen@acme.de:pässwörd ñ € long")).orElseThrow().name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Basic", "Basic ", "Bearer abc.def.ghi", "Digest username=\"boss\"",
        "Basic !!!not-base64!!!", "BasicYm9zczpwdw=="})
    void aMissingOrGarbledHeaderIsNoLoginAndNoFailure(String header) {
        for (int i = 0; i < 30; i++) {
            assertEquals(Optional.empty(), authenticate("acme", header));
        }
        // nothing was counted against the client: it still signs in at once
        assertTrue(authenticate("acme", basic("boss@acme.de:" + ADMIN_PASSWORD)).isPresent());
    }

    @Test
    void noHeaderIsNoLogin() {
        assertEquals(Optional.empty(), authenticate("acme", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"no colon at all", ":password without login", ""})
    void aPairWithoutLoginIsNoLogin(String pair) {
        assertEquals(Optional.empty(), authenticate("acme", basic(pair)));
    }

    @Test
    void supportIsMatchedExactly() {
        // "Support" is an ordinary login, which needs the tenant of the path
        assertEquals(Optional.empty(), authenticate(null, basic("Support:" + SUPPORT_PASSWORD)));
    }

    @Test
    void repeatedWrongPasswordsAreAnsweredWithTooManyAttemptsNotEndless401() {
        int refused = 0;
        TooManyAttemptsException throttled = null;
        for (int i = 0; i < 30 && throttled == null; i++) {
            try {
                assertEquals(Optional.empty(), authenticate("acme", basic("boss@acme.de:guess " + i)));
                refused++;
            } catch (TooManyAttemptsException e) {
                throttled = e;
            }
        }
        assertEquals(5, refused, "the free failures per account");
        assertTrue(throttled.retryAfterSeconds() >= 1);
        // the same client stays throttled even with the right password, until the wait is over
        assertThrows(TooManyAttemptsException.class, () -> authenticate("acme", basic("boss@acme.de:" + ADMIN_PASSWORD)));
        // the real user at another address is not locked out
        assertTrue(authenticator.authenticate(new Credentials("acme", basic("boss@acme.de:" + ADMIN_PASSWORD), "10.0.0.7"))
            .isPresent());
    }
}
