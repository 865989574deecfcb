package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** When a review falls due and when its deadline is acted on: from the stored times alone. */
class ReviewRuleTest {
    private static final Instant T0 = Instant.parse("2026-01-01T08:00:00Z");

    @Test
    void aReviewFallsDueTheIntervalAfterTheLaterOfTheLastReviewAndTheOldestDelegate() {
        assertNull(ReviewRule.dueAt(null, null, T0), "no reviews asked for");
        assertNull(ReviewRule.dueAt(0, null, T0), "0 is off");
        assertNull(ReviewRule.dueAt(30, T0, null), "nobody to review");
        assertEquals(T0.plus(Duration.ofDays(30)), ReviewRule.dueAt(30, null, T0), "never reviewed: from the oldest delegate");
        Instant reviewed = T0.plus(Duration.ofDays(40));
        assertEquals(reviewed.plus(Duration.ofDays(30)), ReviewRule.dueAt(30, reviewed, T0), "reviewed later: from the review");
        Instant newDelegate = reviewed.plus(Duration.ofDays(5));
        assertEquals(newDelegate.plus(Duration.ofDays(30)), ReviewRule.dueAt(30, reviewed, newDelegate),
            "all delegates newer than the review (the others were removed): from the oldest of them");
    }

    @Test
    void aRequestGoesOutOncePerRoundAndTheDeadlineIsActedOnOnce() {
        Instant due = T0.plus(Duration.ofDays(30));
        assertFalse(ReviewRule.requestDue(due, null, due.minusSeconds(1)));
        assertTrue(ReviewRule.requestDue(due, null, due));
        assertTrue(ReviewRule.requestDue(due, null, due.plus(Duration.ofDays(100))), "a pass after a long stop catches up");
        assertFalse(ReviewRule.requestDue(due, due, due.plusSeconds(1)), "the round's mail went out already");
        assertFalse(ReviewRule.requestDue(null, null, due));

        Instant deadline = ReviewRule.deadline(due, 14);
        assertEquals(due.plus(Duration.ofDays(14)), deadline);
        assertEquals(due.plus(Duration.ofDays(1)), ReviewRule.deadline(due, 0), "at least a day");
        assertFalse(ReviewRule.overdue(due, deadline, null, deadline.minusSeconds(1)));
        assertTrue(ReviewRule.overdue(due, deadline, null, deadline));
        assertFalse(ReviewRule.overdue(due, deadline, deadline, deadline.plusSeconds(5)), "acted on already");
        assertFalse(ReviewRule.overdue(null, null, null, deadline), "no open round");
    }
}
