package dev.collab.profiles.internal;

import java.time.Duration;
import java.time.Instant;

import dev.collab.profiles.internal.entities.InvitationEntity;

/**
 * When a pending invitation is owed its one reminder. The rule reads only what the database
 * holds (status, issue time, expiry, whether a reminder was queued), so that the pass that
 * applies it keeps no state of its own: whatever it missed while stopped is still due at its
 * next run, and what it did is never done again.
 */
final class ReminderRule {
    /** The lead time's upper bound: as long as the longest validity of a link (30 days). */
    static final int MAX_LEAD_HOURS = 720;

    private ReminderRule() {
    }

    /**
     * @param tenantLeadHours the tenant's setting: 0 none, {@code null} the container's default
     * @param defaultLeadHours the container's default (0 none)
     * @return how long before expiry the reminder goes out; zero for none
     */
    static Duration lead(Integer tenantLeadHours, int defaultLeadHours) {
        int hours = tenantLeadHours != null ? tenantLeadHours : defaultLeadHours;
        return Duration.ofHours(Math.max(0, Math.min(MAX_LEAD_HOURS, hours)));
    }

    /**
     * Due: pending, not reminded yet, not expired, within the lead time of its expiry, and at
     * least the minimum age old, so that a lead time as long as the link's validity does not
     * remind right after the invitation itself.
     *
     * @param status the invitation's status
     * @param remindedAt when its reminder was queued, or {@code null}
     * @param createdAt when it was issued (a resend issues a new one)
     * @param expiresAt when its link stops working
     * @param lead the tenant's lead time; zero for none
     * @param minimumAge how old an invitation must be before it is reminded
     * @param now the pass's time
     * @return whether the pass queues its reminder now
     */
    static boolean due(String status, Instant remindedAt, Instant createdAt, Instant expiresAt, Duration lead,
        Duration minimumAge, Instant now) {
        return InvitationEntity.PENDING.equals(status) && remindedAt == null && !lead.isZero() && !lead.isNegative()
            && now.isBefore(expiresAt) && !now.isBefore(expiresAt.minus(lead)) && !now.isBefore(createdAt.plus(minimumAge));
    }
}
