package dev.collab.api.delegation;

import java.util.List;

/**
 * One page of the delegates overview, ordered by e-mail, then grant name.
 *
 * @param items the delegates of this page
 * @param nextCursor where the next page starts (opaque), or {@code null} after the last page
 * @since 1.2
 */
public record DelegatePage(List<Delegate> items, String nextCursor) {
}
