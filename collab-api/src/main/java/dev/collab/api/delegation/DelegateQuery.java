package dev.collab.api.delegation;

/**
 * Which page of the delegates overview to read.
 *
 * @param filter text the delegate's e-mail or grant name must contain, compared case-insensitively;
 *        {@code null} or blank for every delegate
 * @param limit how many delegates at most, 1 to {@link #MAX_LIMIT}
 * @param cursor the {@link DelegatePage#nextCursor()} of the page before, or {@code null} for the first page
 * @since 1.2
 */
public record DelegateQuery(String filter, int limit, String cursor) {
    /** The largest page. */
    public static final int MAX_LIMIT = 500;
}
