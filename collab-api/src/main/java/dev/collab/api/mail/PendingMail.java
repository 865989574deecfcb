package dev.collab.api.mail;

import java.time.Instant;

import dev.collab.api.invitations.InvitationIssued;
import dev.collab.api.tenants.Tenant;

/**
 * A mail waiting in the outbox: an invitation or a password reset, as {@link #kind()} tells;
 * the other one's component is {@code null}.
 *
 * @param id the outbox entry's id; stable over retries, so it makes the Message-ID
 * @param kind {@link #INVITATION} or {@link #PASSWORD_RESET}
 * @param invitation for an invitation mail: the invitation, with its raw token; else {@code null}
 * @param passwordReset for a reset mail: the reset, with its raw token; else {@code null}
 * @param brokerName the tenant's display name
 * @param language the language to write in ({@code de} or {@code en}): the recipient's if known, else the tenant's
 * @param attempts how many deliveries were tried already
 * @param createdAt when the mail was recorded
 * @param timeZone the IANA id of the tenant's time zone, in which the mail shows times (since 1.3.0)
 */
public record PendingMail(String id, String kind, InvitationIssued invitation, PasswordResetIssued passwordReset,
    String brokerName, String language, int attempts, Instant createdAt, String timeZone) {

    /** An invitation to register. */
    public static final String INVITATION = "INVITATION";
    /** A password reset link. */
    public static final String PASSWORD_RESET = "PASSWORD_RESET";

    public PendingMail {
        timeZone = timeZone == null ? Tenant.DEFAULT_TIME_ZONE : timeZone;
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
        return passwordReset != null ? passwordReset.email() : invitation.email();
    }
}
