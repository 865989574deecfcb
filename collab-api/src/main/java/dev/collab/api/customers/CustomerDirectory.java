package dev.collab.api.customers;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The host's customers of a tenant. Implemented by the host CRM (register one with a higher
 * service ranking than the embedded default); the suite only reads through it, except for the
 * demo directory's writes.
 */
@ConsumerType
public interface CustomerDirectory {

    /**
     * @param tenantId the tenant
     * @return every customer of the tenant, ordered by id
     */
    List<Customer> list(String tenantId);

    /**
     * @param tenantId the tenant
     * @param ids customer ids
     * @return the customers found, by id; unknown ids are absent
     */
    Map<String, Customer> find(String tenantId, Collection<String> ids);

    /** @return whether {@link #put} is supported; a host's directory is usually read-only */
    default boolean isWritable() {
        return false;
    }

    /**
     * Creates or renames a customer (the demo directory only).
     *
     * @param tenantId the tenant
     * @param customerId the customer's id
     * @param name display name
     * @return the stored customer
     * @throws UnsupportedOperationException if the directory is read-only
     */
    default CustomerChange put(String tenantId, String customerId, String name) {
        throw new UnsupportedOperationException("The customer directory is owned by the host and read-only here.");
    }
}
