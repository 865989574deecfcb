package dev.collab.api.delegation;

import java.util.List;

/**
 * One row of a bulk invitation: whom to invite, and optionally with what, else the request's
 * defaults.
 *
 * @param email the invitee's e-mail
 * @param profile one of the inviter's delegable profiles by name, or {@code null} (or blank) for
 *        the request's {@link BulkInviteRequest#profile()}
 * @param customers explicit customer ids, or {@code null} (or empty) for the request's customers
 * @since 2.1
 */
public record BulkInviteRow(String email, String profile, List<String> customers) {
}
