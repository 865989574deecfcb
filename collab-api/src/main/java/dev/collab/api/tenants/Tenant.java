package dev.collab.api.tenants;

/**
 * A broker firm using the host CRM; every other record is scoped to one tenant.
 *
 * @param id the tenant's id as the host names it
 * @param name display name
 * @param delegatedAccess whether support has switched delegated access on for this tenant
 */
public record Tenant(String id, String name, boolean delegatedAccess) {
}
