package dev.collab.profiles.internal;

import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeSet;

/**
 * An immutable set of customer ids (or rights) as codes of one tenant's {@link Ids}: a bitmap
 * when the set is dense, a sorted array when it is sparse, so that a test is one or a few
 * memory reads and a delegate's 1,000 customers take 1 to 4 KB instead of 16 KB of hash table
 * with a string per slot. As a {@code Set<String>} it reads like any other (callers outside
 * the model never see the codes); the model's own operations work on the codes.
 */
final class IdSet extends AbstractSet<String> {
    private final Ids ids;
    /** Set when dense: bit {@code c} of word {@code c >>> 6} holds code {@code c}. */
    private final long[] bits;
    /** Set when sparse: the codes in ascending order. */
    private final int[] sorted;
    /**
     * Codes 0 to 63 once more, read without touching an array: a tenant's rights always have
     * such codes, so the rights test of a decision is one field read.
     */
    private final long low;
    private final int size;

    private IdSet(Ids ids, long[] bits, int[] sorted, int size) {
        this.ids = ids;
        this.bits = bits;
        this.sorted = sorted;
        this.size = size;
        long first = 0;
        if (bits != null) {
            first = bits[0];
        } else {
            for (int i = 0; i < sorted.length && sorted[i] < 64; i++) {
                first |= 1L << sorted[i];
            }
        }
        this.low = first;
    }

    static IdSet empty(Ids ids) {
        return new IdSet(ids, null, new int[0], 0);
    }

    /** The set of these strings, coding those not coded yet. Writer only. */
    static IdSet of(Ids ids, Collection<String> values) {
        int[] codes = new int[values.size()];
        int n = 0;
        for (String v : values) {
            codes[n++] = ids.code(v);
        }
        return ofCodes(ids, codes, n);
    }

