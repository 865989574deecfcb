package dev.collab.api.mailbox;

import java.time.Instant;

/**
 * One message of a user's mailbox.
 *
 * @param id opaque id
 * @param from sender's e-mail
 * @param to recipient's e-mail
 * @param subject subject line
 * @param body plain text
 * @param sentAt when it was sent
 */
public record Message(String id, String from, String to, String subject, String body, Instant sentAt) {
}
