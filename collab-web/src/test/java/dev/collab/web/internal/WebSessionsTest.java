package dev.collab.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.collab.api.TemporarilyUnavailableException;
import dev.collab.api.accounts.Principal;
import dev.collab.api.accounts.Role;
import dev.collab.api.sessions.WebSessionStore;
import dev.collab.profiles.internal.WebSessionStoreImpl;
import dev.collab.profiles.internal.persistence.Database;
import dev.collab.profiles.internal.persistence.SessionsDatabase;

/**
 * The screens' sessions on the core's real store and database (embedded Derby): two
 * {@link WebSessions} over one store are two nodes of a cluster on one database.
 */
class WebSessionsTest {
    private static final Principal GF = new Principal("a1", "acme", "gf@mueller.example", Role.USER);
    private static final Principal SUPPORT = new Principal("s1", null, "support", Role.SUPPORT);

    @TempDir
    static Path dataDir;
    private static Database db;
    private static WebSessionStore store;

    @BeforeAll
    static void open() {
        db = SessionsDatabase.open(dataDir);
        store = new WebSessionStoreImpl(db);
    }

    @AfterAll
    static void close() {
        SessionsDatabase.close(db);
    }

    @BeforeEach
    void empty() {
        store.trim(0);
    }

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-29T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static SessionConfiguration config(int idle, int absolute, int max) {
        return new SessionConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SessionConfiguration.class;
            }

            @Override
            public int idleTimeoutSeconds() {
                return idle;
            }

            @Override
            public int absoluteTimeoutSeconds() {
                return absolute;
            }

