package dev.collab.invitations.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * What becomes of a mail whose delivery attempt failed: a permanent failure, or the last allowed
 * attempt, gives it up; otherwise it is tried again after an exponentially growing, capped wait.
 *
 * @param maxAttempts attempts before a mail is given up (at least 1)
 * @param initialBackoff wait after the first failed attempt
 * @param maxBackoff upper bound of any wait
 */
record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    RetryPolicy {
        if (maxAttempts < 1 || initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("Invalid retry policy: " + maxAttempts + " attempts, backoff " + initialBackoff
                + " up to " + maxBackoff);
        }
    }

    static RetryPolicy of(MailDispatcherConfiguration config) {
        Duration initial = Duration.ofSeconds(Math.max(1, config.initialBackoffSeconds()));
        Duration max = Duration.ofSeconds(Math.max(1, config.maxBackoffSeconds()));
        return new RetryPolicy(Math.max(1, config.maxAttempts()), initial, max.compareTo(initial) < 0 ? initial : max);
    }

    /**
     * @param attempts attempts that failed before the current one
     * @return the wait before the next attempt: {@code min(maxBackoff, initialBackoff * 2^attempts)}
     */
    Duration backoff(int attempts) {
        int exponent = Math.max(0, attempts);
        // 2^62 seconds overflows Duration arithmetic long before; the cap is reached far earlier
        if (exponent >= 62 || initialBackoff.toSeconds() > (maxBackoff.toSeconds() >> exponent)) {
            return maxBackoff;
        }
        Duration wait = initialBackoff.multipliedBy(1L << exponent);
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    /**
     * @param permanent whether the transport said retrying cannot help
     * @param attempts attempts that failed before the current one
     * @param now the current time
     * @return give up, or try again at a later time
     */
    Decision afterFailure(boolean permanent, int attempts, Instant now) {
        if (permanent || attempts + 1 >= maxAttempts) {
            return new Decision(true, null);
        }
        return new Decision(false, now.plus(backoff(attempts)));
    }

    /**
     * @param giveUp mark the mail failed
     * @param nextAttempt when to try again, if not given up
     */
    record Decision(boolean giveUp, Instant nextAttempt) {
    }
}
