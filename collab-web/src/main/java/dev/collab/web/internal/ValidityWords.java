package dev.collab.web.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * "gültig bis" on the screens: the user picks a day, the service takes an instant. A day means
 * access through the end of that day in the tenant's time zone, and an end is shown as that day
 * again. Only the conversion lives here; every rule (future, the profile's limit, the inviter's
 * own end) is the delegation service's.
 */
final class ValidityWords {
    private ValidityWords() {
    }

    /** The end of a day the user chose, in the zone: the start of the next day. */
    static Instant endOf(LocalDate day, ZoneId zone) {
        return day.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** The day an end is shown as: the day of its last instant. */
    static LocalDate dayOf(Instant end, ZoneId zone) {
        return LocalDate.ofInstant(end.minusMillis(1), zone);
    }

    /**
     * A day as typed or as a date field sends it (ISO {@code 2027-06-30}, or {@code 30.06.2027}).
     *
     * @return the day, or {@code null} for an empty field
     * @throws DateTimeParseException if it is neither
     */
    static LocalDate parse(String value) {
        String trimmed = value == null ? "" : value.trim();
        if (trimmed.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(trimmed);
        } catch (DateTimeParseException e) {
            return LocalDate.parse(trimmed, DateTimeFormatter.ofPattern("d.M.uuuu"));
        }
    }

    /** A day in the user's language: 30.06.2027 / 30 Jun 2027. */
    static String show(Exchange x, LocalDate day) {
        String pattern = Texts.ENGLISH.equals(x.language) ? "d MMM yyyy" : "dd.MM.yyyy";
        return DateTimeFormatter.ofPattern(pattern, Texts.locale(x.language)).format(day);
    }

    /** An end as the day it is shown as, in the user's language and the tenant's zone. */
    static String show(Exchange x, Instant end) {
        return show(x, dayOf(end, x.zone()));
    }
}
