package dev.collab.api.mail;

import java.time.Instant;

import dev.collab.api.invitations.InvitationIssued;

/**
 * An invitation mail waiting in the outbox.
 *
 * @param id the outbox entry's id; stable over retries, so it makes the Message-ID
 * @param invitation the invitation, with its raw token
 * @param brokerName the tenant's display name
 * @param language the language to write in ({@code de} or {@code en}): the invitee's if known, else the tenant's
 * @param attempts how many deliveries were tried already
 * @param createdAt when the mail was recorded
 */
public record PendingMail(String id, InvitationIssued invitation, String brokerName, String language, int attempts,
    Instant createdAt) {
}
