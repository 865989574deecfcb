package dev.collab.host.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations of the host defaults' database, applied in order at start, each in
 * its own transaction, recorded in {@code HOST_SCHEMA}. The same scheme as the suite's own
 * database: schema changes are explicit, and an older build refuses a newer schema. Add a
 * migration by appending to {@link #MIGRATIONS}.
 */
final class HostSchema {
    static final List<String> MIGRATIONS = List.of("V1__customers_messages.sql");
    private static final Logger LOG = LoggerFactory.getLogger(HostSchema.class);

    private HostSchema() {
    }

    /**
     * @return whether the database is the suite's own (it has the suite's schema table): sharing
     *         it would mix the host's records into the suite's data and let either side shut the
     *         other's database down
     */
    static boolean isSuiteDatabase(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
             ResultSet tables = c.getMetaData().getTables(null, null, "COLLAB_SCHEMA", null)) {
            return tables.next();
        }
    }

    /** @return the schema version after migrating */
    static int migrate(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            int current = currentVersion(c);
            for (int v = current + 1; v <= MIGRATIONS.size(); v++) {
                String name = MIGRATIONS.get(v - 1);
                try (Statement s = c.createStatement();
                     PreparedStatement version = c.prepareStatement("UPDATE HOST_SCHEMA SET VERSION = ?")) {
                    for (String sql : statements(read(name))) {
                        s.execute(sql);
                    }
                    version.setInt(1, v);
                    version.executeUpdate();
                    c.commit();
                    LOG.info("Applied host schema migration {}", name);
                } catch (SQLException e) {
                    c.rollback();
                    throw new SQLException("Host schema migration " + name + " failed: " + e.getMessage(), e);
                }
            }
            c.commit();
            return Math.max(current, MIGRATIONS.size());
        }
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (ResultSet tables = c.getMetaData().getTables(null, null, "HOST_SCHEMA", null)) {
            if (!tables.next()) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE HOST_SCHEMA (VERSION INT NOT NULL)");
                    s.executeUpdate("INSERT INTO HOST_SCHEMA (VERSION) VALUES (0)");
                }
                c.commit();
                return 0;
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT VERSION FROM HOST_SCHEMA");
             ResultSet rs = s.executeQuery()) {
            int version = rs.next() ? rs.getInt(1) : 0;
            if (version > MIGRATIONS.size()) {
                throw new SQLException("The host database has schema version " + version
                    + ", newer than this build knows (" + MIGRATIONS.size() + "): refusing to run an older build on it.");
            }
            return version;
        }
    }

    private static String read(String name) {
        try (InputStream in = HostSchema.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Migration " + name + " is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits a script at semicolons that end a line; drops comment lines. */
    static List<String> statements(String script) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith(";")) {
                current.append(trimmed, 0, trimmed.length() - 1);
                result.add(current.toString());
                current.setLength(0);
            } else {
                current.append(trimmed).append('\n');
            }
        }
        if (!current.toString().isBlank()) {
            result.add(current.toString().strip());
        }
        return result;
    }
}
