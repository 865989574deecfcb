package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.collab.api.accounts.Principal;
import dev.collab.api.accounts.Role;
import dev.collab.profiles.internal.persistence.Database;
import dev.collab.profiles.internal.persistence.TestDatabase;

/** The built-in, tenant-less support account; a fresh database per test, as it is global. */
class SupportAccountTest {
    @TempDir
    Path dataDir;
    Database db;
    TenantServiceImpl tenants;
    AccountServiceImpl accounts;

    @BeforeEach
    void open() {
        db = TestDatabase.open(dataDir);
        tenants = new TenantServiceImpl(db, new AccessModel(db));
        accounts = new AccountServiceImpl(AccountServiceImplTest.fastConfig(), db, tenants);
    }

    @AfterEach
    void close() {
        TestDatabase.close(db);
    }

    @Test
    void withoutAPasswordTheFirstCallGeneratesOneThatLogsInAsSupport() {
        String generated = accounts.ensureSupportAccount(null).orElseThrow();
        assertTrue(generated.length() >= 20, generated);
        assertTrue(generated.matches("[A-Za-z0-9_-]+"), generated);

        Principal support = accounts.verify(null, "support", generated.toCharArray()).orElseThrow();
        assertEquals(Role.SUPPORT, support.role());
        assertEquals("support", support.name());
        assertEquals(null, support.tenantId());
        assertTrue(accounts.verify(null, "support", "not the generated one".toCharArray()).isEmpty());
    }

    @Test
    void withoutAPasswordLaterCallsKeepTheGeneratedPassword() {
        String generated = accounts.ensureSupportAccount(null).orElseThrow();
        assertEquals(Optional.empty(), accounts.ensureSupportAccount(null));
        accounts.deactivate();
        assertEquals(Optional.empty(), new AccountServiceImpl(AccountServiceImplTest.fastConfig(), db, tenants)
            .ensureSupportAccount(null));
        assertTrue(accounts.verify(null, "support", generated.toCharArray()).isPresent());
    }

    @Test
    void anExplicitPasswordReplacesTheGeneratedOneEvenWhileItIsRemembered() {
        String generated = accounts.ensureSupportAccount(null).orElseThrow();
        // remembered in the verified-login cache now
        assertTrue(accounts.verify(null, "support", generated.toCharArray()).isPresent());

        assertEquals(Optional.empty(), accounts.ensureSupportAccount("configured support secret".toCharArray()));
        assertTrue(accounts.verify(null, "support", generated.toCharArray()).isEmpty());
        assertTrue(accounts.verify(null, "support", "configured support secret".toCharArray()).isPresent());

        // the same password again changes nothing; null afterwards does not regenerate
        assertEquals(Optional.empty(), accounts.ensureSupportAccount("configured support secret".toCharArray()));
        assertEquals(Optional.empty(), accounts.ensureSupportAccount(null));
        assertTrue(accounts.verify(null, "support", "configured support secret".toCharArray()).isPresent());
    }

    @Test
    void anExplicitPasswordOnTheFirstCallCreatesTheAccountWithoutGeneratingOne() {
        assertEquals(Optional.empty(), accounts.ensureSupportAccount("configured support secret".toCharArray()));
        assertEquals(Role.SUPPORT,
            accounts.verify(null, "support", "configured support secret".toCharArray()).orElseThrow().role());
    }

    @Test
    void theSupportAccountBelongsToNoTenant() {
        tenants.put("acme", "Acme", "support");
        String generated = accounts.ensureSupportAccount(null).orElseThrow();
        assertTrue(accounts.verify("acme", "support", generated.toCharArray()).isEmpty());
    }

    @Test
    void aTenantAdminCalledSupportIsNotTheSupportAccount() {
        // "support" is not an e-mail, so no tenant account can take that login
        tenants.put("acme", "Acme", "support");
        String generated = accounts.ensureSupportAccount(null).orElseThrow();
        assertTrue(accounts.verify("acme", "SUPPORT", generated.toCharArray()).isEmpty());
    }

    @Test
    void aSupportPasswordThatCouldNeverLogInIsRefused() {
        char[] tooLong = "s".repeat(201).toCharArray();
        try {
            accounts.ensureSupportAccount(tooLong);
        } catch (RuntimeException refused) {
            return;
        }
        assertTrue(accounts.verify(null, "support", "s".repeat(201).toCharArray()).isPresent(),
            "the configured support password was stored but can never log in");
    }

