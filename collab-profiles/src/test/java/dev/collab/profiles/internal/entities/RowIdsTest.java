package dev.collab.profiles.internal.entities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class RowIdsTest {
    @Test
    void anIdIsAVersion7UuidCarryingItsMillisecond() {
        long before = System.currentTimeMillis();
        String id = RowIds.next();
        long after = System.currentTimeMillis();

        UUID uuid = UUID.fromString(id);
        assertEquals(id, uuid.toString(), "the column's 36 characters, lower case");
        assertEquals(7, uuid.version());
        assertEquals(2, uuid.variant(), "RFC 9562's variant");
        long millis = uuid.getMostSignificantBits() >>> 16;
        assertTrue(before <= millis && millis <= after, millis + " within " + before + ".." + after);
    }

    @Test
    void idsOfLaterMillisecondsSortAfterEarlierOnesAsTheDatabaseComparesThem() throws InterruptedException {
        String first = RowIds.next();
        Thread.sleep(2);
        String second = RowIds.next();

        assertTrue(first.compareTo(second) < 0, first + " before " + second);
    }

    @Test
    void idsOfTheSameMillisecondStillDiffer() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(RowIds.next());
        }

        assertEquals(100_000, ids.size());
    }
}
