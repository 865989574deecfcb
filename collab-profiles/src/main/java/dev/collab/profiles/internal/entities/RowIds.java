package dev.collab.profiles.internal.entities;

import java.util.UUID;

/**
 * Ids for new rows: UUIDs of version 7 (RFC 9562), whose first 48 bits are the creation time in
 * milliseconds and whose other 74 bits are random.
 *
 * <p>Why not random UUIDs: every id lands in primary keys, in foreign keys' indexes and in the
 * customer rows' key. Random ids insert all over those B-trees, so each insert reads a cold page
 * and half-full pages split again and again (Derby's page splits were a quarter of an invite's
 * index work). Ids that grow with time append at the right edge, where the database splits a
 * full page by starting a new one. The 74 random bits keep an id unguessable all the same, though
 * no id is a secret: access is checked on every request, and only the tokens grant anything.
 */
public final class RowIds {
    private static final long VERSION_7 = 0x7000L;
    private static final long RANDOM_A = 0x0FFFL;

    private RowIds() {
    }

    /** A new id, ordered after every id this JVM made in an earlier millisecond. */
    public static String next() {
        UUID random = UUID.randomUUID();
        long msb = System.currentTimeMillis() << 16 | VERSION_7 | random.getMostSignificantBits() & RANDOM_A;
        return new UUID(msb, random.getLeastSignificantBits()).toString();
    }
}
