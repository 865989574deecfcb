package dev.collab.profiles.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock moved on by what a test asked for: validities ("gültig bis") pass without
 * sleeping, while everything not given this clock (invitation links, the database) keeps real time.
 */
final class TestClock extends Clock {
    private volatile long offsetMillis;

    /** Moves this clock, and every decision and rule that reads it, on by {@code by}. */
    void advance(Duration by) {
        offsetMillis += by.toMillis();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("validities are compared in UTC");
    }

    @Override
    public long millis() {
        return System.currentTimeMillis() + offsetMillis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}
