package dev.collab.api.tenants;

/**
 * The outcome of creating or updating a tenant.
 *
 * @param tenant the tenant as stored after the change
 * @param created {@code true} when the tenant did not exist before
 */
public record TenantChange(Tenant tenant, boolean created) {
}
