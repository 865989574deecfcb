package dev.collab.rest.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.ToLongFunction;

import dev.collab.api.ValidationException;

/**
 * One page of a list, as the contract shapes every list: {@code {"items", "nextCursor"}}.
 * The cursor is opaque to clients; it encodes the position after the last item returned.
 */
record Page<T>(List<T> items, String nextCursor) {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    static <T> Page<T> of(List<T> all, String limit, String cursor) {
        int size = size(limit);
        int from = decode(cursor);
        int to = (int) Math.min(all.size(), (long) from + size);
        List<T> items = from >= all.size() ? List.of() : all.subList(from, to);
        return new Page<>(List.copyOf(items), to < all.size() ? encode(to) : null);
    }

    /**
     * A page of a list that is read in id order from a position on (e.g. the audit trail):
     * {@code fetch} gets the id after which to start and how many entries to read, and must
     * answer them in increasing id order. One more than the page size is read to know whether
     * a next page exists; the cursor names the last id returned.
     */
    static <T> Page<T> afterId(String limit, String cursor, IdFetch<T> fetch, ToLongFunction<T> id) {
        int size = size(limit);
        long after = decodeId(cursor);
        List<T> read = fetch.fetch(after, size + 1);
        if (read.size() <= size) {
            return new Page<>(List.copyOf(read), null);
        }
        List<T> items = List.copyOf(read.subList(0, size));
        return new Page<>(items, encodeId(id.applyAsLong(items.get(size - 1))));
    }

    /** Reads at most {@code limit} entries with an id greater than {@code afterId}, in id order. */
    @FunctionalInterface
    interface IdFetch<T> {
        List<T> fetch(long afterId, int limit);
    }

    /** @return the page size asked for: {@code limit}, or the default when absent */
    static int size(String limit) {
        int size = DEFAULT_LIMIT;
        if (limit != null && !limit.isBlank()) {
            try {
                size = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                size = -1;
            }
        }
        if (size < 1 || size > MAX_LIMIT) {
            throw new ValidationException("limit", "list.limitRange", "limit must be between 1 and " + MAX_LIMIT + ".", MAX_LIMIT);
        }
        return size;
    }

    private static String encode(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("o" + offset).getBytes(StandardCharsets.UTF_8));
    }

    static String encodeId(long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("a" + id).getBytes(StandardCharsets.UTF_8));
    }

    static long decodeId(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (raw.startsWith("a")) {
                long id = Long.parseLong(raw.substring(1));
                if (id >= 0) {
                    return id;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw new ValidationException("cursor", "list.cursorUnknown", "The cursor is not one this list handed out.");
    }

    private static int decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (raw.startsWith("o")) {
                int offset = Integer.parseInt(raw.substring(1));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw new ValidationException("cursor", "list.cursorUnknown", "The cursor is not one this list handed out.");
    }
}
