package dev.collab.profiles.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;

import dev.collab.api.FieldError;

/**
 * The rules of time-bound access ("gültig bis", issue 13 item 2), shared by inviting, extending
 * and the admin's profile editor. A validity is an instant; the screens choose a day, which means
 * access through the end of that day in the tenant's time zone ({@link #endOfDay}). A profile's
 * limit counts whole months from the tenant's today, so the last day the limit allows is the
 * same day number that many months on, through its end.
 */
final class Validity {
    /** The longest limit a profile may set: ten years, far beyond any employment contract's fixed term. */
    static final int MAX_MONTHS = 120;

    private Validity() {
    }

    /** The instant a day chosen on a screen ends in the zone: the start of the next day. */
    static Instant endOfDay(LocalDate day, ZoneId zone) {
        return day.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** The latest end a profile's limit allows for an invitation or extension made at {@code now}, or {@code null} without limit. */
    static Instant limit(Integer maxMonths, Instant now, ZoneId zone) {
        return maxMonths == null ? null : endOfDay(LocalDate.ofInstant(now, zone).plusMonths(maxMonths), zone);
    }

    /** The day a validity is shown as ("gültig bis" that day): the day of its last instant in the zone. */
    static LocalDate lastDay(Instant end, ZoneId zone) {
        return LocalDate.ofInstant(end.minusMillis(1), zone);
    }

    /** The admin's limit on a profile: {@code null} or 1 to {@link #MAX_MONTHS}. */
    static void months(String field, Integer months, List<FieldError> errors) {
        if (months != null && (months < 1 || months > MAX_MONTHS)) {
            errors.add(FieldError.of(field, "profile.maxValidityMonths", "The longest validity must be 1 to " + MAX_MONTHS
                + " months, or none.", MAX_MONTHS));
        }
    }

    /**
     * The end a delegate's membership gets, given what the inviter asked for.
     *
     * @param requested the inviter's choice, or {@code null}
     * @param maxMonths the delegate's profile's limit, or {@code null}
     * @param inviterEnd the inviter's own effective end (epoch ms), {@link TenantModel#UNLIMITED} for none
     * @return the end to store: the choice; without one the profile's limit (no later than the
     *         inviter's end), or {@code null} (unlimited; the inviter's end still bounds it along the chain);
     *         {@code null} also after adding an error
     */
    static Instant choose(String field, Instant requested, Integer maxMonths, long inviterEnd, Instant now, ZoneId zone,
        List<FieldError> errors) {
        Instant limit = limit(maxMonths, now, zone);
        if (requested == null) {
            if (limit == null) {
                return null;
            }
            return inviterEnd != TenantModel.UNLIMITED && inviterEnd < limit.toEpochMilli() ? Instant.ofEpochMilli(inviterEnd) : limit;
        }
        if (!requested.isAfter(now)) {
            errors.add(FieldError.of(field, "validity.past", "The end of the access must lie in the future."));
            return null;
        }
        if (limit != null && requested.isAfter(limit)) {
            errors.add(FieldError.of(field, "validity.beyondProfile", "With this profile, access can last at most " + maxMonths
                + " months, until " + lastDay(limit, zone) + ".", maxMonths, lastDay(limit, zone).toString()));
            return null;
        }
        if (inviterEnd != TenantModel.UNLIMITED && requested.toEpochMilli() > inviterEnd) {
            Instant own = Instant.ofEpochMilli(inviterEnd);
            errors.add(FieldError.of(field, "validity.beyondInviter", "Your own access ends on " + lastDay(own, zone)
                + "; a delegate's cannot last longer.", lastDay(own, zone).toString()));
            return null;
        }
        return stored(requested);
    }

    /**
     * A validity as kept: to the millisecond. Decisions compare the clock's milliseconds with it,
     * every supported database keeps it exactly (PostgreSQL would round nanoseconds to
     * microseconds), and so the access model, the database and every node agree on it.
     */
    static Instant stored(Instant validUntil) {
        return validUntil == null ? null : validUntil.truncatedTo(ChronoUnit.MILLIS);
    }
}
