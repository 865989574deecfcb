package dev.collab.profiles.internal.entities;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Convert;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Table;

import dev.collab.api.audit.AuditEntry;

@Entity
@Table(name = "AUDIT_ENTRY")
public class AuditEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public long id;

    @Column(nullable = false, length = 64)
    public String tenantId;

    /** AT is a reserved word in Derby. */
    @Column(name = "OCCURREDAT", nullable = false)
    @Convert(converter = InstantConverter.class)
    public Instant at;

    @Column(nullable = false, length = 300)
    public String actor;

    @Column(nullable = false, length = 100)
    public String action;

    @Column(nullable = false, length = 2000)
    public String target;

    @Column(nullable = false, length = 4000)
    public String details;

    public AuditEntry toDTO() {
        return new AuditEntry(id, at, actor, action, target, details);
    }
}