    private static IdSet ofCodes(Ids ids, int[] codes, int n) {
        Arrays.sort(codes, 0, n);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (distinct == 0 || codes[distinct - 1] != codes[i]) {
                codes[distinct++] = codes[i];
            }
        }
        if (distinct > 0 && dense(codes[distinct - 1], distinct)) {
            long[] words = new long[(codes[distinct - 1] >>> 6) + 1];
            for (int i = 0; i < distinct; i++) {
                words[codes[i] >>> 6] |= 1L << codes[i];
            }
            return new IdSet(ids, words, null, distinct);
        }
        return new IdSet(ids, null, distinct == codes.length ? codes : Arrays.copyOf(codes, distinct), distinct);
    }

    /** A bitmap when it takes at most twice the bytes of the sorted array. */
    private static boolean dense(int maxCode, int count) {
        return (maxCode >>> 6) + 1 <= count;
    }

    private static IdSet ofWords(Ids ids, long[] words) {
        int count = 0;
        int top = -1;
        for (int w = 0; w < words.length; w++) {
            if (words[w] != 0) {
                count += Long.bitCount(words[w]);
                top = w;
            }
        }
        if (count == 0) {
            return empty(ids);
        }
        int maxCode = (top << 6) + 63 - Long.numberOfLeadingZeros(words[top]);
        if (dense(maxCode, count)) {
            return new IdSet(ids, top + 1 == words.length ? words : Arrays.copyOf(words, top + 1), null, count);
        }
        int[] codes = new int[count];
        int n = 0;
        for (int w = 0; w <= top; w++) {
            for (long word = words[w]; word != 0; word &= word - 1) {
                codes[n++] = (w << 6) + Long.numberOfTrailingZeros(word);
            }
        }
        return new IdSet(ids, null, codes, count);
    }

    /** Whether the set holds the code; {@code 0} (not coded) is never held. */
    boolean has(int code) {
        if (code < 64) {
            return (low & (1L << code)) != 0;
        }
        long[] b = bits;
        if (b != null) {
            int w = code >>> 6;
            return w < b.length && (b[w] & (1L << code)) != 0;
        }
        return Arrays.binarySearch(sorted, code) >= 0;
    }

    /** The codes that are in both. */
    IdSet and(IdSet other) {
        if (size == 0 || other.size == 0) {
            return size == 0 ? this : other;
        }
        if (bits != null && other.bits != null) {
            long[] words = new long[Math.min(bits.length, other.bits.length)];
            for (int w = 0; w < words.length; w++) {
                words[w] = bits[w] & other.bits[w];
            }
            // Both hold the result: one of the same size is the result (kept, so that unchanged reach stays the same instance).
            IdSet result = ofWords(ids, words);
            return result.size == size ? this : result.size == other.size ? other : result;
        }
        IdSet sparse = bits == null ? this : other;
        IdSet dense = sparse == this ? other : this;
        int[] kept = new int[sparse.size];
        int n = 0;
        for (int code : sparse.sorted) {
            if (dense.has(code)) {
                kept[n++] = code;
            }
        }
        return n == sparse.size ? sparse : ofCodes(ids, kept, n);
    }

    /**
     * This set without {@code removed} and with {@code added}, coding those not coded yet: a
     * re-scope's difference applied in words, without coding again the thousands of customers it
     * keeps. The same instance when nothing changes. Writer only.
     */
    IdSet changed(Collection<String> removed, Collection<String> added) {
        int[] adding = new int[added.size()];
        int n = 0;
        int top = bits != null ? (bits.length << 6) - 1 : sorted.length == 0 ? 0 : sorted[sorted.length - 1];
        for (String customer : added) {
            int code = ids.code(customer);
            adding[n++] = code;
            top = Math.max(top, code);
        }
        long[] words = new long[(top >>> 6) + 1];
        if (bits != null) {
            System.arraycopy(bits, 0, words, 0, bits.length);
        } else {
            for (int code : sorted) {
                words[code >>> 6] |= 1L << code;
            }
        }
        for (String customer : removed) {
            int code = ids.find(customer);
            if (code != 0 && (code >>> 6) < words.length) {
                words[code >>> 6] &= ~(1L << code);
            }
        }
        for (int i = 0; i < n; i++) {
            words[adding[i] >>> 6] |= 1L << adding[i];
        }
        IdSet result = ofWords(ids, words);
        return result.equals(this) ? this : result;
    }

    /** What a re-scope takes away from a membership's customers and gives to it, each sorted. */
    record Difference(List<String> removed, List<String> added) {
    }

    /**
     * What a re-scope to {@code wanted} takes away from this set and gives to it: each wanted id
     * is looked up once, and the ids it keeps are never turned back into strings (a root member
     * keeps thousands and changes one). Codes nothing, so any thread may ask.
     */
    Difference difference(Collection<String> wanted) {
        long[] kept = new long[bits != null ? bits.length : sorted.length == 0 ? 1 : (sorted[sorted.length - 1] >>> 6) + 1];
        List<String> added = new ArrayList<>();
        for (String customer : wanted) {
            int code = ids.find(customer);
            if (code != 0 && has(code)) {
                kept[code >>> 6] |= 1L << code;
            } else {
                added.add(customer);
            }
        }
        List<String> removed = new ArrayList<>();
        for (PrimitiveCursor c = codes(); c.hasNext();) {
            int code = c.next();
            if ((kept[code >>> 6] & (1L << code)) == 0) {
                removed.add(ids.name(code));
            }
        }
        Collections.sort(removed);
        return new Difference(removed, added.size() < 2 ? added : List.copyOf(new TreeSet<>(added)));
    }

    /**
     * The strings in ascending order, as {@link Arrays#sort} puts them: ordered by the
     * dictionary's place of each code, so that a root member's thousands of customers are sorted
     * as numbers, not by comparing strings scattered over the heap. Codes nothing.
     */
    String[] toSortedArray() {
        if (size == 0) {
            return new String[0];
        }
        int[] rank = ids.ranks(bits != null ? (bits.length << 6) - 1 - Long.numberOfLeadingZeros(bits[bits.length - 1])
            : sorted[sorted.length - 1]);
        long[] keyed = new long[size];
        int n = 0;
        for (PrimitiveCursor c = codes(); c.hasNext();) {
            int code = c.next();
            keyed[n++] = ((long) rank[code] << 32) | code;
        }
        Arrays.sort(keyed);
        String[] result = new String[size];
        for (int i = 0; i < size; i++) {
            result[i] = ids.name((int) keyed[i]);
        }
        return result;
    }

    /** Whether every code of the other set is in this one. */
    boolean hasAll(IdSet other) {
        if (other.size > size) {
            return false;
        }
        if (other.bits != null && bits != null) {
            for (int w = 0; w < other.bits.length; w++) {
                long o = other.bits[w];
                if (o != 0 && (w >= bits.length || (bits[w] & o) != o)) {
                    return false;
                }
            }
            return true;
        }
        for (PrimitiveCursor c = other.codes(); c.hasNext();) {
            if (!has(c.next())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean contains(Object o) {
        return o instanceof String s && has(ids.find(s));
    }

    @Override
    public Iterator<String> iterator() {
        PrimitiveCursor codes = codes();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return codes.hasNext();
            }

            @Override
            public String next() {
                return ids.name(codes.next());
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (o instanceof IdSet other && other.ids == ids) {
            return size == other.size && hasAll(other);
        }
        return super.equals(o);
    }

    @Override
    public int hashCode() {
        // The strings' hash, as Set requires: sets of two models (the property tests compare them) must agree.
        return super.hashCode();
    }

    /** Walks the codes in ascending order without boxing them. */
    interface PrimitiveCursor {
        boolean hasNext();

        int next();
    }

    PrimitiveCursor codes() {
        if (bits == null) {
            return new PrimitiveCursor() {
                private int i;

                @Override
                public boolean hasNext() {
                    return i < sorted.length;
                }

                @Override
                public int next() {
                    if (i >= sorted.length) {
                        throw new NoSuchElementException();
                    }
                    return sorted[i++];
                }
            };
        }
        return new PrimitiveCursor() {
            private int w = -1;
            private long word;

            @Override
            public boolean hasNext() {
                while (word == 0) {
                    if (++w >= bits.length) {
                        w = bits.length;
                        return false;
                    }
                    word = bits[w];
                }
                return true;
            }

            @Override
            public int next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int code = (w << 6) + Long.numberOfTrailingZeros(word);
                word &= word - 1;
                return code;
            }
        };
    }
}
