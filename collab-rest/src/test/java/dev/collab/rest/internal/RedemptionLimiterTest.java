package dev.collab.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedemptionLimiterTest {
    private final RedemptionLimiter limiter = new RedemptionLimiter(3, 60_000);

    @Test
    void aClientIsBlockedAfterTooManyFailuresUntilTheOldestLeavesTheWindow() {
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.blockedSeconds("10.0.0.1", 1_000 + i));
            limiter.failed("10.0.0.1", 1_000 + i);
        }
        long wait = limiter.blockedSeconds("10.0.0.1", 2_000);
        assertTrue(wait > 0 && wait <= 60, "waits " + wait);
        assertEquals(0, limiter.blockedSeconds("10.0.0.1", 61_001), "the oldest failure left the window");
    }

    @Test
    void clientsAreCountedApart() {
        for (int i = 0; i < 3; i++) {
            limiter.failed("10.0.0.1", 1_000);
        }
        assertTrue(limiter.blockedSeconds("10.0.0.1", 1_500) > 0);
        assertEquals(0, limiter.blockedSeconds("10.0.0.2", 1_500));
    }

    @Test
    void anUnknownAddressIsStillLimited() {
        for (int i = 0; i < 3; i++) {
            limiter.failed(null, 1_000);
        }
        assertTrue(limiter.blockedSeconds(null, 1_500) > 0);
    }
}
