package dev.collab.api.delegation;

import java.util.List;

import dev.collab.api.customers.Customer;

/**
 * One grant a user belongs to, with what it gives them now.
 *
 * @param grant the grant's name
 * @param grantId the grant's id
 * @param profile the grant's profile name, or {@code null}
 * @param customers the user's effective customers through this grant (attenuated)
 * @param rights the grant's rights
 */
public record Membership(String grant, String grantId, String profile, List<Customer> customers, List<String> rights) {
}
