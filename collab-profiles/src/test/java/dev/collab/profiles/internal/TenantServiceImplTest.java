package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.collab.api.FieldError;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.tenants.Tenant;
import dev.collab.api.tenants.TenantChange;
import dev.collab.profiles.internal.persistence.Database;
import dev.collab.profiles.internal.persistence.TestDatabase;

/** Tenants on a real embedded Derby; one database per class, one fresh tenant id per test. */
class TenantServiceImplTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @TempDir
    static Path dataDir;
    static Database db;
    private final TenantServiceImpl tenants = new TenantServiceImpl(db, new AccessModel(db));

    @BeforeAll
    static void open() {
        db = TestDatabase.open(dataDir);
    }

    @AfterAll
    static void close() {
        TestDatabase.close(db);
    }

    private static String newId() {
        return "tenant-" + SEQUENCE.incrementAndGet();
    }

    @Test
    void putCreatesATenantWithTheFeatureOffThenUpdatesItsName() {
        String id = newId();
        TenantChange created = tenants.put(id, "  Müller Versicherungsmakler  ", "support:support");
        assertTrue(created.created());
        assertEquals(new Tenant(id, "Müller Versicherungsmakler", false, "de", null), created.tenant());

        TenantChange updated = tenants.put(id, "Müller & Partner", "support:support");
        assertFalse(updated.created());
        assertEquals(new Tenant(id, "Müller & Partner", false, "de", null), updated.tenant());
        assertEquals(updated.tenant(), tenants.get(id));
    }

    @Test
    void tenantNamesMayContainSlashes() {
        String id = newId();
        assertEquals("Müller/Partner", tenants.put(id, "Müller/Partner", "a").tenant().name());
    }

    @Test
    void invalidIdAndBlankNameAreRefusedNamingBothFields() {
        ValidationException e = assertThrows(ValidationException.class, () -> tenants.put("bad id", "  ", "a"));
        assertEquals(List.of("tenantId", "name"), e.errors().stream().map(FieldError::field).toList());
        assertTrue(tenants.find("bad id").isEmpty());
    }

    @Test
    void nameLongerThan200CharactersIsRefused() {
        String id = newId();
        ValidationException e = assertThrows(ValidationException.class, () -> tenants.put(id, "n".repeat(201), "a"));
        assertEquals(List.of("name"), e.errors().stream().map(FieldError::field).toList());
        assertTrue(tenants.find(id).isEmpty());
        assertEquals(200, tenants.put(id, "n".repeat(200), "a").tenant().name().length());
    }

    @Test
    void tenantIdOf64CharactersIsStored() {
        String id = ("x" + SEQUENCE.incrementAndGet() + "-").repeat(30).substring(0, 64);
        assertTrue(tenants.put(id, "Long", "a").created());
        assertEquals(id, tenants.get(id).id());
    }

    @Test
    void getOfAnUnknownTenantIsNotFound() {
        assertThrows(UnknownResourceException.class, () -> tenants.get("nobody-here"));
        assertThrows(UnknownResourceException.class, () -> tenants.get("not a valid id"));
        assertThrows(UnknownResourceException.class, () -> tenants.get(null));
        assertTrue(tenants.find("nobody-here").isEmpty());
    }

    @Test
    void delegatedAccessCanBeSwitchedOnAndOffAndIsPersisted() {
        String id = newId();
        tenants.put(id, "Broker", "a");

        assertTrue(tenants.setDelegatedAccess(id, true, "support").delegatedAccess());
        assertTrue(new TenantServiceImpl(db, new AccessModel(db)).get(id).delegatedAccess());

        assertFalse(tenants.setDelegatedAccess(id, false, "support").delegatedAccess());
        assertFalse(new TenantServiceImpl(db, new AccessModel(db)).get(id).delegatedAccess());
    }

    @Test
    void renamingATenantKeepsItsFeatureSwitch() {
        String id = newId();
        tenants.put(id, "Broker", "a");
        tenants.setDelegatedAccess(id, true, "support");
        assertEquals(new Tenant(id, "Renamed", true, "de", null), tenants.put(id, "Renamed", "a").tenant());
    }

    @Test
    void aTenantShowsTimesInEuropeBerlinUntilSupportChoosesAnotherZone() {
        String id = newId();
        assertEquals("Europe/Berlin", tenants.put(id, "Broker", "a").tenant().timeZone());

        assertEquals("America/New_York", tenants.configure(id, null, null, "America/New_York", "support").timeZone());
        Tenant reread = new TenantServiceImpl(db, new AccessModel(db)).get(id);
        assertEquals("America/New_York", reread.timeZone());
        assertEquals("de", reread.language());
        assertEquals("America/New_York", tenants.configure(id, "en", null, "support").timeZone());
    }

    @Test
    void anUnknownTimeZoneOrAnOffsetIsRefusedNamingTheField() {
        String id = newId();
        tenants.put(id, "Broker", "a");
        for (String zone : List.of("Mars/Olympus", "+01:00", "", "europe/berlin")) {
            ValidationException e = assertThrows(ValidationException.class, () -> tenants.configure(id, null, null, zone, "a"));
            assertEquals("timeZone", e.errors().get(0).field());
            assertEquals("tenant.timeZoneUnknown", e.errors().get(0).key());
        }
        assertEquals("Europe/Berlin", tenants.get(id).timeZone());
    }

    @Test
    void switchingTheFeatureOfAnUnknownTenantIsNotFound() {
        assertThrows(UnknownResourceException.class, () -> tenants.setDelegatedAccess("nobody-here", true, "support"));
        assertTrue(tenants.find("nobody-here").isEmpty());
    }

    @Test
    void listIsOrderedById() {
        int n = SEQUENCE.incrementAndGet();
        tenants.put("list" + n + "-zz", "Z", "a");
        tenants.put("list" + n + "-aa", "A", "a");
        tenants.put("list" + n + "-mm", "M", "a");

        List<String> ids = tenants.list().stream().map(Tenant::id).toList();
        assertEquals(ids.stream().sorted().toList(), ids);
        assertEquals(List.of("list" + n + "-aa", "list" + n + "-mm", "list" + n + "-zz"),
            ids.stream().filter(i -> i.startsWith("list" + n + "-")).toList());
    }

    /** The security review: 12 concurrent PUTs of one tenant gave 11 x OptimisticLockException. */
    @Test
    void concurrentPutsOfOneTenantAllSucceed() throws Exception {
        String id = newId();
        tenants.put(id, "Start", "support:support");
        int threads = 12;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<TenantChange>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String name = "Name " + i;
                int n = i;
                results.add(pool.submit(() -> {
                    start.await();
                    return n % 2 == 0 ? tenants.put(id, name, "support:support")
                        : new TenantChange(tenants.configure(id, "en", 24, "support:support"), false);
                }));
            }
            start.countDown();
            for (Future<TenantChange> result : results) {
                assertFalse(result.get(30, TimeUnit.SECONDS).created());
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(tenants.get(id).name().startsWith("Name "));
    }
}
