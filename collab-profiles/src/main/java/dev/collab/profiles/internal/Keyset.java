package dev.collab.profiles.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.collab.api.ValidationException;

/**
 * Keyset paging of the lists read in the database: a cursor holds the sort keys of the last
 * row handed out, and the next page starts strictly after them. Unlike an offset, a position
 * that survives inserts and removals before it, so no row shows twice or goes missing while a
 * user pages. The comparison is the database's own (the same collation as its ORDER BY).
 */
final class Keyset {
    /** Longest filter text: the longest key it is matched against is a grant name. */
    static final int MAX_FILTER = DelegationServiceImpl.MAX_GRANT_NAME;
    private static final byte VERSION = 1;

    private Keyset() {
    }

    static int limit(int limit, int max) {
        if (limit < 1 || limit > max) {
            throw new ValidationException("limit", "list.limitRange", "limit must be between 1 and " + max + ".", max);
        }
        return limit;
    }

    /** @return the {@code LIKE} pattern (escape character {@code \}) of a filter, or {@code null} for none */
    static String like(String filter) {
        if (filter == null || filter.isBlank()) {
            return null;
        }
        String text = filter.strip();
        if (text.length() > MAX_FILTER) {
            throw new ValidationException("q", "list.filterTooLong", "The filter is longer than " + MAX_FILTER + " characters.", MAX_FILTER);
        }
        StringBuilder pattern = new StringBuilder("%");
        for (char c : Rules.key(text).toCharArray()) {
            if (c == '%' || c == '_' || c == '\\') {
                pattern.append('\\');
            }
            pattern.append(c);
        }
        return pattern.append('%').toString();
    }

    static String encode(String... keys) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(keys.length);
            for (String key : keys) {
                out.writeUTF(key);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
    }

    /** @return the keys of the cursor, or {@code null} for the first page */
    static List<String> decode(String cursor, int keys) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Base64.getUrlDecoder().decode(cursor)))) {
            if (in.readByte() == VERSION && in.readByte() == keys) {
                List<String> result = new ArrayList<>(keys);
                for (int i = 0; i < keys; i++) {
                    result.add(in.readUTF());
                }
                if (in.read() == -1) {
                    return result;
                }
            }
        } catch (IllegalArgumentException | IOException e) {
            // falls through to the error below
        }
        throw new ValidationException("cursor", "list.cursorUnknown", "The cursor is not one this list handed out.");
    }
}
