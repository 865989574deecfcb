package dev.collab.api.grants;

/**
 * A membership that can take over a leaving person's delegates: registered, in the same company
 * (below the same top-level grant), not below the leaver, and with a profile that may hand out
 * every profile the leaver's delegates hold.
 *
 * @param id the membership's id
 * @param userId the person's account id
 * @param email the person's e-mail
 * @param grant the grant's name
 * @param grantId the grant's id
 * @param profile the grant's profile
 * @since 2.1
 */
public record Successor(String id, String userId, String email, String grant, String grantId, String profile) {
}
