package dev.collab.profiles.internal.entities;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Convert;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.Version;

/** A password reset link; only the SHA-256 of its token is stored. */
@Entity
@Table(name = "PASSWORD_RESET")
public class PasswordResetEntity {
    public static final String PENDING = "PENDING";
    public static final String USED = "USED";
    /** Replaced by a newer request. */
    public static final String VOID = "VOID";

    @Id
    @Column(length = 36)
    public String id;

    @Column(nullable = false, length = 64)
    public String tenantId;

    @Column(nullable = false, length = 36)
    public String accountId;

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

    @Version
    public long version;
}