            @Override
            public int maxSessions() {
                return max;
            }
        };
    }

    private static WebSessions node(SessionConfiguration config, Clock clock) {
        return new WebSessions(config, store, clock);
    }

    @Test
    void signInStartsANewSessionWithANewIdAndToken() {
        WebSessions sessions = node(config(1800, 28800, 1000), new ManualClock());
        WebSession anonymous = sessions.anonymous();
        WebSession signedIn = sessions.signIn(anonymous, GF);
        assertNotEquals(anonymous.id(), signedIn.id());
        assertNotEquals(anonymous.csrf(), signedIn.csrf());
        assertTrue(sessions.find(anonymous.id()).isEmpty(), "the pre-sign-in id must not survive (fixation)");
        WebSession found = sessions.find(signedIn.id()).orElseThrow();
        assertEquals(GF, found.principal());
        assertEquals(signedIn.csrf(), found.csrf());
        assertTrue(signedIn.id().length() >= 43, "256 random bits");
        assertTrue(sessions.find("not-an-id").isEmpty());
        assertTrue(sessions.find(null).isEmpty());
    }

    @Test
    void aSessionSignedInOnOneNodeIsSignedInOnTheOtherAndASignOutThereEndsItEverywhere() {
        ManualClock clock = new ManualClock();
        WebSessions a = node(config(1800, 28800, 1000), clock);
        WebSessions b = node(config(1800, 28800, 1000), clock);
        WebSession session = a.signIn(a.anonymous(), GF);
        WebSession onB = b.find(session.id()).orElseThrow();
        assertEquals(GF, onB.principal());
        assertEquals(session.csrf(), onB.csrf(), "a form rendered on A posts to B");
        b.end(onB);
        assertTrue(a.find(session.id()).isEmpty(), "signed out on B, refused on A");
    }

    @Test
    void idleTimeoutEndsASessionAndActivityKeepsItAlive() {
        ManualClock clock = new ManualClock();
        WebSessions sessions = node(config(60, 28800, 1000), clock);
        WebSession session = sessions.signIn(null, GF);
        clock.now = clock.now.plus(Duration.ofSeconds(50));
        assertTrue(sessions.find(session.id()).isPresent());
        clock.now = clock.now.plus(Duration.ofSeconds(50));
        assertTrue(sessions.find(session.id()).isPresent(), "seen 50 s ago: still alive");
        clock.now = clock.now.plus(Duration.ofSeconds(61));
        assertTrue(sessions.find(session.id()).isEmpty());
        assertEquals(0, sessions.size(), "an expired session met is ended");
    }

    @Test
    void aPageViewWritesTheLastSeenTimeOnlyWhenItIsOlderThanTheTouchInterval() {
        ManualClock clock = new ManualClock();
        WebSessions sessions = node(config(1800, 28800, 1000), clock);
        assertEquals(Duration.ofSeconds(60), sessions.touchInterval());
        WebSession session = sessions.signIn(null, GF);
        Instant signedIn = clock.now;
        clock.now = clock.now.plusSeconds(59);
        sessions.find(session.id()).orElseThrow();
        assertEquals(signedIn, store.find(session.id()).orElseThrow().lastSeen(), "within the interval: a read only");
        clock.now = clock.now.plusSeconds(1);
        sessions.find(session.id()).orElseThrow();
        assertEquals(clock.now, store.find(session.id()).orElseThrow().lastSeen());
        assertEquals(Duration.ofSeconds(2), node(config(60, 28800, 1000), clock).touchInterval());
        assertEquals(Duration.ofSeconds(1), node(config(3, 28800, 1000), clock).touchInterval());
    }

    @Test
    void absoluteTimeoutEndsASignedInSessionHoweverActive() {
        ManualClock clock = new ManualClock();
        WebSessions sessions = node(config(60, 300, 1000), clock);
        WebSession session = sessions.signIn(null, GF);
        for (int i = 0; i < 5; i++) {
            clock.now = clock.now.plus(Duration.ofSeconds(55));
            assertTrue(sessions.find(session.id()).isPresent());
        }
        clock.now = clock.now.plus(Duration.ofSeconds(30));
        assertFalse(sessions.find(session.id()).isPresent());
    }

    @Test
    void expiredSessionsAreDeletedWhenNewOnesStart() {
        ManualClock clock = new ManualClock();
        WebSessions sessions = node(config(60, 300, 1000), clock);
        for (int i = 0; i < 5; i++) {
            sessions.anonymous();
        }
        sessions.signIn(null, GF);
        assertEquals(6, sessions.size());
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        WebSession fresh = sessions.anonymous();
        assertEquals(1, sessions.size(), "only the new one is left");
        assertTrue(sessions.find(fresh.id()).isPresent());
    }

    @Test
    void aFloodOfVisitorsDropsAnonymousSessionsBeforeSignedInOnes() {
        ManualClock clock = new ManualClock();
        WebSessions sessions = node(config(1800, 28800, 100), clock);
        WebSession user = sessions.signIn(null, GF);
        for (int i = 0; i < 1000; i++) {
            clock.now = clock.now.plusMillis(1);
            sessions.anonymous();
        }
        assertTrue(sessions.size() <= 100, "bounded: " + sessions.size());
        assertTrue(sessions.find(user.id()).isPresent(), "the signed-in user stays");
    }

    @Test
    void endAllSignsAnAccountOutOnEveryNodeButTheCurrentBrowser() {
        ManualClock clock = new ManualClock();
        WebSessions a = node(config(1800, 28800, 1000), clock);
        WebSessions b = node(config(1800, 28800, 1000), clock);
        WebSession here = a.signIn(null, GF);
        WebSession elsewhere = b.signIn(null, GF);
        WebSession sameIdOtherTenant = b.signIn(null, new Principal("a1", "other", "gf@other.example", Role.USER));
        WebSession other = b.signIn(null, new Principal("a2", "acme", "ma@mueller.example", Role.USER));
        WebSession support = a.signIn(null, SUPPORT);
        WebSession supportElsewhere = b.signIn(null, SUPPORT);
        a.endAll("acme", "a1", here.id());
        assertTrue(b.find(here.id()).isPresent());
        assertTrue(a.find(elsewhere.id()).isEmpty());
        assertTrue(a.find(sameIdOtherTenant.id()).isPresent());
        assertTrue(a.find(other.id()).isPresent());
        b.endAll(null, "s1", null);
        assertTrue(a.find(support.id()).isEmpty());
        assertTrue(a.find(supportElsewhere.id()).isEmpty());
        assertTrue(a.find(here.id()).isPresent());
    }

    @Test
    void aFlashSetOnOneNodeIsShownOnceOnTheNextPageWhicheverNodeServesIt() {
        ManualClock clock = new ManualClock();
        WebSessions a = node(config(1800, 28800, 1000), clock);
        WebSessions b = node(config(1800, 28800, 1000), clock);
        WebSession session = a.signIn(null, GF);
        a.flash(session, "Eingeladen: ma@mueller.example");
        WebSession next = b.find(session.id()).orElseThrow();
        WebSession concurrent = a.find(session.id()).orElseThrow();
        assertEquals("Eingeladen: ma@mueller.example", b.takeFlash(next));
        assertNull(a.takeFlash(concurrent), "read by two requests at once, shown by one");
        assertNull(b.takeFlash(b.find(session.id()).orElseThrow()), "shown once");
        // a flash set and shown in the same request
        WebSession same = a.find(session.id()).orElseThrow();
        a.flash(same, "done");
        assertEquals("done", a.takeFlash(same));
        assertNull(b.takeFlash(b.find(session.id()).orElseThrow()));
    }

    @Test
    void withoutTheStoreTheSessionsAreUnavailableNotEmpty() {
        WebSessions away = new WebSessions(config(1800, 28800, 1000), null, new ManualClock());
        assertThrows(TemporarilyUnavailableException.class, () -> away.find("a".repeat(43)));
        assertThrows(TemporarilyUnavailableException.class, away::anonymous);
        assertTrue(away.find("junk").isEmpty(), "a malformed cookie is not even looked up");
    }

    @Test
    void aDatabaseOutOfReachMakesTheSessionsUnavailableNotAnError(@TempDir Path otherDir) {
        Database closed = SessionsDatabase.open(otherDir);
        SessionsDatabase.close(closed);
        WebSessions sessions = new WebSessions(config(1800, 28800, 1000), new WebSessionStoreImpl(closed), new ManualClock());
        assertThrows(TemporarilyUnavailableException.class, () -> sessions.find("a".repeat(43)));
        assertThrows(TemporarilyUnavailableException.class, sessions::anonymous);
    }
}
