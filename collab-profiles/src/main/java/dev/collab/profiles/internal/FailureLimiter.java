package dev.collab.profiles.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

import dev.collab.api.TooManyAttemptsException;

/**
 * Counts failures per key (a client address, an e-mail) in a sliding window: after
 * {@code limit} failures within the window the key is refused until its oldest failure leaves
 * the window. Used for token look-ups (invitations, password resets) and reset requests.
 * Memory is bounded by dropping the least recently active keys.
 */
final class FailureLimiter {
    private final int limit;
    private final long windowMillis;
    private final LongSupplier clock;
    private final LruMap<String, Deque<Long>> failures;

    FailureLimiter(int limit, long windowMillis, int maxKeys, LongSupplier clock) {
        this.limit = Math.max(1, limit);
        this.windowMillis = Math.max(1, windowMillis);
        this.clock = clock;
        this.failures = new LruMap<>(maxKeys);
    }

    /** @return seconds until the key may fail again without being refused, or 0 if it may now */
    synchronized long blockedSeconds(String key) {
        if (key == null) {
            return 0;
        }
        Deque<Long> times = failures.get(key);
        if (times == null) {
            return 0;
        }
        long now = clock.getAsLong();
        prune(times, now);
        if (times.isEmpty()) {
            failures.remove(key);
            return 0;
        }
        if (times.size() < limit) {
            return 0;
        }
        return Math.max(1, (times.peekFirst() + windowMillis - now + 999) / 1000);
    }

    /** Counts a failure of the key; a {@code null} key (an in-process caller) is not counted. */
    synchronized void failed(String key) {
        if (key == null) {
            return;
        }
        long now = clock.getAsLong();
        Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        prune(times, now);
        times.addLast(now);
        // Beyond the limit the count only matters until the oldest leaves: keep the memory per key small.
        while (times.size() > limit) {
            times.pollFirst();
        }
    }

    /**
     * Counts a failure of the key.
     *
     * @return what to throw: a {@link TooManyAttemptsException} if the key was over its limit
     *         already, else the failure itself (so the caller still learns "unknown" until then)
     */
    RuntimeException refuse(String key, RuntimeException failure, String message) {
        long wait = blockedSeconds(key);
        failed(key);
        return wait > 0 ? new TooManyAttemptsException("attempts.links", message, wait) : failure;
    }

    synchronized int size() {
        return failures.size();
    }

    private void prune(Deque<Long> times, long now) {
        while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
            times.pollFirst();
        }
    }
}
