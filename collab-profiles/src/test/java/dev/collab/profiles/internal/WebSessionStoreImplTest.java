package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.collab.api.accounts.Principal;
import dev.collab.api.accounts.Role;
import dev.collab.api.sessions.StoredSession;
import dev.collab.profiles.internal.persistence.Database;
import dev.collab.profiles.internal.persistence.TestDatabase;
import dev.collab.testkit.PostgresServer;

/**
 * The web screens' sessions in the database, on embedded Derby and on a real PostgreSQL server
 * (both engines run the same statements): what is stored (the id's hash, never the id), and
 * that each change is one statement a concurrent node cannot undo.
 */
class WebSessionStoreImplTest {
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final Principal GF = new Principal("a1", "acme", "gf@mueller.example", Role.USER);
    private static final Principal SUPPORT = new Principal("s1", null, "support", Role.SUPPORT);
    private static PostgresServer postgres;

    @TempDir
    static Path derbyDir;
    @TempDir
    static Path postgresDir;
    private static Database derby;
    private static Database shared;

    @BeforeAll
    static void open() throws IOException {
        derby = TestDatabase.open(derbyDir);
        postgres = PostgresServer.start();
        shared = TestDatabase.open(postgresDir, postgres.createDatabase("sessions"));
    }

    @AfterAll
    static void close() {
        try {
            TestDatabase.close(derby);
            TestDatabase.close(shared);
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private static WebSessionStoreImpl store(String engine) {
        WebSessionStoreImpl store = new WebSessionStoreImpl("Derby".equals(engine) ? derby : shared);
        store.trim(0);
        return store;
    }

    private static String id(int n) {
        return String.format("%043d", n);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Derby", "PostgreSQL"})
    void aSessionIsStoredUnderTheHashOfItsIdAndReadBack(String engine) throws SQLException {
        WebSessionStoreImpl store = store(engine);
        store.create(id(1), new StoredSession("csrf-1", GF, T0, T0, null));
        store.create(id(2), new StoredSession("csrf-2", null, T0, T0, "hallo"));
        store.create(id(3), new StoredSession("csrf-3", SUPPORT, T0, T0, null));
        assertEquals(new StoredSession("csrf-1", GF, T0, T0, null), store.find(id(1)).orElseThrow());
        assertEquals(new StoredSession("csrf-2", null, T0, T0, "hallo"), store.find(id(2)).orElseThrow());
        assertEquals(new StoredSession("csrf-3", SUPPORT, T0, T0, null), store.find(id(3)).orElseThrow());
        assertTrue(store.find(id(4)).isEmpty());
        assertEquals(3, store.count());
        List<String> keys = new ArrayList<>();
        Database db = "Derby".equals(engine) ? derby : shared;
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT IDHASH FROM WEB_SESSION")) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        assertEquals(3, keys.size());
        assertTrue(keys.contains(InvitationTokens.hash(id(1))), "the key is the id's SHA-256");
        assertFalse(keys.contains(id(1)), "never the id itself");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Derby", "PostgreSQL"})
    void lastSeenOnlyMovesForward(String engine) {
        WebSessionStoreImpl store = store(engine);
        store.create(id(1), new StoredSession("c", GF, T0, T0, null));
        store.seen(id(1), T0.plusSeconds(90));
        // a slower node's older request does not turn the clock back
        store.seen(id(1), T0.plusSeconds(60));
        assertEquals(T0.plusSeconds(90), store.find(id(1)).orElseThrow().lastSeen());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Derby", "PostgreSQL"})
    void aFlashIsTakenOnce(String engine) {
        WebSessionStoreImpl store = store(engine);
        store.create(id(1), new StoredSession("c", GF, T0, T0, null));
        store.flash(id(1), "Eingeladen");
        String read = store.find(id(1)).orElseThrow().flash();
        assertEquals("Eingeladen", read);
        assertTrue(store.takeFlash(id(1), read));
        assertFalse(store.takeFlash(id(1), read), "a second request that read it too does not show it");
        assertNull(store.find(id(1)).orElseThrow().flash());
        // a newer message than the one read stays for the next page
        store.flash(id(1), "first");
        store.flash(id(1), "second");
        assertFalse(store.takeFlash(id(1), "first"));
        assertEquals("second", store.find(id(1)).orElseThrow().flash());
        store.flash(id(1), "x".repeat(5000));
        assertEquals(2000, store.find(id(1)).orElseThrow().flash().length(), "shortened to its column");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Derby", "PostgreSQL"})
    void endAllEndsTheAccountsSessionsButTheOneKept(String engine) {
        WebSessionStoreImpl store = store(engine);
        store.create(id(1), new StoredSession("c", GF, T0, T0, null));
        store.create(id(2), new StoredSession("c", GF, T0, T0, null));
        store.create(id(3), new StoredSession("c", new Principal("a1", "other", "x@other.example", Role.USER), T0, T0, null));
        store.create(id(4), new StoredSession("c", SUPPORT, T0, T0, null));
        store.create(id(5), new StoredSession("c", null, T0, T0, null));
        assertEquals(1, store.endAll("acme", "a1", id(1)));
        assertTrue(store.find(id(1)).isPresent());
        assertTrue(store.find(id(2)).isEmpty());
        assertTrue(store.find(id(3)).isPresent());
        assertEquals(1, store.endAll(null, "s1", null));
        assertTrue(store.find(id(4)).isEmpty());
        store.end(id(1));
        assertTrue(store.find(id(1)).isEmpty());
        assertEquals(2, store.count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Derby", "PostgreSQL"})
    void purgeEndsIdleSessionsAndSignedInSessionsPastTheAbsoluteTimeout(String engine) {
        WebSessionStoreImpl store = store(engine);
        store.create(id(1), new StoredSession("c", null, T0, T0, null));
        store.create(id(2), new StoredSession("c", null, T0, T0.plusSeconds(100), null));
        store.create(id(3), new StoredSession("c", GF, T0, T0.plusSeconds(100), null));
        store.create(id(4), new StoredSession("c", GF, T0.plusSeconds(50), T0.plusSeconds(100), null));
        // idle: seen before T0 + 10; absolute: signed in before T0 + 10
        assertEquals(2, store.purge(T0.plusSeconds(10), T0.plusSeconds(10)));
        assertTrue(store.find(id(2)).isPresent(), "an anonymous session has no absolute timeout");
        assertTrue(store.find(id(4)).isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Derby", "PostgreSQL"})
    void trimDropsTheLongestIdleVisitorsFirstThenSignedInSessions(String engine) {
        WebSessionStoreImpl store = store(engine);
        for (int i = 0; i < 10; i++) {
            store.create(id(i), new StoredSession("c", null, T0, T0.plusSeconds(i), null));
            store.create(id(100 + i), new StoredSession("c", GF, T0, T0.plusSeconds(i), null));
        }
        assertEquals(5, store.trim(15));
        for (int i = 0; i < 10; i++) {
            assertEquals(i >= 5, store.find(id(i)).isPresent(), "visitor " + i);
            assertTrue(store.find(id(100 + i)).isPresent());
        }
        assertEquals(12, store.trim(3));
        assertEquals(3, store.count());
        for (int i = 7; i < 10; i++) {
            assertTrue(store.find(id(100 + i)).isPresent(), "the most recently seen signed-in sessions stay");
        }
        assertEquals(0, store.trim(3));
    }
}
