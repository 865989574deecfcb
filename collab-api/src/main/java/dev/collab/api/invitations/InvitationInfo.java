package dev.collab.api.invitations;

import java.time.Instant;

/**
 * What the registration page shows about a token.
 *
 * @param tenant the tenant's id
 * @param email the invitee's e-mail
 * @param profile the profile given, or {@code null}
 * @param invitedBy e-mail of the inviter, or {@code null} for an admin
 * @param expiresAt when the token stops working
 */
public record InvitationInfo(String tenant, String email, String profile, String invitedBy, Instant expiresAt) {
}
