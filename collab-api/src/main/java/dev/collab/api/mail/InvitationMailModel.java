package dev.collab.api.mail;

import java.time.Instant;

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
 */
public record InvitationMailModel(String language, String brokerName, String email, String inviter, String role,
    String link, Instant expiresAt) {
}
