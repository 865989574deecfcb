package dev.collab.api.mail;

import java.time.Instant;

/**
 * What a password reset mail says.
 *
 * @param language {@code de} or {@code en}
 * @param brokerName the tenant's display name
 * @param email the account's e-mail
 * @param link the reset link {@code <base>/collab/password/reset?token=<token>}
 * @param expiresAt when the link stops working
 */
public record PasswordResetMailModel(String language, String brokerName, String email, String link, Instant expiresAt) {
}
