package dev.collab.api.mail;

/** How the newest mail of an invitation stands in the outbox. */
public enum MailStatus {
    /** Queued or being retried. */
    PENDING,
    /** Handed to the mail server (or written as a file). */
    SENT,
    /** Given up: permanently refused or too many attempts. */
    FAILED
}
