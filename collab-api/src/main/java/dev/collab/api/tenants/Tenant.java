package dev.collab.api.tenants;

/**
 * A broker firm using the host CRM; every other record is scoped to one tenant.
 *
 * @param id the tenant's id as the host names it
 * @param name display name
 * @param delegatedAccess whether support has switched delegated access on for this tenant
 * @param language language of mails to people whose own is not known: {@code de} or {@code en}
 * @param invitationValidityHours how long this tenant's registration links work, or {@code null} for the default (14 days)
 */
public record Tenant(String id, String name, boolean delegatedAccess, String language, Integer invitationValidityHours) {
}
