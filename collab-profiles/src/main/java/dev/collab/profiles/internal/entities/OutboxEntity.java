package dev.collab.profiles.internal.entities;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Convert;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.Version;

/**
 * A mail to send, recorded in the same transaction as the invitation or password reset it
 * carries ({@link #kind}). The token is kept sealed (AES-GCM, key outside the database) only
 * until the mail has been handed over. Invitation mails fill the invitation's columns, reset
 * mails {@link #resetId}.
 */
@Entity
@Table(name = "MAIL_OUTBOX")
public class OutboxEntity {
    public static final String PENDING = "PENDING";
    public static final String SENT = "SENT";
    public static final String FAILED = "FAILED";
    /** The invitation was voided or accepted before its mail went out: nothing to send. */
    public static final String CANCELLED = "CANCELLED";
    public static final String INVITATION = "INVITATION";
    public static final String PASSWORD_RESET = "PASSWORD_RESET";
    /** The one reminder of a pending invitation: the invitation's columns, the same token. */
    public static final String REMINDER = "REMINDER";
    /** A removed delegate's notice: no token; {@link #expiresAt} holds when the access ended. */
    public static final String ACCESS_ENDED = "ACCESS_ENDED";
    /** The access review's request to a reviewer: no token; {@link #expiresAt} holds the deadline. */
    public static final String REVIEW_REQUESTED = "REVIEW";
    /** The note that a review's deadline passed while it is open (tenant mode NOTIFY). */
    public static final String REVIEW_OVERDUE = "REVIEW_OVERDUE";
    /** The note that unconfirmed delegates lost their access at the deadline (tenant mode REVOKE). */
    public static final String REVIEW_REVOKED = "REVIEW_REVOKED";

    @Id
    @Column(length = 36)
    public String id;

    @Column(nullable = false, length = 64)
    public String tenantId;

    @Column(nullable = false, length = 16)
    public String kind = INVITATION;

    @Column(length = 36)
    public String invitationId;

    @Column(length = 36)
    public String membershipId;

    @Column(length = 36)
    public String resetId;

    @Column(nullable = false, length = 254)
    public String recipient;

    @Column(length = 200)
    public String sealedToken;

    @Column(length = 100)
    public String profile;

    @Column(name = "GRANTNAME", length = 2000)
    public String grantName;

    @Column(length = 254)
    public String invitedBy;

    @Column(nullable = false)
    @Convert(converter = InstantConverter.class)
    public Instant expiresAt;

    @Column(name = "MAILLANGUAGE", nullable = false, length = 8)
    public String language;

    @Column(nullable = false, length = 16)
    public String status;

    @Column(nullable = false)
    public int attempts;

    @Column(nullable = false)
    @Convert(converter = InstantConverter.class)
    public Instant nextAttemptAt;

    @Column(length = 2000)
    public String lastError;

    @Column(length = 300)
    public String messageId;

    @Column(nullable = false)
    @Convert(converter = InstantConverter.class)
    public Instant createdAt;

    @Convert(converter = InstantConverter.class)
    public Instant sentAt;

    /** For a mail of the access review: how many direct delegates it concerns. */
    @Column(name = "REVIEWDELEGATES")
    public Integer reviewDelegates;

    @Version
    public long version;
}
