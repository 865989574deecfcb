package dev.collab.api.delegation;

import java.util.List;

/**
 * @param userId the account's id
 * @param email the account's e-mail
 * @param memberships the user's active memberships
 */
public record Me(String userId, String email, List<Membership> memberships) {
}
