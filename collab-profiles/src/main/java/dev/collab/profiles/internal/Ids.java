package dev.collab.profiles.internal;

import java.util.Arrays;

/**
 * A tenant's dictionary of customer ids (or rights): each string gets a small number, from 1
 * up, for as long as the tenant's model lives. The access model keeps its sets as numbers
 * ({@link IdSet}) so that the host's question tests a bit instead of comparing strings in a
 * hash set thousands of entries large.
 *
 * <p>One writer (the tenant's lock held), any number of readers without a lock. A reader
 * finds a string only if it was added before something the reader read through a volatile
 * field (the decision index's entries): the sets it is about to test were built after it.
 * A string being added concurrently may not be found yet, which is right: no set a reader
 * can hold contains it.
 */
final class Ids {
    /** The hash table; replaced whole when it grows, filled in place until then. */
    private static final class Table {
        /**
         * Per slot the key's hash (high half) and its code (low half), {@code 0} when free: a
         * probe compares strings only where the hashes agree, and reads one array to do so.
         */
        final long[] slots;
        final String[] keys;

        Table(int capacity) {
            slots = new long[capacity];
            keys = new String[capacity];
        }
    }

    /**
     * The codes 1 to {@code codes.length} in the order of their strings, and each code's place
     * in it ({@code rank[code]}): sorting a set's codes by place puts its strings in order
     * without comparing them (a root member's 2,000 customers, named in every answer).
     */
    private record Order(int[] codes, int[] rank) {
    }

    private volatile Table table = new Table(64);
    private volatile String[] names = new String[64];
    /** Made when asked, for the codes handed out by then; the codes handed out later are merged in. */
    private volatile Order order = new Order(new int[0], new int[1]);
    /** The last code handed out; written by the writer only. */
    private int last;

    /** @return the string's code, or {@code 0} if it has none */
    int find(String s) {
        Table t = table;
        int hash = s.hashCode();
        int mask = t.slots.length - 1;
        for (int i = slot(hash, mask);; i = (i + 1) & mask) {
            long slot = t.slots[i];
            if (slot == 0) {
                return 0;
            }
            if ((int) (slot >>> 32) == hash) {
                String key = t.keys[i];
                if (key != null && key.equals(s)) {
                    return (int) slot;
                }
            }
        }
    }

    /** The string of a code handed out by {@link #code(String)}. */
    String name(int code) {
        return names[code];
    }

    /**
     * Each code's place in the order of the strings, for the codes 1 to {@code upTo} at least
     * (all handed out before a set holding {@code upTo} was published, so any thread may ask).
     * The codes handed out since the last order are sorted and merged into it: a few string
     * comparisons each, not a sort of the whole dictionary.
     */
    int[] ranks(int upTo) {
        Order known = order;
        int covered = known.codes.length;
        if (upTo <= covered) {
            return known.rank;
        }
        String[] n = names;
        // The strings, not boxed codes, are sorted: a reference each, and their codes found again after.
        String[] fresh = Arrays.copyOfRange(n, covered + 1, upTo + 1);
        Arrays.sort(fresh);
        int[] codes = new int[upTo];
        int i = 0;
        int j = 0;
        for (int k = 0; k < upTo; k++) {
            codes[k] = j >= fresh.length || i < covered && n[known.codes[i]].compareTo(fresh[j]) < 0 ? known.codes[i++] : find(fresh[j++]);
        }
        int[] rank = new int[upTo + 1];
        for (int k = 0; k < upTo; k++) {
            rank[codes[k]] = k;
        }
        // Two readers may merge at once: either order is right, the one kept later covers less at worst.
        order = new Order(codes, rank);
        return rank;
    }

    /** The string's code, handing out the next one if it has none. Writer only. */
    int code(String s) {
        int known = find(s);
        if (known != 0) {
            return known;
        }
        int code = ++last;
        String[] n = names;
        if (code >= n.length) {
            n = Arrays.copyOf(n, n.length * 2);
            n[code] = s;
            names = n;
        } else {
            n[code] = s;
        }
        Table t = table;
        if ((code + 1) * 2 > t.slots.length) {
            Table grown = new Table(t.slots.length * 2);
            for (int i = 0; i < t.slots.length; i++) {
                if (t.slots[i] != 0) {
                    insert(grown, t.keys[i], (int) t.slots[i]);
                }
            }
            insert(grown, s, code);
            table = grown;
        } else {
            insert(t, s, code);
        }
        return code;
    }

    /**
     * The key first, then the slot: a reader that sees the slot but not yet the key, or a torn
     * slot, finds nothing, which is right for a string no published set holds yet.
     */
    private static void insert(Table t, String s, int code) {
        int hash = s.hashCode();
        int mask = t.slots.length - 1;
        int i = slot(hash, mask);
        while (t.slots[i] != 0) {
            i = (i + 1) & mask;
        }
        t.keys[i] = s;
        t.slots[i] = ((long) hash << 32) | code;
    }

    /**
     * The home slot: the high bits of the hash times the golden ratio. Customer ids are often
     * numbered ({@code C00001}, {@code C00002}, …), whose hashes are consecutive; taken as they
     * are they would fill consecutive slots, and a miss would scan the whole run.
     */
    private static int slot(int hash, int mask) {
        return (hash * 0x9E3779B9) >>> (32 - Integer.bitCount(mask));
    }
}
