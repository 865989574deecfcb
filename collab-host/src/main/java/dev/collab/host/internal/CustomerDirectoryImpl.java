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

    private final HostStore store;

    @Activate
    public CustomerDirectoryImpl(@Reference HostStore store) {
        this.store = store;
    }

    @Override
    public List<Customer> list(String tenantId) {
        if (!isTenantId(tenantId)) {
            return List.of();
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
        boolean created = store.write(c -> {
            if (update(c, tenantId, customerId, trimmed)) {
                return false;
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO CUSTOMER (TENANTID, ID, NAME) VALUES (?, ?, ?)")) {
                s.setString(1, tenantId);
                s.setString(2, customerId);
                s.setString(3, trimmed);
                s.executeUpdate();
                return true;
            } catch (SQLException e) {
                // Created concurrently between our UPDATE and INSERT: then this put is a rename.
                if (isUniqueViolation(e) && update(c, tenantId, customerId, trimmed)) {
                    return false;
                }
                throw e;
            }
        });
        return new CustomerChange(customer, created);
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
