package dev.collab.api.invitations;

import java.time.Instant;

/**
 * A new invitation token, handed to {@link InvitationSink}s right after it was committed. The
 * raw token exists only here; the suite stores its hash.
 *
 * @param tenantId the tenant
 * @param invitationId the invitation's id
 * @param email the invitee's e-mail
 * @param token the raw registration token
 * @param profile the profile given, or {@code null}
 * @param grant the grant's name
 * @param invitedBy e-mail of the inviter, or {@code null} for an admin
 * @param expiresAt when the token stops working
 */
public record InvitationIssued(String tenantId, String invitationId, String email, String token, String profile,
    String grant, String invitedBy, Instant expiresAt) {
}
