package dev.collab.api.accounts;

import java.time.Instant;

/**
 * What the "set a new password" page shows about a reset token.
 *
 * @param tenant the tenant's id
 * @param email the account's e-mail
 * @param expiresAt when the token stops working
 */
public record PasswordResetInfo(String tenant, String email, Instant expiresAt) {
}
