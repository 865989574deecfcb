package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

import dev.collab.api.TooManyAttemptsException;
import dev.collab.api.UnknownResourceException;

/** The sign-in back-off and the failed look-up window, on a clock the tests move. */
class ThrottleTest {
    private final AtomicLong now = new AtomicLong(1_000_000);

    private static AccountServiceConfiguration config(Map<String, Object> values) {
        return Converters.standardConverter().convert(values).to(AccountServiceConfiguration.class);
    }

    private LoginThrottle throttle() {
        return new LoginThrottle(config(Map.of()), now::get);
    }

    private void fail(LoginThrottle throttle, String account, String client, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(account, client);
        }
    }

    @Test
    void theDefaultsAllowFiveFailuresPerAccountAndTenPerClientBackingOffFromOneSecondToFiveMinutes() {
        AccountServiceConfiguration defaults = config(Map.of());
        assertEquals(5, defaults.loginFreeFailuresPerAccount());
        assertEquals(10, defaults.loginFreeFailuresPerClient());
        assertEquals(1, defaults.loginBackoffBaseSeconds());
        assertEquals(300, defaults.loginBackoffMaxSeconds());
        assertEquals(10, defaults.tokenFailuresPerClient());
        assertEquals(600, defaults.tokenFailureWindowSeconds());
    }

    @Test
    void afterTheFreeFailuresTheWaitDoublesWithEachFailureUpToTheMaximum() {
        LoginThrottle throttle = throttle();
        fail(throttle, "acme\nboss", "10.0.0.1", 5);
        long[] expected = {1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300};
        for (long seconds : expected) {
            TooManyAttemptsException e = assertThrows(TooManyAttemptsException.class, () -> throttle.check("acme\nboss", "10.0.0.1"));
            assertEquals(seconds, e.retryAfterSeconds());
            now.addAndGet(seconds * 1000);
            throttle.check("acme\nboss", "10.0.0.1");
            throttle.failed("acme\nboss", "10.0.0.1");
        }
    }

    @Test
    void theWaitEndsByItselfAndFailuresAreForgottenAfterTheQuietPeriod() {
        LoginThrottle throttle = throttle();
        fail(throttle, "acme\nboss", "10.0.0.1", 7);
        assertThrows(TooManyAttemptsException.class, () -> throttle.check("acme\nboss", "10.0.0.1"));
        now.addAndGet(4_000);
        throttle.check("acme\nboss", "10.0.0.1");
        throttle.failed("acme\nboss", "10.0.0.1");
        now.addAndGet(900_000);
        // forgotten: five free failures again
        fail(throttle, "acme\nboss", "10.0.0.1", 5);
        assertThrows(TooManyAttemptsException.class, () -> throttle.check("acme\nboss", "10.0.0.1"));
    }

    @Test
    void aClientWithoutFailuresMayStillTryAnAccountUnderAttack() {
        LoginThrottle throttle = throttle();
        fail(throttle, "acme\nboss", "10.6.6.6", 6);
        assertThrows(TooManyAttemptsException.class, () -> throttle.check("acme\nboss", "10.6.6.6"));
        throttle.check("acme\nboss", "192.168.1.20");
    }

    @Test
    void anInProcessCallerWithoutAddressWaitsForTheAccount() {
        LoginThrottle throttle = throttle();
        fail(throttle, "acme\nboss", null, 5);
        assertThrows(TooManyAttemptsException.class, () -> throttle.check("acme\nboss", null));
    }

    @Test
    void aCorrectPasswordForgivesTheAccountsAndTheClientsFailures() {
        LoginThrottle throttle = throttle();
        fail(throttle, "acme\nboss", "10.0.0.1", 5);
        now.addAndGet(1000);
        throttle.check("acme\nboss", "10.0.0.1");
        throttle.succeeded("acme\nboss", "10.0.0.1");
        fail(throttle, "acme\nboss", "10.0.0.1", 5);
        // counted from zero again: the first step of the back-off, not the sixth
        assertEquals(1, assertThrows(TooManyAttemptsException.class, () -> throttle.check("acme\nboss", "10.0.0.1"))
            .retryAfterSeconds());
    }

    @Test
    void oneClientFailingAcrossManyAccountsIsSlowedDownByItsOwnRecord() {
        LoginThrottle throttle = throttle();
        for (int i = 0; i < 10; i++) {
            fail(throttle, "acme\nuser" + i, "10.6.6.6", 1);
        }
        TooManyAttemptsException e = assertThrows(TooManyAttemptsException.class, () -> throttle.check("acme\nuser99", "10.6.6.6"));
        assertEquals(1, e.retryAfterSeconds());
        throttle.check("acme\nuser99", "10.0.0.2");
    }

    @Test
    void theLoginRecordsAreBoundedWithoutForgettingTheActiveAttacker() {
        LoginThrottle throttle = new LoginThrottle(config(Map.of("throttleTrackedKeys", 100)), now::get);
        fail(throttle, "acme\nboss", "10.6.6.6", 10);
        for (int i = 0; i < 1000; i++) {
            throttle.failed("acme\nx" + i, "172.16.0." + i);
            if (i % 50 == 0) {
                // the attacker keeps trying and stays among the most recent entries
                assertThrows(TooManyAttemptsException.class, () -> throttle.check("acme\nboss", "10.6.6.6"));
            }
        }
        assertEquals(100, throttle.trackedClients());
        assertThrows(TooManyAttemptsException.class, () -> throttle.check("acme\nboss", "10.6.6.6"));
    }

    @Test
    void tenFailedLookUpsPerClientInTenMinutesThenRefusedUntilTheOldestLeavesTheWindow() {
        FailureLimiter limiter = new FailureLimiter(10, 600_000, 1000, now::get);
        UnknownResourceException unknown = new UnknownResourceException("There is no such invitation.");
        for (int i = 0; i < 10; i++) {
            assertSame(unknown, limiter.refuse("10.0.0.1", unknown, "slow down"));
            now.addAndGet(1000);
        }
        RuntimeException refused = limiter.refuse("10.0.0.1", unknown, "slow down");
        assertTrue(refused instanceof TooManyAttemptsException, refused.toString());
        assertEquals(590, ((TooManyAttemptsException) refused).retryAfterSeconds());
        assertSame(unknown, limiter.refuse("10.0.0.2", unknown, "slow down"), "another client is not affected");
        now.addAndGet(600_000);
        assertEquals(0, limiter.blockedSeconds("10.0.0.1"));
    }

    @Test
    void theLookUpLimiterIsBoundedByForgettingTheLeastRecentClientsNotEveryone() {
        FailureLimiter limiter = new FailureLimiter(10, 600_000, 1000, now::get);
        for (int i = 0; i < 10; i++) {
            limiter.failed("10.6.6.6");
        }
        for (int i = 0; i < 5000; i++) {
            limiter.failed("flood-" + i);
            if (i % 500 == 0) {
                limiter.failed("10.6.6.6");
            }
        }
        assertEquals(1000, limiter.size());
        assertTrue(limiter.blockedSeconds("10.6.6.6") > 0, "the active client is still throttled");
        assertEquals(0, limiter.blockedSeconds("flood-0"), "the stalest were forgotten");
    }
}
