package dev.collab.api.tenants;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Creates tenants and switches delegated access per tenant (the support staff's job). */
@ProviderType
public interface TenantService {

    /**
     * Creates the tenant or renames an existing one.
     *
     * @param tenantId the host's id of the tenant
     * @param name display name, 1 to 200 characters
     * @param actor who asks, for the audit trail
     * @return the stored tenant and whether it was created
     * @throws dev.collab.api.ValidationException if the id or name breaks the rules
     */
    TenantChange put(String tenantId, String name, String actor);

    /**
     * @param tenantId the tenant's id
     * @return the tenant, or empty if there is none of that id
     */
    Optional<Tenant> find(String tenantId);

    /**
     * @param tenantId the tenant's id
     * @return the tenant
     * @throws dev.collab.api.UnknownResourceException if there is none of that id
     */
    Tenant get(String tenantId);

    /**
     * Sets the tenant's mail language and link validity.
     *
     * @param tenantId the tenant's id
     * @param language {@code de} or {@code en}, or {@code null} to keep it
     * @param invitationValidityHours 1 to 720, or {@code null} to keep it
     * @param actor who asks, for the audit trail
     * @return the tenant after the change
     * @throws dev.collab.api.ValidationException if a value is out of range
     */
    default Tenant configure(String tenantId, String language, Integer invitationValidityHours, String actor) {
        return configure(tenantId, language, invitationValidityHours, null, actor);
    }

    /**
     * Sets the tenant's mail language, link validity and time zone.
     *
     * @param tenantId the tenant's id
     * @param language {@code de} or {@code en}, or {@code null} to keep it
     * @param invitationValidityHours 1 to 720, or {@code null} to keep it
     * @param timeZone an IANA time zone id such as {@code Europe/Berlin}, or {@code null} to keep it
     * @param actor who asks, for the audit trail
     * @return the tenant after the change
     * @throws dev.collab.api.ValidationException if a value is out of range or the zone is unknown
     * @since 1.1.0
     */
    Tenant configure(String tenantId, String language, Integer invitationValidityHours, String timeZone, String actor);

    /**
     * Sets what the tenant's people are told by mail besides invitations: the reminder before an
     * invitation expires, and the notice that a delegate's access ended.
     *
     * @param tenantId the tenant's id
     * @param reminderLeadHours 0 (no reminders) to 720 hours before expiry, or {@code null} to keep it
     * @param useContainerReminderLead {@code true} to return to the container's default lead time (then {@code reminderLeadHours} is ignored)
     * @param removalMail whether removed delegates get a mail, or {@code null} to keep it
     * @param actor who asks, for the audit trail
     * @return the tenant after the change
     * @throws dev.collab.api.ValidationException if the lead time is out of range
     * @throws dev.collab.api.UnknownResourceException if there is no such tenant
     * @since 1.2.0
     */
    Tenant configureMails(String tenantId, Integer reminderLeadHours, boolean useContainerReminderLead, Boolean removalMail,
        String actor);

    /**
     * Sets the tenant's access review ("Zugriffe überprüfen"): every {@code reviewDays} days each
     * person with delegates is asked by mail to confirm or remove their direct delegates, with a
     * deadline {@code reviewGraceDays} after the mail; past it, {@code reviewMode} decides whether
     * the reviewer is only reminded or the delegates not confirmed lose their access.
     *
     * @param tenantId the tenant's id
     * @param reviewDays 0 to switch reviews off, else {@value #MIN_REVIEW_DAYS} to {@value #MAX_REVIEW_DAYS};
     *        {@code null} to keep it
     * @param reviewGraceDays 1 to {@value #MAX_REVIEW_GRACE_DAYS}, or {@code null} to keep it
     * @param reviewMode {@link Tenant#REVIEW_NOTIFY} or {@link Tenant#REVIEW_REVOKE}, or {@code null} to keep it
     * @param actor who asks, for the audit trail
     * @return the tenant after the change
     * @throws dev.collab.api.ValidationException naming the field out of range or the unknown mode
     * @throws dev.collab.api.UnknownResourceException if there is no such tenant
     * @since 1.3.0
     */
    Tenant configureReview(String tenantId, Integer reviewDays, Integer reviewGraceDays, String reviewMode, String actor);

    /**
     * The shortest review interval: a week, so that a review cannot fall due again before the
     * previous one's deadline under the default grace period's half.
     *
     * @since 1.3.0
     */
    int MIN_REVIEW_DAYS = 7;
    /**
     * The longest review interval (two years).
     *
     * @since 1.3.0
     */
    int MAX_REVIEW_DAYS = 730;
    /**
     * The longest grace period between the review mail and its deadline.
     *
     * @since 1.3.0
     */
    int MAX_REVIEW_GRACE_DAYS = 90;

    /** @return all tenants, ordered by id */
    List<Tenant> list();

    /**
     * Switches delegated access on or off. Switching off stops profile administration and
     * inviting at once; existing grants keep working and nothing is deleted.
     *
     * @param tenantId the tenant's id
     * @param enabled the new state
     * @param actor who asks, for the audit trail
     * @return the tenant after the change
     * @throws dev.collab.api.UnknownResourceException if there is no such tenant
     */
    Tenant setDelegatedAccess(String tenantId, boolean enabled, String actor);
}
