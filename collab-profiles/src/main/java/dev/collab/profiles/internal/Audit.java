package dev.collab.profiles.internal;

import java.time.Instant;

import dev.collab.profiles.internal.entities.AuditEntity;
import dev.collab.profiles.internal.persistence.Database;

/**
 * Appends to the audit trail inside the transaction of the change it records. Each service
 * holds one over its own {@link Database} rather than referencing a component: it has no
 * lifecycle or configuration of its own, and the services' hand-wired tests and benchmarks
 * need no extra wiring.
 */
final class Audit {
    private final Database db;

    Audit(Database db) {
        this.db = db;
    }

    /** @throws IllegalStateException outside a transaction: an entry must commit or roll back with its change */
    void record(String tenantId, String actor, String action, String target, String details) {
        if (!db.activeTransaction()) {
            throw new IllegalStateException("The audit trail records a change inside its transaction");
        }
        AuditEntity entry = new AuditEntity();
        entry.tenantId = tenantId;
        entry.at = Instant.now();
        entry.actor = clip(actor == null ? "system" : actor, 300);
        entry.action = action;
        entry.target = clip(target == null ? "" : target, 2000);
        entry.details = clip(details == null ? "" : details, 4000);
        db.em().persist(entry);
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
