package dev.collab.profiles.internal.entities;

import java.util.HashSet;
import java.util.Set;

import javax.persistence.CollectionTable;
import javax.persistence.Column;
import javax.persistence.ElementCollection;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.Id;
import javax.persistence.JoinColumn;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;
import javax.persistence.Version;

@Entity
@Table(name = "ACCESS_PROFILE", uniqueConstraints = @UniqueConstraint(name = "PROFILE_NAME", columnNames = {"TENANTID", "NAMEKEY"}))
public class ProfileEntity {
    @Id
    @Column(length = 36)
    public String id;

    @Column(name = "TENANTID", nullable = false, length = 64)
    public String tenantId;

    @Column(nullable = false, length = 100)
    public String name;

    /** The name lower-cased: profile names are unique in a tenant regardless of case. */
    @Column(name = "NAMEKEY", nullable = false, length = 100)
    public String nameKey;

    @Column(nullable = false, length = 1000)
    public String description = "";

    // Lazy, as the delegable ids: the access model holds every profile's rights, and an invite
    // reads the inviter's profile only for its delegable ids and those only for their names.
    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "ACCESS_PROFILE_RIGHT", joinColumns = @JoinColumn(name = "PROFILE_ID"))
    @Column(name = "RIGHT_ID", length = 100)
    public Set<String> rights = new HashSet<>();

    /** Delegable profiles by id, so that renaming a profile keeps the links. */
    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "ACCESS_PROFILE_DELEGABLE", joinColumns = @JoinColumn(name = "PROFILE_ID"))
    @Column(name = "DELEGABLE_ID", length = 36)
    public Set<String> delegableIds = new HashSet<>();

    /** The longest validity, in months, holders may give to invitees of this profile; {@code null}: no limit. */
    @Column(name = "MAXVALIDITYMONTHS")
    public Integer maxValidityMonths;

    @Version
    public long version;
}
