package dev.collab.api.grants;

import java.time.Instant;
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
 * @param validUntil the end of this membership's own access ("gültig bis"), or {@code null} for none (since 2.2)
 */
public record Member(String userId, String email, List<Customer> customers, MembershipStatus status, String invitedBy,
    Instant validUntil) {

    /** Without the validity (the 2.1 shape). */
    public Member(String userId, String email, List<Customer> customers, MembershipStatus status, String invitedBy) {
        this(userId, email, customers, status, invitedBy, null);
    }
}
