package dev.collab.profiles.internal;

import java.time.Instant;

import javax.persistence.EntityManager;

import dev.collab.profiles.internal.entities.AuditEntity;

/** Appends to the audit trail inside the transaction of the change it records. */
final class Audit {
    private Audit() {
    }

    static void record(EntityManager em, String tenantId, String actor, String action, String target, String details) {
        AuditEntity entry = new AuditEntity();
        entry.tenantId = tenantId;
        entry.at = Instant.now();
        entry.actor = clip(actor == null ? "system" : actor, 300);
        entry.action = action;
        entry.target = clip(target == null ? "" : target, 2000);
        entry.details = clip(details == null ? "" : details, 4000);
        em.persist(entry);
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
