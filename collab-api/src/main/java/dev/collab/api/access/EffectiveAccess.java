package dev.collab.api.access;

import java.util.List;

/**
 * Everything a user may do now.
 *
 * @param customers per customer, the rights the user has, ordered by customer id
 * @param mailbox whether the user has a mailbox (every account has, deleted delegates included)
 */
public record EffectiveAccess(List<CustomerAccess> customers, boolean mailbox) {
}
