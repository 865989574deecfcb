package dev.collab.api.mail;

import java.time.Instant;

import dev.collab.api.tenants.Tenant;

/**
 * What an invitation mail says.
 *
 * @param language {@code de} or {@code en}
 * @param brokerName the tenant's display name
 * @param email the invitee's e-mail
 * @param inviter the inviter's e-mail, or {@code null} when the broker invited
 * @param role the profile given (or the grant's name without one)
 * @param link the registration link {@code <base>/collab/register?token=<token>}
 * @param expiresAt when the link stops working
 * @param timeZone the IANA id of the tenant's time zone: show {@code expiresAt} in it (since 1.3.0)
 */
public record InvitationMailModel(String language, String brokerName, String email, String inviter, String role,
    String link, Instant expiresAt, String timeZone) {

    public InvitationMailModel {
        timeZone = timeZone == null ? Tenant.DEFAULT_TIME_ZONE : timeZone;
    }

    /** A mail of a tenant in the default time zone (the 1.2 shape). */
    public InvitationMailModel(String language, String brokerName, String email, String inviter, String role,
        String link, Instant expiresAt) {
        this(language, brokerName, email, inviter, role, link, expiresAt, null);
    }
}
