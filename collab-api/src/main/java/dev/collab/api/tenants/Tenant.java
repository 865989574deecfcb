package dev.collab.api.tenants;

/**
 * A broker firm using the host CRM; every other record is scoped to one tenant.
 *
 * @param id the tenant's id as the host names it
 * @param name display name
 * @param delegatedAccess whether support has switched delegated access on for this tenant
 * @param language language of mails to people whose own is not known: {@code de} or {@code en}
 * @param invitationValidityHours how long this tenant's registration links work, or {@code null} for the default (14 days)
 * @param timeZone the IANA id of the time zone in which mails and screens show this tenant's
 *        times, e.g. {@code Europe/Berlin} (since 1.1.0)
 * @param reminderLeadHours how many hours before a pending invitation expires its invitee gets one
 *        reminder mail: {@code 0} for none, {@code null} for the container's default (since 1.2.0)
 * @param removalMail whether a delegate whose access is removed gets a mail saying so (since 1.2.0)
 * @param reviewDays every how many days each person with delegates confirms them ("Zugriffe
 *        überprüfen"); {@code null} for no reviews (since 1.3.0)
 * @param reviewGraceDays days between the review mail and its deadline (since 1.3.0)
 * @param reviewMode what the deadline does to delegates not confirmed: {@link #REVIEW_NOTIFY} or
 *        {@link #REVIEW_REVOKE} (since 1.3.0)
 */
public record Tenant(String id, String name, boolean delegatedAccess, String language, Integer invitationValidityHours,
    String timeZone, Integer reminderLeadHours, boolean removalMail, Integer reviewDays, int reviewGraceDays,
    String reviewMode) {

    /**
     * Review mode: past the deadline the reviewer gets a second mail; nobody loses access.
     *
     * @since 1.3.0
     */
    public static final String REVIEW_NOTIFY = "NOTIFY";
    /**
     * Review mode: past the deadline the delegates not confirmed are removed (with the cascade).
     *
     * @since 1.3.0
     */
    public static final String REVIEW_REVOKE = "REVOKE";
    /**
     * The days between the review mail and its deadline of a tenant that has not chosen them.
     *
     * @since 1.3.0
     */
    public static final int DEFAULT_REVIEW_GRACE_DAYS = 14;

    /**
     * The time zone of a tenant that has not chosen one.
     *
     * @since 1.1.0
     */
    public static final String DEFAULT_TIME_ZONE = "Europe/Berlin";

    public Tenant {
        timeZone = timeZone == null ? DEFAULT_TIME_ZONE : timeZone;
        reviewDays = reviewDays != null && reviewDays <= 0 ? null : reviewDays;
        reviewMode = reviewMode == null ? REVIEW_NOTIFY : reviewMode;
    }

    /** A tenant without access reviews (the 1.2 shape). */
    public Tenant(String id, String name, boolean delegatedAccess, String language, Integer invitationValidityHours,
        String timeZone, Integer reminderLeadHours, boolean removalMail) {
        this(id, name, delegatedAccess, language, invitationValidityHours, timeZone, reminderLeadHours, removalMail, null,
            DEFAULT_REVIEW_GRACE_DAYS, REVIEW_NOTIFY);
    }

    /** A tenant with the container's reminders and without removal mails (the 1.1 shape). */
    public Tenant(String id, String name, boolean delegatedAccess, String language, Integer invitationValidityHours,
        String timeZone) {
        this(id, name, delegatedAccess, language, invitationValidityHours, timeZone, null, false);
    }

    /** A tenant in the default time zone (the 1.0 shape). */
    public Tenant(String id, String name, boolean delegatedAccess, String language, Integer invitationValidityHours) {
        this(id, name, delegatedAccess, language, invitationValidityHours, DEFAULT_TIME_ZONE);
    }
}
