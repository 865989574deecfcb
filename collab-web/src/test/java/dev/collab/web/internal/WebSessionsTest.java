package dev.collab.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.collab.api.accounts.Principal;
import dev.collab.api.accounts.Role;

class WebSessionsTest {
    private static final Principal GF = new Principal("a1", "acme", "gf@mueller.example", Role.USER);

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

    @Test
    void signInStartsANewSessionWithANewIdAndToken() {
        WebSessions sessions = new WebSessions(config(1800, 28800, 1000), new ManualClock());
        WebSession anonymous = sessions.anonymous();
        WebSession signedIn = sessions.signIn(anonymous, GF);
        assertNotEquals(anonymous.id(), signedIn.id());
        assertNotEquals(anonymous.csrf(), signedIn.csrf());
        assertTrue(sessions.find(anonymous.id()).isEmpty(), "the pre-sign-in id must not survive (fixation)");
        assertEquals(GF, sessions.find(signedIn.id()).orElseThrow().principal());
        assertTrue(signedIn.id().length() >= 43, "256 random bits");
    }

    @Test
    void idleTimeoutEndsASessionAndActivityKeepsItAlive() {
        ManualClock clock = new ManualClock();
        WebSessions sessions = new WebSessions(config(60, 28800, 1000), clock);
        WebSession session = sessions.signIn(null, GF);
        clock.now = clock.now.plus(Duration.ofSeconds(50));
        assertTrue(sessions.find(session.id()).isPresent());
        clock.now = clock.now.plus(Duration.ofSeconds(50));
        assertTrue(sessions.find(session.id()).isPresent(), "seen 50 s ago: still alive");
        clock.now = clock.now.plus(Duration.ofSeconds(61));
        assertTrue(sessions.find(session.id()).isEmpty());
        assertEquals(0, sessions.size());
    }

    @Test
    void absoluteTimeoutEndsASignedInSessionHoweverActive() {
        ManualClock clock = new ManualClock();
        WebSessions sessions = new WebSessions(config(60, 300, 1000), clock);
        WebSession session = sessions.signIn(null, GF);
        for (int i = 0; i < 5; i++) {
            clock.now = clock.now.plus(Duration.ofSeconds(55));
            assertTrue(sessions.find(session.id()).isPresent());
        }
        clock.now = clock.now.plus(Duration.ofSeconds(30));
        assertFalse(sessions.find(session.id()).isPresent());
    }

    @Test
    void aFloodOfVisitorsDropsAnonymousSessionsBeforeSignedInOnes() {
        ManualClock clock = new ManualClock();
        WebSessions sessions = new WebSessions(config(1800, 28800, 100), clock);
        WebSession user = sessions.signIn(null, GF);
        for (int i = 0; i < 1000; i++) {
            clock.now = clock.now.plusMillis(1);
            sessions.anonymous();
        }
        assertTrue(sessions.size() <= 100, "bounded: " + sessions.size());
        assertTrue(sessions.find(user.id()).isPresent(), "the signed-in user stays");
    }

    @Test
    void endAllSignsAnAccountOutEverywhereButTheCurrentBrowser() {
        WebSessions sessions = new WebSessions(config(1800, 28800, 1000), new ManualClock());
        WebSession here = sessions.signIn(null, GF);
        WebSession elsewhere = sessions.signIn(null, GF);
        WebSession other = sessions.signIn(null, new Principal("a2", "acme", "ma@mueller.example", Role.USER));
        sessions.endAll("acme", "a1", here.id());
        assertTrue(sessions.find(here.id()).isPresent());
        assertTrue(sessions.find(elsewhere.id()).isEmpty());
        assertTrue(sessions.find(other.id()).isPresent());
    }

    @Test
    void flashIsShownOnce() {
        WebSession session = new WebSessions(config(1800, 28800, 1000), new ManualClock()).anonymous();
        session.activity().flash("done");
        assertEquals("done", session.activity().takeFlash());
        assertEquals(null, session.activity().takeFlash());
    }
}
