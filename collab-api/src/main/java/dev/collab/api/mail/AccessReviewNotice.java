package dev.collab.api.mail;

import java.time.Instant;

/**
 * A mail of the access review ("Zugriffe überprüfen") to a reviewer: the request to confirm their
 * delegates, the note that the deadline passed, or the note that the delegates not confirmed
 * lost their access, as the mail's kind tells. It carries no token: the link leads to the review
 * screen, behind the reviewer's own sign-in.
 *
 * @param tenantId the tenant
 * @param email the reviewer's e-mail
 * @param delegates how many direct delegates the review concerned when the mail was queued
 * @param deadlineAt the review's deadline
 * @param revoke whether the tenant revokes unconfirmed delegates at the deadline (else it reminds)
 * @since 1.6.0
 */
public record AccessReviewNotice(String tenantId, String email, int delegates, Instant deadlineAt, boolean revoke) {
}
