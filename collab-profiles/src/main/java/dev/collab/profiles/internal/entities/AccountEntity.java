package dev.collab.profiles.internal.entities;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Convert;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;
import javax.persistence.Version;

import dev.collab.api.accounts.Account;
import dev.collab.api.accounts.Role;

@Entity
@Table(name = "ACCOUNT", uniqueConstraints = @UniqueConstraint(name = "ACCOUNT_LOGIN", columnNames = {"TENANTKEY", "LOGINKEY"}))
public class AccountEntity {
    /** Stands in for "no tenant" (the support account) so that the unique key covers it. */
    public static final String NO_TENANT = "";

    @Id
    @Column(length = 36)
    public String id;

    @Column(name = "TENANTKEY", nullable = false, length = 64)
    public String tenantKey;

    @Column(nullable = false, length = 254)
    public String login;

    /** The login lower-cased, so that e-mails compare case-insensitively in the unique key. */
    @Column(name = "LOGINKEY", nullable = false, length = 254)
    public String loginKey;

    @Column(nullable = false, length = 16)
    public String role;

    /** {@code null} until an invited user registers. */
    @Column(length = 200)
    public String passwordHash;

    @Column(length = 200)
    public String displayName;

    @Column(name = "MAILLANGUAGE", length = 8)
    public String language;

    @Convert(converter = InstantConverter.class)
    public Instant lastActiveAt;

    @Column(nullable = false)
    @Convert(converter = InstantConverter.class)
    public Instant createdAt;

    @Version
    public long version;

    public Account toDTO() {
        return new Account(id, NO_TENANT.equals(tenantKey) ? null : tenantKey, login, Role.valueOf(role));
    }
}
