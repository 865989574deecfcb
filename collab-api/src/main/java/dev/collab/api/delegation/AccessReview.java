package dev.collab.api.delegation;

import java.time.Instant;
import java.util.List;

/**
 * "Zugriffe überprüfen": a person's direct delegates to keep or remove, with the state of their
 * review.
 *
 * @param required whether the tenant asks for reviews at all (a review can be completed anyway)
 * @param reviewDays every how many days a review falls due, or {@code null} when not required
 * @param mode what the deadline does to delegates not confirmed: {@code NOTIFY} or {@code REVOKE}
 * @param reviewedAt when the person last completed a review, or {@code null}
 * @param dueAt when the next (or the open) review falls due, or {@code null} when none will (not
 *        required, or no delegates)
 * @param deadlineAt the open review's deadline once its mail went out, else {@code null}
 * @param overdue whether the open review's deadline has passed
 * @param delegates the person's direct delegates, as the overview shows them, ordered by e-mail
 * @since 2.3
 */
public record AccessReview(boolean required, Integer reviewDays, String mode, Instant reviewedAt, Instant dueAt,
    Instant deadlineAt, boolean overdue, List<Delegate> delegates) {
}
