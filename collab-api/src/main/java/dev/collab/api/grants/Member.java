package dev.collab.api.grants;

import java.util.List;

import dev.collab.api.customers.Customer;

/**
 * A person attached to a grant, with the customer scope chosen for them.
 *
 * @param userId the account's id
 * @param email the account's e-mail
 * @param customers the member's own scope (before attenuation by the inviter)
 * @param status {@link MembershipStatus#INVITED} until the invitation is accepted, then {@link MembershipStatus#ACTIVE}
 * @param invitedBy e-mail of the inviting user, or {@code null} when an admin attached them
 */
public record Member(String userId, String email, List<Customer> customers, MembershipStatus status, String invitedBy) {
}
