package dev.collab.api.mail;

import java.time.Instant;

import dev.collab.api.tenants.Tenant;

/**
 * What a password reset mail says.
 *
 * @param language {@code de} or {@code en}
 * @param brokerName the tenant's display name
 * @param email the account's e-mail
 * @param link the reset link {@code <base>/collab/password/reset?token=<token>}
 * @param expiresAt when the link stops working
 * @param timeZone the IANA id of the tenant's time zone: show {@code expiresAt} in it (since 1.3.0)
 */
public record PasswordResetMailModel(String language, String brokerName, String email, String link, Instant expiresAt,
    String timeZone) {

    public PasswordResetMailModel {
        timeZone = timeZone == null ? Tenant.DEFAULT_TIME_ZONE : timeZone;
    }

    /** A mail of a tenant in the default time zone (the 1.2 shape). */
    public PasswordResetMailModel(String language, String brokerName, String email, String link, Instant expiresAt) {
        this(language, brokerName, email, link, expiresAt, null);
    }
}
