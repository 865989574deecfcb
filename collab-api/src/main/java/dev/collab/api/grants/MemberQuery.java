package dev.collab.api.grants;

/**
 * Which page of a grant's members to read.
 *
 * @param filter text the member's e-mail must contain, compared case-insensitively; {@code null} or blank for all
 * @param limit how many members at most, 1 to {@link #MAX_LIMIT}
 * @param cursor the {@link MemberPage#nextCursor()} of the page before, or {@code null} for the first page
 * @since 1.1
 */
public record MemberQuery(String filter, int limit, String cursor) {
    /** The largest page. */
    public static final int MAX_LIMIT = 500;
}
