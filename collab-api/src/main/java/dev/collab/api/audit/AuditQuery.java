package dev.collab.api.audit;

import java.time.Instant;

/**
 * Filters of the audit trail; {@code null} leaves a filter out.
 *
 * @param from entries at or after this instant
 * @param to entries before this instant
 * @param actor entries whose actor contains this text, ignoring case (e.g. {@code admin:} or an e-mail)
 * @param action entries whose action is this one or starts with it followed by a dot
 *        ({@code member.removed} also finds {@code member.removed.cascade})
 * @param target entries whose target contains this text, ignoring case
 * @since 1.1.0
 */
public record AuditQuery(Instant from, Instant to, String actor, String action, String target) {
}
