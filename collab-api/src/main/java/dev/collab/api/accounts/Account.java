package dev.collab.api.accounts;

/**
 * A login of one tenant (or the tenant-less support login).
 *
 * @param id opaque account id
 * @param tenantId the tenant, or {@code null} for support
 * @param email the login name as given (trimmed); compared case-insensitively
 * @param role what the account is
 */
public record Account(String id, String tenantId, String email, Role role) {
}
