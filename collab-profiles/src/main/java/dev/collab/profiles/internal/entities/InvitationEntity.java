package dev.collab.profiles.internal.entities;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Convert;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.Version;

/** A registration invitation; only the SHA-256 of its token is stored. */
@Entity
@Table(name = "INVITATION")
public class InvitationEntity {
    public static final String PENDING = "PENDING";
    public static final String ACCEPTED = "ACCEPTED";
    public static final String VOID = "VOID";

    @Id
    @Column(length = 36)
    public String id;

    @Column(nullable = false, length = 64)
    public String tenantId;

    @Column(nullable = false, length = 36)
    public String membershipId;

    @Column(nullable = false, length = 64)
    public String tokenHash;

    @Column(nullable = false, length = 16)
    public String status;

    @Column(nullable = false)
    @Convert(converter = InstantConverter.class)
    public Instant createdAt;

    @Column(nullable = false)
    @Convert(converter = InstantConverter.class)
    public Instant expiresAt;

    @Convert(converter = InstantConverter.class)
    public Instant usedAt;

    /** When the one reminder mail was queued; {@code null} while none was. */
    @Column(name = "REMINDEDAT")
    @Convert(converter = InstantConverter.class)
    public Instant remindedAt;

    /**
     * The token sealed (like the outbox's) for the reminder mail, which carries the same link as
     * the invitation: erased once the reminder is queued, or the invitation is used, voided or
     * has expired.
     */
    @Column(name = "REMINDERTOKEN", length = 200)
    public String reminderToken;

    @Version
    public long version;
}
