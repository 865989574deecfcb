package dev.collab.invitations.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

class RetryPolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private static RetryPolicy policy(Map<String, Object> config) {
        return RetryPolicy.of(Converters.standardConverter().convert(config).to(MailDispatcherConfiguration.class));
    }

    @Test
    void theBackoffDoublesFromTheInitialWaitUpToTheCap() {
        RetryPolicy policy = policy(Map.of());
        assertEquals(Duration.ofSeconds(5), policy.backoff(0));
        assertEquals(Duration.ofSeconds(10), policy.backoff(1));
        assertEquals(Duration.ofSeconds(20), policy.backoff(2));
        assertEquals(Duration.ofSeconds(640), policy.backoff(7));
        assertEquals(Duration.ofSeconds(900), policy.backoff(8));
        assertEquals(Duration.ofSeconds(900), policy.backoff(61));
        assertEquals(Duration.ofSeconds(900), policy.backoff(Integer.MAX_VALUE));
    }

    @Test
    void aTransientFailureIsRetriedAfterTheBackoff() {
        RetryPolicy.Decision decision = policy(Map.of()).afterFailure(false, 2, NOW);
        assertFalse(decision.giveUp());
        assertEquals(NOW.plusSeconds(20), decision.nextAttempt());
    }

    @Test
    void aPermanentFailureGivesUpAtOnce() {
        RetryPolicy.Decision decision = policy(Map.of()).afterFailure(true, 0, NOW);
        assertTrue(decision.giveUp());
        assertNull(decision.nextAttempt());
    }

    @Test
    void theLastAllowedAttemptGivesUp() {
        RetryPolicy policy = policy(Map.of("maxAttempts", 3));
        assertFalse(policy.afterFailure(false, 0, NOW).giveUp());
        assertFalse(policy.afterFailure(false, 1, NOW).giveUp());
        assertTrue(policy.afterFailure(false, 2, NOW).giveUp());
        assertTrue(policy(Map.of("maxAttempts", 1)).afterFailure(false, 0, NOW).giveUp());
    }

    @Test
    void theConfigurationIsHonouredAndSanitised() {
        RetryPolicy policy = policy(Map.of("initialBackoffSeconds", "30", "maxBackoffSeconds", "60"));
        assertEquals(Duration.ofSeconds(30), policy.backoff(0));
        assertEquals(Duration.ofSeconds(60), policy.backoff(1));
        assertEquals(Duration.ofSeconds(60), policy.backoff(5));
        RetryPolicy odd = policy(Map.of("initialBackoffSeconds", 0, "maxBackoffSeconds", -1, "maxAttempts", 0));
        assertEquals(Duration.ofSeconds(1), odd.backoff(3));
        assertEquals(1, odd.maxAttempts());
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }
}
