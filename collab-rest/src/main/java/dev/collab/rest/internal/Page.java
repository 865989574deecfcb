package dev.collab.rest.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import dev.collab.api.ValidationException;

/**
 * One page of a list, as the contract shapes every list: {@code {"items", "nextCursor"}}.
 * The cursor is opaque to clients; it encodes the position after the last item returned.
 */
record Page<T>(List<T> items, String nextCursor) {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    static <T> Page<T> of(List<T> all, String limit, String cursor) {
        int size = DEFAULT_LIMIT;
        if (limit != null && !limit.isBlank()) {
            try {
                size = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                size = -1;
            }
        }
        if (size < 1 || size > MAX_LIMIT) {
            throw new ValidationException("limit", "limit must be between 1 and " + MAX_LIMIT + ".");
        }
        int from = decode(cursor);
        int to = Math.min(all.size(), from + size);
        List<T> items = from >= all.size() ? List.of() : all.subList(from, to);
        return new Page<>(List.copyOf(items), to < all.size() ? encode(to) : null);
    }

    private static String encode(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("o" + offset).getBytes(StandardCharsets.UTF_8));
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
        throw new ValidationException("cursor", "The cursor is not one this list handed out.");
    }
}
