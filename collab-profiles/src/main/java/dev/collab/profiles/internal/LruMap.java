package dev.collab.profiles.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that forgets its least recently used entries beyond a fixed size. The throttles keep
 * one entry per client or account an attacker can choose freely, so their memory must be
 * bounded; dropping only the stalest entries keeps the records of active attackers (clearing
 * everything would let a flood of fresh addresses reset every throttle). Not thread-safe:
 * callers synchronize.
 */
final class LruMap<K, V> extends LinkedHashMap<K, V> {
    private static final long serialVersionUID = 1L;
    private final int capacity;

    LruMap(int capacity) {
        super(16, 0.75f, true);
        this.capacity = Math.max(1, capacity);
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
    }
}
