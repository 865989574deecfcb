package dev.collab.api.mail;

import java.time.Instant;

/**
 * The notice to a removed delegate that their access through a grant ended: it carries no
 * token and no link, since there is nothing left to register for (their login and mailbox stay).
 *
 * @param tenantId the tenant
 * @param email the former delegate's e-mail
 * @param grant the name of the grant they were removed from
 * @param endedAt when the access ended
 * @since 1.5.0
 */
public record AccessEndedNotice(String tenantId, String email, String grant, Instant endedAt) {
}
