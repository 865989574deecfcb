package dev.collab.profiles.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * When a person's access review ("Zugriffe überprüfen") falls due and when its deadline has
 * passed. The rule reads only what the database holds (the tenant's interval, the last completed
 * review, the oldest of the person's current direct delegates, the open round's times), so that
 * the pass applying it keeps no state: whatever fell due while it was stopped is still due at its
 * next run, and what it did is never done again.
 */
final class ReviewRule {

    private ReviewRule() {
    }

    /**
     * A review falls due {@code reviewDays} after the later of the last completed review and the
     * invitation of the oldest current direct delegate: every delegate is confirmed at least every
     * {@code reviewDays} days, someone whose delegates are all newer than that is not asked yet,
     * and switching reviews on asks at once about delegates that were never confirmed in that time.
     *
     * @param reviewDays the tenant's interval, {@code null} (or not positive) for no reviews
     * @param reviewedAt when the person last completed a review, or {@code null}
     * @param oldestDelegate when the oldest of their current direct delegates was invited, or {@code null} for none
     * @return when the review falls due, or {@code null} when none will
     */
    static Instant dueAt(Integer reviewDays, Instant reviewedAt, Instant oldestDelegate) {
        if (reviewDays == null || reviewDays <= 0 || oldestDelegate == null) {
            return null;
        }
        Instant since = reviewedAt != null && reviewedAt.isAfter(oldestDelegate) ? reviewedAt : oldestDelegate;
        return since.plus(Duration.ofDays(reviewDays));
    }

    /**
     * @param dueAt as {@link #dueAt}
     * @param notifiedAt when the open round's mail was queued, or {@code null} while none is open
     * @param now the pass's time
     * @return whether the pass asks for the review now
     */
    static boolean requestDue(Instant dueAt, Instant notifiedAt, Instant now) {
        return dueAt != null && notifiedAt == null && !now.isBefore(dueAt);
    }

    /**
     * @param notifiedAt when the open round's mail was queued, or {@code null} while none is open
     * @param deadlineAt the open round's deadline
     * @param overdueAt when the deadline was acted on, or {@code null}
     * @param now the pass's time
     * @return whether the pass acts on the open round's deadline now
     */
    static boolean overdue(Instant notifiedAt, Instant deadlineAt, Instant overdueAt, Instant now) {
        return notifiedAt != null && deadlineAt != null && overdueAt == null && !now.isBefore(deadlineAt);
    }

    /** @return the deadline of a round whose mail is queued at {@code notifiedAt} */
    static Instant deadline(Instant notifiedAt, int graceDays) {
        return notifiedAt.plus(Duration.ofDays(Math.max(1, graceDays)));
    }
}
