package dev.collab.api.customers;

/**
 * A policyholder record of the host CRM.
 *
 * @param id the host's id of the customer, unique in a tenant
 * @param name display name
 */
public record Customer(String id, String name) {
}
