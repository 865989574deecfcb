package dev.collab.api.mail;

/**
 * A message ready for the transport.
 *
 * @param messageId the Message-ID header, stable over retries ({@code <id@host>})
 * @param from sender address
 * @param to recipient address
 * @param subject subject line
 * @param text plain-text body (always present)
 * @param html HTML body, or {@code null}
 */
public record OutgoingMail(String messageId, String from, String to, String subject, String text, String html) {
}
