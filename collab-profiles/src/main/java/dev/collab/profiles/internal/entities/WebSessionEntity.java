package dev.collab.profiles.internal.entities;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Convert;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * A session of the web screens; keyed by the SHA-256 of its id, never the id. No version: its
 * changes (last seen, flash) are single-statement updates where the last writer wins.
 */
@Entity
@Table(name = "WEB_SESSION")
public class WebSessionEntity {
    @Id
    @Column(length = 64)
    public String idHash;

    @Column(nullable = false, length = 64)
    public String csrf;

    @Column(length = 64)
    public String tenantId;

    @Column(length = 64)
    public String accountId;

    @Column(length = 254)
    public String login;

    @Column(length = 16)
    public String role;

    @Column(nullable = false)
    @Convert(converter = InstantConverter.class)
    public Instant createdAt;

    @Column(nullable = false)
    @Convert(converter = InstantConverter.class)
    public Instant lastSeen;

    @Column(length = 2000)
    public String flash;
}
