package dev.collab.api.invitations;

import java.time.Instant;
import java.util.List;

import dev.collab.api.customers.Customer;

/**
 * What the registration page shows about a token.
 *
 * @param tenant the tenant's id
 * @param email the invitee's e-mail
 * @param profile the profile given, or {@code null}
 * @param invitedBy e-mail of the inviter, or {@code null} for an admin
 * @param expiresAt when the token stops working
 * @param tenantName the tenant's display name (the broker), or {@code null} if not known
 * @param customers the customers the invitation gives, as far as the inviter still sees them
 * @param accountExists whether the e-mail has an account in the tenant already (it then signs in to accept)
 */
public record InvitationInfo(String tenant, String email, String profile, String invitedBy, Instant expiresAt,
    String tenantName, List<Customer> customers, boolean accountExists) {

    /** Without the broker's name, the customers and the account flag (the 1.0 shape). */
    public InvitationInfo(String tenant, String email, String profile, String invitedBy, Instant expiresAt) {
        this(tenant, email, profile, invitedBy, expiresAt, null, List.of(), false);
    }
}
