package dev.collab.api.mail;

import java.time.Instant;

/**
 * A password reset link to mail, as the outbox hands it to the mailing bundle.
 *
 * @param tenantId the account's tenant
 * @param resetId the reset's id
 * @param email the account's e-mail, the recipient
 * @param token the raw token of the link {@code <base>/collab/password/reset?token=<token>}
 * @param expiresAt when the link stops working
 */
public record PasswordResetIssued(String tenantId, String resetId, String email, String token, Instant expiresAt) {
}
