package dev.collab.host.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.collab.api.FieldError;
import dev.collab.api.ValidationException;
import dev.collab.api.customers.Customer;
import dev.collab.api.customers.CustomerChange;
import dev.collab.api.customers.CustomerDirectory;

/**
 * The embedded demo customer directory: writable, kept in the host defaults' database. Registered
 * at the lowest ranking, so a host's own directory wins without configuration.
 */
@Component(service = CustomerDirectory.class, property = Constants.SERVICE_RANKING + ":Integer=" + Integer.MIN_VALUE)
public final class CustomerDirectoryImpl implements CustomerDirectory {
    static final int MAX_TENANT_ID = 64;
    static final int MAX_NAME = 200;
    private static final Pattern CUSTOMER_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Ids per query of {@link #find}: keeps the IN list, and the statement cache entry, small. */
    private static final int FIND_CHUNK = 100;
    /**
     * Customers held in memory across all tenants: about 4 MB of heap at 150 bytes each, enough
     * for a broker-scale tenant of 10,000 customers and a few smaller ones.
     */
    static final int CACHED_CUSTOMERS = 30_000;

    private final HostStore store;
    private final CustomerCache cache;

    @Activate
    public CustomerDirectoryImpl(@Reference HostStore store) {
        this(store, CACHED_CUSTOMERS);
    }

    CustomerDirectoryImpl(HostStore store, int cachedCustomers) {
        this.store = store;
        this.cache = new CustomerCache(cachedCustomers);
    }

    @Override
    public List<Customer> list(String tenantId) {
        if (!isTenantId(tenantId)) {
            return List.of();
        }
        NavigableMap<String, Customer> held = held(tenantId);
        if (held != null) {
            return List.copyOf(held.values());
        }
        return store.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT ID, NAME FROM CUSTOMER WHERE TENANTID = ? ORDER BY ID")) {
                s.setString(1, tenantId);
                List<Customer> result = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        result.add(new Customer(rs.getString(1), rs.getString(2)));
                    }
                }
                return List.copyOf(result);
            }
        });
    }

    @Override
    public Map<String, Customer> find(String tenantId, Collection<String> ids) {
        if (!isTenantId(tenantId) || ids == null || ids.isEmpty()) {
            return Map.of();
        }
        // An id that breaks the rules cannot have been stored: it is simply absent.
        TreeSet<String> wanted = new TreeSet<>();
        for (String id : ids) {
            if (isCustomerId(id)) {
                wanted.add(id);
            }
        }
        if (wanted.isEmpty()) {
            return Map.of();
        }
        NavigableMap<String, Customer> held = held(tenantId);
        if (held != null) {
            Map<String, Customer> result = new TreeMap<>();
            for (String id : wanted) {
                Customer customer = held.get(id);
                if (customer != null) {
                    result.put(id, customer);
                }
            }
            return Collections.unmodifiableMap(result);
        }
        return store.read(c -> {
            Map<String, Customer> result = new TreeMap<>();
            List<String> chunk = new ArrayList<>(FIND_CHUNK);
            for (String id : wanted) {
                chunk.add(id);
                if (chunk.size() == FIND_CHUNK) {
                    findChunk(c, tenantId, chunk, result);
                    chunk.clear();
                }
            }
            if (!chunk.isEmpty()) {
                findChunk(c, tenantId, chunk, result);
            }
            return Collections.unmodifiableMap(result);
        });
    }

    /**
     * The tenant's customers from the cache, read whole on a miss.
     *
     * @return by id, or {@code null} for a tenant too large to hold (then ask the database)
     */
    private NavigableMap<String, Customer> held(String tenantId) {
        NavigableMap<String, Customer> held = cache.get(tenantId);
        if (held != null || cache.isTooLarge(tenantId)) {
            return held;
        }
        long readAt = cache.generation();
        NavigableMap<String, Customer> all = store.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT ID, NAME FROM CUSTOMER WHERE TENANTID = ?")) {
                s.setString(1, tenantId);
                // one row beyond the bound tells a tenant too large to hold without reading it whole
                s.setMaxRows(cache.maxCustomers() + 1);
                NavigableMap<String, Customer> result = new TreeMap<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Customer customer = new Customer(rs.getString(1), rs.getString(2));
                        result.put(customer.id(), customer);
                    }
                }
                return Collections.unmodifiableNavigableMap(result);
            }
        });
        cache.keep(tenantId, readAt, all);
        return all.size() > cache.maxCustomers() ? null : all;
    }

    private static void findChunk(Connection c, String tenantId, List<String> ids, Map<String, Customer> into) throws SQLException {
        String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement s = c.prepareStatement("SELECT ID, NAME FROM CUSTOMER WHERE TENANTID = ? AND ID IN (" + marks + ")")) {
            s.setString(1, tenantId);
            for (int i = 0; i < ids.size(); i++) {
                s.setString(i + 2, ids.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Customer customer = new Customer(rs.getString(1), rs.getString(2));
                    into.put(customer.id(), customer);
                }
            }
        }
    }

    @Override
    public boolean isWritable() {
        return true;
    }

    @Override
    public CustomerChange put(String tenantId, String customerId, String name) {
        List<FieldError> errors = new ArrayList<>();
        if (tenantId == null || tenantId.isEmpty() || tenantId.length() > MAX_TENANT_ID) {
            errors.add(new FieldError("tenantId", "A tenant id of 1 to " + MAX_TENANT_ID + " characters is required."));
        }
        if (!isCustomerId(customerId)) {
            errors.add(new FieldError("customerId", "A customer id has 1 to 64 letters, digits, '.', '_' or '-'."));
        }
        String trimmed = name(name, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Customer customer = new Customer(customerId, trimmed);
        boolean created;
        try {
            created = store.write(c -> upsert(c, tenantId, customerId, trimmed));
        } finally {
            cache.changed(tenantId);
        }
        return new CustomerChange(customer, created);
    }

    /** @return whether the customer was created rather than renamed */
    private static boolean upsert(Connection c, String tenantId, String customerId, String name) throws SQLException {
        if (update(c, tenantId, customerId, name)) {
            return false;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO CUSTOMER (TENANTID, ID, NAME) VALUES (?, ?, ?)")) {
            s.setString(1, tenantId);
            s.setString(2, customerId);
            s.setString(3, name);
            s.executeUpdate();
            return true;
        } catch (SQLException e) {
            // Created concurrently between our UPDATE and INSERT: then this put is a rename.
            if (isUniqueViolation(e) && update(c, tenantId, customerId, name)) {
                return false;
            }
            throw e;
        }
    }

    private static boolean update(Connection c, String tenantId, String customerId, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE CUSTOMER SET NAME = ? WHERE TENANTID = ? AND ID = ?")) {
            s.setString(1, name);
            s.setString(2, tenantId);
            s.setString(3, customerId);
            return s.executeUpdate() > 0;
        }
    }

    static boolean isTenantId(String tenantId) {
        return tenantId != null && !tenantId.isEmpty() && tenantId.length() <= MAX_TENANT_ID;
    }

    static boolean isCustomerId(String id) {
        return id != null && CUSTOMER_ID.matcher(id).matches();
    }

    /** @return the trimmed name, or {@code null} after adding an error */
    private static String name(String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError("name", "A name is required."));
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.length() > MAX_NAME) {
            errors.add(new FieldError("name", "The name may have at most " + MAX_NAME + " characters."));
            return null;
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("name", "The name may not contain control characters."));
            return null;
        }
        return trimmed;
    }

    private static boolean isUniqueViolation(SQLException e) {
        return e instanceof SQLIntegrityConstraintViolationException || "23505".equals(e.getSQLState());
    }
}
