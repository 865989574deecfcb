package dev.collab.api.accounts;

/**
 * The authenticated caller of one request.
 *
 * @param accountId the account's id
 * @param tenantId the tenant the caller belongs to, or {@code null} for support
 * @param name the login name (an e-mail, or {@code support})
 * @param role what the caller is
 */
public record Principal(String accountId, String tenantId, String name, Role role) {
}
