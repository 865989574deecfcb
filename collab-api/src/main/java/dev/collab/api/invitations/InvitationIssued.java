package dev.collab.api.invitations;

import java.time.Instant;

/**
 * An invitation mail's content as the {@link dev.collab.api.mail.MailOutbox} hands it to the
 * dispatcher in a {@link dev.collab.api.mail.PendingMail}: the raw token exists only here (and in
 * the mail); the suite stores its hash and keeps it sealed in the outbox until the mail is sent.
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
