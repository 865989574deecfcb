package dev.collab.api.customers;

/**
 * @param customer the customer as stored
 * @param created whether it did not exist before
 */
public record CustomerChange(Customer customer, boolean created) {
}
