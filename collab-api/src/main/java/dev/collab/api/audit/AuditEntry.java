package dev.collab.api.audit;

import java.time.Instant;

/**
 * @param id increasing number, the order of entries
 * @param at when
 * @param actor who (e.g. {@code admin:a@broker.example}, {@code user:gf@firma.de}, {@code support:support})
 * @param action what, e.g. {@code profile.created}, {@code delegate.invited}, {@code member.removed.cascade}
 * @param target what it was done to, e.g. a grant name or an e-mail
 * @param details free text
 */
public record AuditEntry(long id, Instant at, String actor, String action, String target, String details) {
}
