package dev.collab.itests.osgi;

import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

import dev.collab.api.accounts.Authenticator;
import dev.collab.api.accounts.Credentials;
import dev.collab.api.accounts.Principal;
import dev.collab.api.accounts.Role;
import dev.collab.api.customers.Customer;
import dev.collab.api.customers.CustomerDirectory;

/**
 * What a host CRM registers to put its own parts in front of the suite: a read-only customer
 * directory and its own login. Kept apart from the test class so that the suite's API types
 * are only loaded once the API bundle is there.
 */
final class HostServices {
    private HostServices() {
    }

    static ServiceRegistration<CustomerDirectory> directory(BundleContext context, Map<String, String> customers) {
        CustomerDirectory directory = new CustomerDirectory() {
            @Override
            public List<Customer> list(String tenantId) {
                return customers.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> new Customer(e.getKey(), e.getValue())).toList();
            }

            @Override
            public Map<String, Customer> find(String tenantId, Collection<String> ids) {
                return ids.stream().filter(customers::containsKey)
                    .collect(Collectors.toMap(id -> id, id -> new Customer(id, customers.get(id))));
            }
        };
        return context.registerService(CustomerDirectory.class, directory, ranking(10));
    }

    /** The host's login: a trusted header set by the host's own gateway names an admin of the tenant. */
    static ServiceRegistration<Authenticator> login(BundleContext context, String accountId) {
        Authenticator login = credentials -> hostAdmin(credentials, accountId);
        return context.registerService(Authenticator.class, login, ranking(10));
    }

    private static Optional<Principal> hostAdmin(Credentials credentials, String accountId) {
        String header = credentials.authorization();
        if (header != null && header.startsWith("HostToken ") && credentials.tenantId() != null) {
            return Optional.of(new Principal(accountId, credentials.tenantId(), header.substring(10), Role.ADMIN));
        }
        return Optional.empty();
    }

    private static Dictionary<String, Object> ranking(int ranking) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_RANKING, ranking);
        return props;
    }
}
