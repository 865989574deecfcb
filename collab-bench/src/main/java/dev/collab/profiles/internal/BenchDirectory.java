package dev.collab.profiles.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.collab.api.customers.Customer;
import dev.collab.api.customers.CustomerDirectory;

/** The host's customer directory for the benchmark: customers C00000 … C(n-1), in memory, read-only. */
final class BenchDirectory implements CustomerDirectory {
    private final String tenantId;
    private final List<Customer> all;
    private final Map<String, Customer> byId;

    BenchDirectory(String tenantId, List<String> ids) {
        this.tenantId = tenantId;
        List<Customer> customers = new ArrayList<>(ids.size());
        Map<String, Customer> index = new HashMap<>();
        for (String id : ids) {
            Customer c = new Customer(id, "Customer " + id);
            customers.add(c);
            index.put(id, c);
        }
        this.all = List.copyOf(customers);
        this.byId = index;
    }

    @Override
    public List<Customer> list(String tenant) {
        return tenantId.equals(tenant) ? all : List.of();
    }

    @Override
    public Map<String, Customer> find(String tenant, Collection<String> ids) {
        Map<String, Customer> found = new LinkedHashMap<>();
        if (!tenantId.equals(tenant)) {
            return found;
        }
        for (String id : ids) {
            Customer c = byId.get(id);
            if (c != null) {
                found.put(id, c);
            }
        }
        return found;
    }
}
