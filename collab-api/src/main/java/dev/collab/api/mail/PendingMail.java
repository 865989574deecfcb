package dev.collab.api.mail;

import java.time.Instant;

import dev.collab.api.invitations.InvitationIssued;
import dev.collab.api.tenants.Tenant;

/**
 * A mail waiting in the outbox: an invitation, a reminder of one, a password reset or the notice
 * that a delegate's access ended, as {@link #kind()} tells; the components of the other kinds are
 * {@code null}.
 *
 * @param id the outbox entry's id; stable over retries, so it makes the Message-ID
 * @param kind {@link #INVITATION}, {@link #REMINDER}, {@link #PASSWORD_RESET} or {@link #ACCESS_ENDED}
 * @param invitation for an invitation mail or its reminder: the invitation, with its raw token; else {@code null}
 * @param passwordReset for a reset mail: the reset, with its raw token; else {@code null}
 * @param brokerName the tenant's display name
 * @param language the language to write in ({@code de} or {@code en}): the recipient's if known, else the tenant's
 * @param attempts how many deliveries were tried already
 * @param createdAt when the mail was recorded
 * @param timeZone the IANA id of the tenant's time zone, in which the mail shows times (since 1.3.0)
 * @param accessEnded for an {@link #ACCESS_ENDED} notice: whose access ended; else {@code null} (since 1.5.0)
 * @param review for a mail of the access review ({@link #REVIEW_REQUESTED}, {@link #REVIEW_OVERDUE},
 *        {@link #REVIEW_REVOKED}): whose review; else {@code null} (since 1.6.0)
 */
public record PendingMail(String id, String kind, InvitationIssued invitation, PasswordResetIssued passwordReset,
    String brokerName, String language, int attempts, Instant createdAt, String timeZone, AccessEndedNotice accessEnded,
    AccessReviewNotice review) {

    /** An invitation to register. */
    public static final String INVITATION = "INVITATION";
    /** A password reset link. */
    public static final String PASSWORD_RESET = "PASSWORD_RESET";
    /**
     * The one reminder of a pending invitation before it expires: the same link as the invitation's.
     *
     * @since 1.5.0
     */
    public static final String REMINDER = "REMINDER";
    /**
     * The notice that a delegate was removed and their access through a grant ended.
     *
     * @since 1.5.0
     */
    public static final String ACCESS_ENDED = "ACCESS_ENDED";
    /**
     * The request to a person with delegates to review them by a deadline ("Zugriffe überprüfen").
     *
     * @since 1.6.0
     */
    public static final String REVIEW_REQUESTED = "REVIEW";
    /**
     * The note to a reviewer that the review's deadline passed and it is still open.
     *
     * @since 1.6.0
     */
    public static final String REVIEW_OVERDUE = "REVIEW_OVERDUE";
    /**
     * The note to a reviewer that the delegates they did not confirm by the deadline lost their access.
     *
     * @since 1.6.0
     */
    public static final String REVIEW_REVOKED = "REVIEW_REVOKED";

    public PendingMail {
        timeZone = timeZone == null ? Tenant.DEFAULT_TIME_ZONE : timeZone;
    }

    /** A mail other than the access review's (the 1.5 shape). */
    public PendingMail(String id, String kind, InvitationIssued invitation, PasswordResetIssued passwordReset,
        String brokerName, String language, int attempts, Instant createdAt, String timeZone, AccessEndedNotice accessEnded) {
        this(id, kind, invitation, passwordReset, brokerName, language, attempts, createdAt, timeZone, accessEnded, null);
    }

    /** An invitation or password reset mail (the 1.3 shape). */
    public PendingMail(String id, String kind, InvitationIssued invitation, PasswordResetIssued passwordReset,
        String brokerName, String language, int attempts, Instant createdAt, String timeZone) {
        this(id, kind, invitation, passwordReset, brokerName, language, attempts, createdAt, timeZone, null);
    }

    /** A mail of a tenant in the default time zone (the 1.2 shape). */
    public PendingMail(String id, String kind, InvitationIssued invitation, PasswordResetIssued passwordReset,
        String brokerName, String language, int attempts, Instant createdAt) {
        this(id, kind, invitation, passwordReset, brokerName, language, attempts, createdAt, null);
    }

    /** An invitation mail (the 1.0 shape). */
    public PendingMail(String id, InvitationIssued invitation, String brokerName, String language, int attempts,
        Instant createdAt) {
        this(id, INVITATION, invitation, null, brokerName, language, attempts, createdAt, null);
    }

    /** @return the recipient's address */
    public String recipient() {
        return passwordReset != null ? passwordReset.email() : accessEnded != null ? accessEnded.email()
            : review != null ? review.email() : invitation.email();
    }
}
