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
 */
public record Tenant(String id, String name, boolean delegatedAccess, String language, Integer invitationValidityHours,
    String timeZone) {

    /**
     * The time zone of a tenant that has not chosen one.
     *
     * @since 1.1.0
     */
    public static final String DEFAULT_TIME_ZONE = "Europe/Berlin";

    public Tenant {
        timeZone = timeZone == null ? DEFAULT_TIME_ZONE : timeZone;
    }

    /** A tenant in the default time zone (the 1.0 shape). */
    public Tenant(String id, String name, boolean delegatedAccess, String language, Integer invitationValidityHours) {
        this(id, name, delegatedAccess, language, invitationValidityHours, DEFAULT_TIME_ZONE);
    }
}
