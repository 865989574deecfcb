package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.persistence.EntityManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;

import dev.collab.api.ConflictException;
import dev.collab.api.NotPermittedException;
import dev.collab.api.TemporarilyUnavailableException;
import dev.collab.api.TooManyAttemptsException;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.audit.AuditEntry;
import dev.collab.profiles.internal.entities.AccountEntity;
import dev.collab.profiles.internal.persistence.Database;
import dev.collab.profiles.internal.persistence.TestDatabase;

/** Changing one's password, the sign-in throttle and the bounded hashing, on a real Derby. */
class AccountPasswordTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String PASSWORD = "a long enough secret";
    private static final String NEW_PASSWORD = "another long secret";

    @TempDir
    static Path dataDir;
    static Database db;
    static TenantServiceImpl tenants;
    static AuditLogImpl audit;
    private final AtomicLong now = new AtomicLong(System.currentTimeMillis());
    private final AccountServiceImpl accounts = new AccountServiceImpl(AccountServiceImplTest.fastConfig(), db, tenants, now::get);

    @BeforeAll
    static void open() {
        db = TestDatabase.open(dataDir);
        tenants = new TenantServiceImpl(db, new AccessModel(db));
        audit = new AuditLogImpl(db, tenants);
    }

    @AfterAll
    static void close() {
        TestDatabase.close(db);
    }

    private static String newTenant() {
        String id = "pw-" + SEQUENCE.incrementAndGet();
        tenants.put(id, "Broker " + id, "support");
        return id;
    }

    @Test
    void changingThePasswordChecksTheCurrentOneFirstAppliesTheRulesAndIsAudited() {
        String t = newTenant();
        String id = accounts.createAdmin(t, "boss@broker.de", PASSWORD.toCharArray(), "support").id();
        assertTrue(accounts.verify(t, "boss@broker.de", PASSWORD.toCharArray()).isPresent());

        assertThrows(NotPermittedException.class, () -> accounts.changePassword(t, id, "not the password".toCharArray(), "short".toCharArray()));
        ValidationException invalid = assertThrows(ValidationException.class,
            () -> accounts.changePassword(t, id, PASSWORD.toCharArray(), "short".toCharArray()));
        assertEquals("newPassword", invalid.errors().get(0).field());

        accounts.changePassword(t, id, PASSWORD.toCharArray(), NEW_PASSWORD.toCharArray());
        // the remembered check of the old password is gone at once
        assertTrue(accounts.verify(t, "boss@broker.de", PASSWORD.toCharArray()).isEmpty());
        assertTrue(accounts.verify(t, "boss@broker.de", NEW_PASSWORD.toCharArray()).isPresent());
        List<AuditEntry> entries = audit.entries(t, 0, 100);
        assertTrue(entries.stream().anyMatch(e -> e.action().equals("password.changed") && e.actor().equals("admin:boss@broker.de")),
            entries.toString());
    }

    @Test
    void anAccountOfAnotherTenantIsNotFound() {
        String t = newTenant();
        String id = accounts.createAdmin(t, "boss@broker.de", PASSWORD.toCharArray(), "support").id();
        assertThrows(UnknownResourceException.class, () -> accounts.changePassword(newTenant(), id, PASSWORD.toCharArray(), NEW_PASSWORD.toCharArray()));
        assertThrows(UnknownResourceException.class, () -> accounts.changePassword(null, id, PASSWORD.toCharArray(), NEW_PASSWORD.toCharArray()));
        assertThrows(UnknownResourceException.class, () -> accounts.changePassword(t, "no-such-id", PASSWORD.toCharArray(), NEW_PASSWORD.toCharArray()));
    }

    @Test
    void wrongCurrentPasswordsAreThrottledLikeSignIns() {
        String t = newTenant();
        String id = accounts.createAdmin(t, "boss@broker.de", PASSWORD.toCharArray(), "support").id();
        for (int i = 0; i < 5; i++) {
            assertThrows(NotPermittedException.class, () -> accounts.changePassword(t, id, "wrong guess!!".toCharArray(), NEW_PASSWORD.toCharArray()));
        }
        TooManyAttemptsException e = assertThrows(TooManyAttemptsException.class,
            () -> accounts.changePassword(t, id, PASSWORD.toCharArray(), NEW_PASSWORD.toCharArray()));
        now.addAndGet(e.retryAfterSeconds() * 1000);
        accounts.changePassword(t, id, PASSWORD.toCharArray(), NEW_PASSWORD.toCharArray());
    }

    @Test
    void aWrongGuessKeepsTheVictimsRememberedSignIn() {
        String t = newTenant();
        accounts.createAdmin(t, "boss@broker.de", PASSWORD.toCharArray(), "support");
        assertTrue(accounts.verify(t, "boss@broker.de", PASSWORD.toCharArray(), "10.0.0.1").isPresent());
        // from now on only the remembered check can let this password in: the stored hash is another one
        String other = accounts.hash("something else entirely".toCharArray());
        db.required(() -> new ConflictException("test.conflict", "A test write met another."), () -> {
            EntityManager em = db.em();
            em.createQuery("UPDATE AccountEntity a SET a.passwordHash = :h WHERE a.tenantKey = :t").setParameter("h", other)
                .setParameter("t", t).executeUpdate();
            return null;
        });
        assertTrue(accounts.verify(t, "boss@broker.de", "a wrong guess".toCharArray(), "10.6.6.6").isEmpty());
        assertTrue(accounts.verify(t, "boss@broker.de", PASSWORD.toCharArray(), "10.0.0.1").isPresent(),
            "the guess must not have evicted the victim's remembered check");
    }

    @Test
    void thirtyWrongPasswordsFromOneClientEndInTooManyAttemptsWhileTheRealUserStillSignsIn() {
        String t = newTenant();
        accounts.createAdmin(t, "boss@broker.de", PASSWORD.toCharArray(), "support");
        int unauthorized = 0;
        int throttled = 0;
        for (int i = 0; i < 30; i++) {
            try {
                assertTrue(accounts.verify(t, "boss@broker.de", ("guess number " + i).toCharArray(), "10.6.6.6").isEmpty());
                unauthorized++;
            } catch (TooManyAttemptsException e) {
                throttled++;
            }
        }
        assertEquals(5, unauthorized);
        assertEquals(25, throttled);
        assertTrue(accounts.verify(t, "boss@broker.de", PASSWORD.toCharArray(), "10.0.0.1").isPresent());
    }

    @Test
    void unknownLoginsAreThrottledAsWell() {
        String t = newTenant();
        for (int i = 0; i < 5; i++) {
            assertTrue(accounts.verify(t, "nobody@broker.de", PASSWORD.toCharArray(), "10.6.6.6").isEmpty());
        }
        assertThrows(TooManyAttemptsException.class, () -> accounts.verify(t, "nobody@broker.de", PASSWORD.toCharArray(), "10.6.6.6"));
    }

    @Test
    void atMostTheConfiguredNumberOfHashesRunAtOnceAndAWaitingCheckGivesUpAsBusy() throws Exception {
        PasswordHasher hasher = new PasswordHasher(1000, 1, 50);
        assertEquals(1, hasher.freeSlots());
        PasswordHasher slow = new PasswordHasher(5_000_000, 1, 50);
        CompletableFuture<String> running = CompletableFuture.supplyAsync(() -> slow.hash(PASSWORD.toCharArray()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (slow.freeSlots() > 0 && !running.isDone() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        if (!running.isDone()) {
            assertThrows(TemporarilyUnavailableException.class, () -> slow.verify(PASSWORD.toCharArray(), hasher.hash(PASSWORD.toCharArray())));
        }
        String hash = running.get(60, TimeUnit.SECONDS);
        assertEquals(1, slow.freeSlots(), "the slot is given back");
        assertTrue(slow.verify(PASSWORD.toCharArray(), hash));
    }

    @Test
    void theDefaultHashingSlotsAreHalfTheProcessorsAtLeastOne() {
        int expected = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        assertEquals(expected, new PasswordHasher(1000).freeSlots());
        AccountServiceConfiguration defaults = Converters.standardConverter().convert(Map.of()).to(AccountServiceConfiguration.class);
        assertEquals(0, defaults.maxConcurrentHashes());
        assertTrue(defaults.hashWaitMillis() > 0);
    }

    @Test
    void theSupportAccountChangesItsPasswordWithoutTenant() {
        accounts.ensureSupportAccount(PASSWORD.toCharArray());
        String id = db.supports(() -> db.em().createQuery("SELECT a FROM AccountEntity a WHERE a.tenantKey = :t", AccountEntity.class)
            .setParameter("t", AccountEntity.NO_TENANT).getResultList().get(0).id);
        accounts.changePassword(null, id, PASSWORD.toCharArray(), NEW_PASSWORD.toCharArray());
        assertTrue(accounts.verify(null, "support", NEW_PASSWORD.toCharArray()).isPresent());
        accounts.changePassword(null, id, NEW_PASSWORD.toCharArray(), PASSWORD.toCharArray());
    }

    @Test
    void parallelRequestsWithTheSameCredentialsShareOneCheckInsteadOfRunningOutOfSlots() throws Exception {
        String t = newTenant();
        // one slot, a short wait and a slow hash: without sharing, most of these would be answered "busy"
        AccountServiceImpl slow = new AccountServiceImpl(Converters.standardConverter().convert(Map.of("hashIterations", 400_000,
            "maxConcurrentHashes", 1, "hashWaitMillis", 100)).to(AccountServiceConfiguration.class), db, tenants, now::get);
        slow.createAdmin(t, "boss@broker.de", PASSWORD.toCharArray(), "support");
        int callers = 12;
        CyclicBarrier start = new CyclicBarrier(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return slow.verify(t, "boss@broker.de", PASSWORD.toCharArray(), "10.0.0.5").isPresent();
                }));
            }
            for (Future<Boolean> answer : answers) {
                assertTrue(answer.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
