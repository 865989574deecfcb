package dev.collab.profiles.internal;

import java.util.List;
import java.util.Locale;

import javax.persistence.TypedQuery;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.collab.api.audit.AuditEntry;
import dev.collab.api.audit.AuditLog;
import dev.collab.api.audit.AuditQuery;
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
        return db.supports(() -> db.em().createQuery(
            "SELECT a FROM AuditEntity a WHERE a.tenantId = :t AND a.id > :after ORDER BY a.id", AuditEntity.class)
            .setParameter("t", tenantId).setParameter("after", afterId)
            .setMaxResults(Math.max(1, Math.min(limit, 1000)))
            .getResultList().stream().map(AuditEntity::toDTO).toList());
    }

    @Override
    public List<AuditEntry> entries(String tenantId, AuditQuery query, long afterId, int limit) {
        tenants.get(tenantId);
        AuditQuery q = query == null ? new AuditQuery(null, null, null, null, null) : query;
        StringBuilder jpql = new StringBuilder("SELECT a FROM AuditEntity a WHERE a.tenantId = :t AND a.id > :after");
        if (q.from() != null) {
            jpql.append(" AND a.at >= :from");
        }
        if (q.to() != null) {
            jpql.append(" AND a.at < :to");
        }
        String actor = blankToNull(q.actor());
        String action = blankToNull(q.action());
        String target = blankToNull(q.target());
        if (actor != null) {
            jpql.append(" AND LOWER(a.actor) LIKE :actor ESCAPE '!'");
        }
        if (action != null) {
            jpql.append(" AND (a.action = :action OR a.action LIKE :actionPrefix ESCAPE '!')");
        }
        if (target != null) {
            jpql.append(" AND LOWER(a.target) LIKE :target ESCAPE '!'");
        }
        jpql.append(" ORDER BY a.id");
        return db.supports(() -> {
            TypedQuery<AuditEntity> typed = db.em().createQuery(jpql.toString(), AuditEntity.class)
                .setParameter("t", tenantId).setParameter("after", afterId);
            if (q.from() != null) {
                typed.setParameter("from", q.from());
            }
            if (q.to() != null) {
                typed.setParameter("to", q.to());
            }
            if (actor != null) {
                typed.setParameter("actor", "%" + like(actor.toLowerCase(Locale.ROOT)) + "%");
            }
            if (action != null) {
                typed.setParameter("action", action).setParameter("actionPrefix", like(action) + ".%");
            }
            if (target != null) {
                typed.setParameter("target", "%" + like(target.toLowerCase(Locale.ROOT)) + "%");
            }
            return typed.setMaxResults(Math.max(1, Math.min(limit, 1000))).getResultList().stream()
                .map(AuditEntity::toDTO).toList();
        });
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The text as a LIKE pattern that matches it literally: a {@code %} or {@code _} typed into a filter is no wildcard. */
    private static String like(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
