package dev.collab.api.mail;

/**
 * @param subject subject line
 * @param text plain-text body, containing the registration link
 * @param html HTML body, or {@code null}
 */
public record RenderedMail(String subject, String text, String html) {
}
