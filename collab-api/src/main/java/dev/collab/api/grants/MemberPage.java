package dev.collab.api.grants;

import java.util.List;

/**
 * One page of a grant's members, ordered by e-mail.
 *
 * @param items the members of this page
 * @param nextCursor where the next page starts (opaque), or {@code null} after the last page
 * @since 1.1
 */
public record MemberPage(List<Member> items, String nextCursor) {
}
