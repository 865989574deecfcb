package dev.collab.api.delegation;

import java.util.List;

import dev.collab.api.customers.Customer;

/**
 * What the invite dialog offers.
 *
 * @param profiles the delegable profiles of the user's profiles
 * @param customers the customers the user may hand out: their own effective customers
 */
public record DelegationOptions(List<ProfileOption> profiles, List<Customer> customers) {
}
