package dev.collab.api.delegation;

import java.time.Instant;
import java.util.List;

/**
 * A completed access review.
 *
 * @param kept the delegate ids confirmed
 * @param removed the delegate ids removed
 * @param cascade how many more people went with the removed ones (everyone they invited, at every level)
 * @param reviewedAt when the review was completed
 * @param nextDueAt when the next review falls due, or {@code null} when the tenant asks for none
 * @since 2.3
 */
public record ReviewResult(List<String> kept, List<String> removed, int cascade, Instant reviewedAt, Instant nextDueAt) {
}