    @Test
    void aGivenPasswordSignsInAtOnceAndItsHashIsStoredForTheNextStartWithoutOne() {
        assertEquals(Optional.empty(), accounts.ensureSupportAccount("configured support secret".toCharArray()));
        assertEquals(null, storedHash(), "no slow hash on the start's path");
        assertTrue(accounts.verify(null, "support", "configured support secret".toCharArray()).isPresent());
        assertTrue(accounts.verify(null, "support", "another support secret".toCharArray()).isEmpty());

        accounts.storeSupportHash();
        String stored = storedHash();
        assertTrue(stored != null && stored.startsWith("pbkdf2-sha256"), stored);
        AccountServiceImpl next = new AccountServiceImpl(AccountServiceImplTest.fastConfig(), db, tenants);
        assertEquals(Optional.empty(), next.ensureSupportAccount(null));
        assertTrue(next.verify(null, "support", "configured support secret".toCharArray()).isPresent());
    }

    @Test
    void theSamePasswordAtTheNextStartLeavesTheStoredHashAsItIs() {
        accounts.ensureSupportAccount("configured support secret".toCharArray());
        accounts.deactivate();
        String stored = storedHash();

        AccountServiceImpl next = new AccountServiceImpl(AccountServiceImplTest.fastConfig(), db, tenants);
        next.ensureSupportAccount("configured support secret".toCharArray());
        next.deactivate();
        assertEquals(stored, storedHash());
    }

    @Test
    void aNewPasswordAtTheNextStartReplacesTheOldOneAtOnce() {
        accounts.ensureSupportAccount("configured support secret".toCharArray());
        accounts.deactivate();

        AccountServiceImpl next = new AccountServiceImpl(AccountServiceImplTest.fastConfig(), db, tenants);
        next.ensureSupportAccount("the new support secret".toCharArray());
        assertTrue(next.verify(null, "support", "configured support secret".toCharArray()).isEmpty(),
            "the old password must not work while the new one's hash is not stored yet");
        assertTrue(next.verify(null, "support", "the new support secret".toCharArray()).isPresent());
        next.deactivate();
        AccountServiceImpl third = new AccountServiceImpl(AccountServiceImplTest.fastConfig(), db, tenants);
        assertTrue(third.verify(null, "support", "the new support secret".toCharArray()).isPresent());
    }

    @Test
    void aPasswordChangedBeforeTheStartsPasswordIsStoredWins() {
        accounts.ensureSupportAccount("configured support secret".toCharArray());
        Principal support = accounts.verify(null, "support", "configured support secret".toCharArray()).orElseThrow();
        accounts.changePassword(null, support.accountId(), "configured support secret".toCharArray(), "changed on the screen".toCharArray());

        accounts.storeSupportHash();
        assertTrue(accounts.verify(null, "support", "configured support secret".toCharArray()).isEmpty());
        assertTrue(accounts.verify(null, "support", "changed on the screen".toCharArray()).isPresent());
    }

    @Test
    void aGeneratedPasswordIsStoredAtOnceSoThatAStartEndingAbruptlyKeepsIt() {
        String generated = accounts.ensureSupportAccount(null).orElseThrow();
        assertTrue(storedHash() != null, "the generated password's hash is stored before it is shown");
        // killed: no deactivate
        AccountServiceImpl next = new AccountServiceImpl(AccountServiceImplTest.fastConfig(), db, tenants);
        assertEquals(Optional.empty(), next.ensureSupportAccount(null));
        assertTrue(next.verify(null, "support", generated.toCharArray()).isPresent());
    }

    @Test
    void aGivenPasswordsStartThatEndedBeforeStoringItsHashKeepsTheOneBefore() {
        accounts.ensureSupportAccount("configured support secret".toCharArray());
        accounts.deactivate();
        AccountServiceImpl killed = new AccountServiceImpl(AccountServiceImplTest.fastConfig(), db, tenants);
        killed.ensureSupportAccount("a newer support secret".toCharArray());
        // killed: no deactivate; the next start without a password keeps the last stored one
        AccountServiceImpl next = new AccountServiceImpl(AccountServiceImplTest.fastConfig(), db, tenants);
        assertEquals(Optional.empty(), next.ensureSupportAccount(null));
        assertTrue(next.verify(null, "support", "configured support secret".toCharArray()).isPresent());
    }

    private String storedHash() {
        return accounts.find("", "support").orElseThrow().passwordHash;
    }
}
