package dev.collab.host.internal;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

import dev.collab.api.customers.Customer;

/**
 * The customers of the tenants asked about lately, each tenant whole, so that naming the 500
 * customers of a grant's answer is a map look-up instead of five {@code IN} queries on Derby
 * (which were most of an admin's re-scope over REST). Every write of a customer goes through
 * {@link CustomerDirectoryImpl#put}, which drops the tenant's copy after its commit; a copy read
 * while any write was under way is not kept (the generation check), so no name outlives its
 * rename. Bounded by the customers held, least recently used tenants go first; a tenant larger
 * than the bound is not held at all and keeps being read from the database.
 */
final class CustomerCache {
    private final int maxCustomers;
    private final LinkedHashMap<String, NavigableMap<String, Customer>> tenants =
        new LinkedHashMap<>(16, 0.75f, true);
    /** Tenants found larger than the bound; customers are never deleted, so they stay too large. */
    private final Set<String> tooLarge = new HashSet<>();
    private int held;
    private long generation;

    CustomerCache(int maxCustomers) {
        this.maxCustomers = maxCustomers;
    }

    int maxCustomers() {
        return maxCustomers;
    }

    /** @return the tenant's customers by id, or {@code null} when they are not held */
    synchronized NavigableMap<String, Customer> get(String tenantId) {
        return tenants.get(tenantId);
    }

    synchronized boolean isTooLarge(String tenantId) {
        return tooLarge.contains(tenantId);
    }

    /** Taken before reading a tenant whole, and handed back to {@link #keep}. */
    synchronized long generation() {
        return generation;
    }

    /**
     * Keeps a tenant read whole, unless a write happened since {@code readAt} (the copy may lack it)
     * or the tenant exceeds the bound.
     */
    synchronized void keep(String tenantId, long readAt, NavigableMap<String, Customer> customers) {
        if (readAt != generation || tenants.containsKey(tenantId)) {
            return;
        }
        if (customers.size() > maxCustomers) {
            tooLarge.add(tenantId);
            return;
        }
        tenants.put(tenantId, customers);
        held += weight(customers);
        for (Iterator<Map.Entry<String, NavigableMap<String, Customer>>> i = tenants.entrySet()
            .iterator(); held > maxCustomers && i.hasNext();) {
            Map.Entry<String, NavigableMap<String, Customer>> eldest = i.next();
            if (!eldest.getKey().equals(tenantId)) {
                held -= weight(eldest.getValue());
                i.remove();
            }
        }
    }

    /** After a write of the tenant's customers committed (or failed): its copy is stale. */
    synchronized void changed(String tenantId) {
        generation++;
        NavigableMap<String, Customer> dropped = tenants.remove(tenantId);
        if (dropped != null) {
            held -= weight(dropped);
        }
    }

    /** A tenant without customers counts as one, so that asking for unknown tenants cannot grow the cache unbounded. */
    private static int weight(NavigableMap<String, Customer> customers) {
        return Math.max(1, customers.size());
    }

    synchronized int held() {
        return held;
    }
}
