package dev.collab.rest.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed token redemptions per client address in a sliding window, so that nobody can
 * guess tokens by trying: after {@code limit} failures within {@code window} a client is refused
 * (429) until its oldest failure leaves the window. Successful redemptions are not counted.
 */
final class RedemptionLimiter {
    private static final int MAX_CLIENTS = 100_000;
    private final int limit;
    private final long windowMillis;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    RedemptionLimiter(int limit, long windowMillis) {
        this.limit = limit;
        this.windowMillis = windowMillis;
    }

    /** @return seconds until the client may try again, or 0 if it may now */
    long blockedSeconds(String client, long now) {
        Deque<Long> times = failures.get(key(client));
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            prune(times, now);
            if (times.size() < limit) {
                return 0;
            }
            return Math.max(1, (times.peekFirst() + windowMillis - now + 999) / 1000);
        }
    }

    void failed(String client, long now) {
        if (failures.size() >= MAX_CLIENTS) {
            // Bounded memory under a flood of addresses: forget the old window rather than grow.
            failures.clear();
        }
        Deque<Long> times = failures.computeIfAbsent(key(client), c -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, now);
            times.addLast(now);
        }
    }

    private void prune(Deque<Long> times, long now) {
        while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
            times.pollFirst();
        }
    }

    private static String key(String client) {
        return client == null ? "unknown" : client;
    }
}
