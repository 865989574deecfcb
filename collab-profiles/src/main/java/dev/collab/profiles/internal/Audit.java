package dev.collab.profiles.internal;

import java.sql.Timestamp;
import java.time.Instant;

import javax.persistence.FlushModeType;

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
        // An INSERT of its own rather than a persisted entity: the entry's id is the database's
        // identity, which EclipseLink would read back with a second statement after each insert
        // (and write the entry outside its batches), although nothing in the change reads it.
        // Inserted at once, in the order recorded: the trail's order is its ids'.
        db.em().createNativeQuery(INSERT)
            .setParameter(1, tenantId)
            .setParameter(2, Timestamp.from(Instant.now()))
            .setParameter(3, clip(actor == null ? "system" : actor, 300))
            .setParameter(4, action)
            .setParameter(5, clip(target == null ? "" : target, 2000))
            .setParameter(6, clip(details == null ? "" : details, 4000))
            // the change's pending writes need not go first: no row of it refers to an audit entry
            .setFlushMode(FlushModeType.COMMIT)
            .executeUpdate();
    }

    /** The columns of {@link AuditEntity}, the same in every supported database. */
    private static final String INSERT = "INSERT INTO AUDIT_ENTRY (TENANTID, OCCURREDAT, ACTOR, ACTION, TARGET, DETAILS)"
        + " VALUES (?, ?, ?, ?, ?, ?)";

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
