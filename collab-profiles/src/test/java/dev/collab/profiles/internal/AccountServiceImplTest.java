package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;

import dev.collab.api.ConflictException;
import dev.collab.api.FieldError;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.accounts.Account;
import dev.collab.api.accounts.Principal;
import dev.collab.api.accounts.Role;
import dev.collab.profiles.internal.persistence.Database;
import dev.collab.profiles.internal.persistence.TestDatabase;

/** Admin accounts and password checks on a real embedded Derby; one fresh tenant per test. */
class AccountServiceImplTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String PASSWORD = "a long enough secret";

    @TempDir
    static Path dataDir;
    static Database db;
    static TenantServiceImpl tenants;
    static AccountServiceImpl accounts;

    @BeforeAll
    static void open() {
        db = TestDatabase.open(dataDir);
        tenants = new TenantServiceImpl(db, new AccessModel(db));
        accounts = new AccountServiceImpl(fastConfig(), db, tenants);
    }

    @AfterAll
    static void close() {
        TestDatabase.close(db);
    }

    /** The minimum work factor, so that the tests do not spend their time hashing. */
    static AccountServiceConfiguration fastConfig() {
        return Converters.standardConverter().convert(Map.of("hashIterations", 1000))
            .to(AccountServiceConfiguration.class);
    }

    private static String newTenant() {
        String id = "acc-" + SEQUENCE.incrementAndGet();
        tenants.put(id, "Broker " + id, "support");
        return id;
    }

    @Test
    void defaultWorkFactorIsAtLeast310000IterationsAndTheCacheIsOn() {
        AccountServiceConfiguration defaults = Converters.standardConverter().convert(Map.of())
            .to(AccountServiceConfiguration.class);
        assertTrue(defaults.hashIterations() >= 310_000, "hashIterations default " + defaults.hashIterations());
        assertTrue(defaults.verifiedCacheSeconds() > 0);
    }

    @Test
    void createAdminStoresTheTrimmedEmailAsAnAdminOfTheTenant() {
        String tenant = newTenant();
        Account account = accounts.createAdmin(tenant, "  Anna.Admin@Broker.de ", PASSWORD.toCharArray(), "support");
        assertNotNull(account.id());
        assertEquals(tenant, account.tenantId());
        assertEquals("Anna.Admin@Broker.de", account.email());
        assertEquals(Role.ADMIN, account.role());
    }

    @Test
    void createAdminRefusesABadEmailAndAShortPasswordNamingBothFields() {
        String tenant = newTenant();
        ValidationException e = assertThrows(ValidationException.class,
            () -> accounts.createAdmin(tenant, "not-an-email", "short".toCharArray(), "support"));
        assertEquals(List.of("email", "password"), e.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void createAdminRefusesAMissingEmailOrPassword() {
        String tenant = newTenant();
        assertEquals(List.of("email"), fields(assertThrows(ValidationException.class,
            () -> accounts.createAdmin(tenant, null, PASSWORD.toCharArray(), "support"))));
        assertEquals(List.of("password"), fields(assertThrows(ValidationException.class,
            () -> accounts.createAdmin(tenant, "a@b.de", null, "support"))));
    }

    @Test
    void createAdminRefusesAPasswordLongerThan200Characters() {
        String tenant = newTenant();
        assertEquals(List.of("password"), fields(assertThrows(ValidationException.class,
            () -> accounts.createAdmin(tenant, "a@b.de", "p".repeat(201).toCharArray(), "support"))));
        accounts.createAdmin(tenant, "a@b.de", "p".repeat(200).toCharArray(), "support");
        assertTrue(accounts.verify(tenant, "a@b.de", "p".repeat(200).toCharArray()).isPresent());
    }

    @Test
    void anEmailHasOneAccountPerTenantRegardlessOfCase() {
        String tenant = newTenant();
        accounts.createAdmin(tenant, "Admin@Broker.de", PASSWORD.toCharArray(), "support");
        assertThrows(ConflictException.class,
            () -> accounts.createAdmin(tenant, "admin@BROKER.de", "another password".toCharArray(), "support"));
        // the first account is untouched
        assertTrue(accounts.verify(tenant, "admin@broker.de", PASSWORD.toCharArray()).isPresent());
        assertTrue(accounts.verify(tenant, "admin@broker.de", "another password".toCharArray()).isEmpty());
    }

    @Test
    void theSameEmailMayHaveAnAccountInAnotherTenant() {
        String one = newTenant();
        String two = newTenant();
        Account first = accounts.createAdmin(one, "shared@broker.de", PASSWORD.toCharArray(), "support");
        Account second = accounts.createAdmin(two, "shared@broker.de", "other tenant secret".toCharArray(), "support");
        assertNotEquals(first.id(), second.id());
    }

    @Test
    void createAdminInAnUnknownTenantIsNotFound() {
        assertThrows(UnknownResourceException.class,
            () -> accounts.createAdmin("no-such-tenant", "a@b.de", PASSWORD.toCharArray(), "support"));
        assertThrows(UnknownResourceException.class,
            () -> accounts.createAdmin(null, "a@b.de", PASSWORD.toCharArray(), "support"));
    }

    @Test
    void verifyAcceptsTheRightPasswordWithTheLoginInAnyCase() {
        String tenant = newTenant();
        Account account = accounts.createAdmin(tenant, "Boss@Broker.de", PASSWORD.toCharArray(), "support");

        Principal principal = accounts.verify(tenant, "  boss@BROKER.de ", PASSWORD.toCharArray()).orElseThrow();
        assertEquals(new Principal(account.id(), tenant, "Boss@Broker.de", Role.ADMIN), principal);
    }

    @Test
    void verifyRefusesAWrongPassword() {
        String tenant = newTenant();
        accounts.createAdmin(tenant, "boss@broker.de", PASSWORD.toCharArray(), "support");
        assertTrue(accounts.verify(tenant, "boss@broker.de", "a long enough secreT".toCharArray()).isEmpty());
        assertTrue(accounts.verify(tenant, "boss@broker.de", "p".repeat(201).toCharArray()).isEmpty());
    }

    @Test
    void verifyRefusesAnEmptyPassword() {
        String tenant = newTenant();
        accounts.createAdmin(tenant, "boss@broker.de", PASSWORD.toCharArray(), "support");
        assertTrue(accounts.verify(tenant, "boss@broker.de", new char[0]).isEmpty());
        assertTrue(accounts.verify(tenant, "nobody@broker.de", new char[0]).isEmpty());
    }

    @Test
    void verifyOfAnUnknownLoginOrMissingInputIsEmpty() {
        String tenant = newTenant();
        assertTrue(accounts.verify(tenant, "nobody@broker.de", PASSWORD.toCharArray()).isEmpty());
        assertTrue(accounts.verify("no-such-tenant", "nobody@broker.de", PASSWORD.toCharArray()).isEmpty());
        assertTrue(accounts.verify(tenant, null, PASSWORD.toCharArray()).isEmpty());
        assertTrue(accounts.verify(tenant, "nobody@broker.de", null).isEmpty());
    }

    @Test
    void anAccountOfOneTenantCannotLogInToAnother() {
        String home = newTenant();
        String other = newTenant();
        accounts.createAdmin(home, "boss@broker.de", PASSWORD.toCharArray(), "support");
        assertTrue(accounts.verify(home, "boss@broker.de", PASSWORD.toCharArray()).isPresent());
        assertTrue(accounts.verify(other, "boss@broker.de", PASSWORD.toCharArray()).isEmpty());
        assertTrue(accounts.verify(null, "boss@broker.de", PASSWORD.toCharArray()).isEmpty());
    }

    @Test
    void aRememberedLoginStillRefusesAWrongPassword() {
        String tenant = newTenant();
        accounts.createAdmin(tenant, "boss@broker.de", PASSWORD.toCharArray(), "support");
        assertTrue(accounts.verify(tenant, "boss@broker.de", PASSWORD.toCharArray()).isPresent());
        assertTrue(accounts.verify(tenant, "boss@broker.de", PASSWORD.toCharArray()).isPresent());

        assertTrue(accounts.verify(tenant, "boss@broker.de", "wrong but long".toCharArray()).isEmpty());
        assertTrue(accounts.verify(tenant, "BOSS@broker.de", "wrong but long".toCharArray()).isEmpty());
        assertTrue(accounts.verify(tenant, "boss@broker.de", PASSWORD.toCharArray()).isPresent());
    }

    @Test
    void aRememberedLoginIsNotValidForAnotherTenant() {
        String home = newTenant();
        String other = newTenant();
        accounts.createAdmin(home, "boss@broker.de", PASSWORD.toCharArray(), "support");
        assertTrue(accounts.verify(home, "boss@broker.de", PASSWORD.toCharArray()).isPresent());
        assertTrue(accounts.verify(other, "boss@broker.de", PASSWORD.toCharArray()).isEmpty());
    }

    @Test
    void withTheCacheOffEveryCheckGoesToTheStoredHash() {
        String tenant = newTenant();
        AccountServiceImpl uncached = new AccountServiceImpl(Converters.standardConverter()
            .convert(Map.of("hashIterations", 1000, "verifiedCacheSeconds", 0)).to(AccountServiceConfiguration.class),
            db, tenants);
        uncached.createAdmin(tenant, "boss@broker.de", PASSWORD.toCharArray(), "support");
        assertTrue(uncached.verify(tenant, "boss@broker.de", PASSWORD.toCharArray()).isPresent());
        assertTrue(uncached.verify(tenant, "boss@broker.de", PASSWORD.toCharArray()).isPresent());
        assertTrue(uncached.verify(tenant, "boss@broker.de", "wrong but long".toCharArray()).isEmpty());
    }

    @Test
    void accountsAreSharedByServiceInstancesOverTheSameDatabase() {
        String tenant = newTenant();
        accounts.createAdmin(tenant, "boss@broker.de", PASSWORD.toCharArray(), "support");
        AccountServiceImpl restarted = new AccountServiceImpl(fastConfig(), db, tenants);
        Optional<Principal> principal = restarted.verify(tenant, "boss@broker.de", PASSWORD.toCharArray());
        assertTrue(principal.isPresent());
        assertNull(restarted.verify(tenant, "boss@broker.de", "wrong but long".toCharArray()).orElse(null));
    }

    @Test
    void aValidEmailWhoseLowerCaseIsLongerIsStoredOrRefusedCleanly() {
        String tenant = newTenant();
        String email = "\u0130".repeat(64) + "@" + "b".repeat(185) + ".com";
        assertEquals(254, email.length());
        try {
            assertEquals(email, accounts.createAdmin(tenant, email, PASSWORD.toCharArray(), "support").email());
        } catch (ValidationException refused) {
            assertEquals(List.of("email"), fields(refused));
        }
    }

    private static List<String> fields(ValidationException e) {
        return e.errors().stream().map(FieldError::field).toList();
    }
}
