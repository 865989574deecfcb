package dev.collab.profiles.internal.entities;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import javax.persistence.CollectionTable;
import javax.persistence.Column;
import javax.persistence.Convert;
import javax.persistence.ElementCollection;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.Id;
import javax.persistence.JoinColumn;
import javax.persistence.Table;
import javax.persistence.Version;

@Entity
@Table(name = "ACCESS_GRANT")
public class GrantEntity {
    @Id
    @Column(length = 36)
    public String id;

    @Column(nullable = false, length = 64)
    public String tenantId;

    @Column(nullable = false, length = 2000)
    public String name;

    @Column(nullable = false, length = 2000)
    public String nameKey;

    @Column(length = 36)
    public String profileId;

    @Column(nullable = false)
    public boolean customized;

    @Column(nullable = false)
    public boolean separateDelegateGrants;

    @Column(length = 36)
    public String parentGrantId;

    /** The customization; only read while {@link #customized}, so not with every grant read. */
    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "ACCESS_GRANT_RIGHT", joinColumns = @JoinColumn(name = "GRANT_ID"))
    @Column(name = "RIGHT_ID", length = 100)
    public Set<String> rights = new HashSet<>();

    @Column(nullable = false)
    @Convert(converter = InstantConverter.class)
    public Instant createdAt;

    @Version
    public long version;
}
