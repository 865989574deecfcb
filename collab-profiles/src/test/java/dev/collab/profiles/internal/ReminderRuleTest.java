package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.collab.profiles.internal.entities.InvitationEntity;

/** Which pending invitations the reminder pass picks: the due-selection rule alone, no database. */
class ReminderRuleTest {
    private static final Instant ISSUED = Instant.parse("2026-11-01T08:00:00Z");
    private static final Instant EXPIRES = ISSUED.plus(Duration.ofDays(14));
    private static final Duration LEAD = Duration.ofHours(48);
    private static final Duration MIN_AGE = Duration.ofHours(12);

    private static boolean due(Instant now) {
        return ReminderRule.due(InvitationEntity.PENDING, null, ISSUED, EXPIRES, LEAD, MIN_AGE, now);
    }

    @Test
    void dueFromTheLeadTimeBeforeExpiryUntilTheExpiry() {
        assertFalse(due(ISSUED), "not at the invitation");
        assertFalse(due(EXPIRES.minus(LEAD).minusSeconds(1)), "not a second before the lead time");
        assertTrue(due(EXPIRES.minus(LEAD)), "at the lead time");
        assertTrue(due(EXPIRES.minusSeconds(1)), "until the last second");
        assertFalse(due(EXPIRES), "never once expired: expiry needs no reminder");
        assertFalse(due(EXPIRES.plus(Duration.ofDays(3))));
    }

    @Test
    void onlyPendingInvitationsWithoutAReminderAreDue() {
        Instant now = EXPIRES.minus(Duration.ofHours(10));
        assertTrue(due(now));
        assertFalse(ReminderRule.due(InvitationEntity.PENDING, now.minusSeconds(60), ISSUED, EXPIRES, LEAD, MIN_AGE, now),
            "one reminder only");
        assertFalse(ReminderRule.due(InvitationEntity.ACCEPTED, null, ISSUED, EXPIRES, LEAD, MIN_AGE, now));
        assertFalse(ReminderRule.due(InvitationEntity.VOID, null, ISSUED, EXPIRES, LEAD, MIN_AGE, now), "a resent one's old link");
    }

    @Test
    void aLeadTimeOfZeroMeansNoReminder() {
        assertFalse(ReminderRule.due(InvitationEntity.PENDING, null, ISSUED, EXPIRES, Duration.ZERO, MIN_AGE,
            EXPIRES.minusSeconds(1)));
    }

    @Test
    void aLinkShorterLivedThanTheLeadTimeIsRemindedOnlyOnceOldEnough() {
        Instant issued = ISSUED;
        Instant expires = issued.plus(Duration.ofHours(24));
        assertFalse(ReminderRule.due(InvitationEntity.PENDING, null, issued, expires, LEAD, MIN_AGE, issued.plusSeconds(5)),
            "not right after the invitation itself");
        assertTrue(ReminderRule.due(InvitationEntity.PENDING, null, issued, expires, LEAD, MIN_AGE, issued.plus(MIN_AGE)));
        assertTrue(ReminderRule.due(InvitationEntity.PENDING, null, issued, expires, LEAD, Duration.ZERO, issued),
            "without a minimum age at once");
    }

    @Test
    void theTenantsLeadTimeWinsOverTheContainersAndIsBounded() {
        assertEquals(Duration.ofHours(48), ReminderRule.lead(null, 48));
        assertEquals(Duration.ofHours(6), ReminderRule.lead(6, 48));
        assertEquals(Duration.ZERO, ReminderRule.lead(0, 48), "a tenant may switch reminders off");
        assertEquals(Duration.ZERO, ReminderRule.lead(null, 0));
        assertEquals(Duration.ofHours(720), ReminderRule.lead(10_000, 48));
        assertEquals(Duration.ZERO, ReminderRule.lead(-5, 48));
    }
}
