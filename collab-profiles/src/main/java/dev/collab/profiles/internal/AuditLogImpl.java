package dev.collab.profiles.internal;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.collab.api.audit.AuditEntry;
import dev.collab.api.audit.AuditLog;
import dev.collab.api.tenants.TenantService;
import dev.collab.profiles.internal.entities.AuditEntity;
import dev.collab.profiles.internal.persistence.Database;

@Component(service = AuditLog.class)
public final class AuditLogImpl implements AuditLog {
    private final Database db;
    private final TenantService tenants;

    @Activate
    public AuditLogImpl(@Reference Database db, @Reference TenantService tenants) {
        this.db = db;
        this.tenants = tenants;
    }

    @Override
    public List<AuditEntry> entries(String tenantId, long afterId, int limit) {
        tenants.get(tenantId);
        return db.read(em -> em.createQuery(
            "SELECT a FROM AuditEntity a WHERE a.tenantId = :t AND a.id > :after ORDER BY a.id", AuditEntity.class)
            .setParameter("t", tenantId).setParameter("after", afterId)
            .setMaxResults(Math.max(1, Math.min(limit, 1000)))
            .getResultList().stream().map(AuditEntity::toDTO).toList());
    }
}
