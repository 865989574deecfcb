package dev.collab.profiles.internal.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations, applied in order at start, each in its own transaction. The
 * schema is ours to evolve deliberately (a broker's data outlives any build), so it is not left
 * to the JPA provider's DDL generation. Add a migration by appending to {@link #MIGRATIONS}.
 */
final class Schema {
    static final List<String> MIGRATIONS = List.of("V1__tenants_accounts_profiles.sql",
        "V2__grants_memberships_invitations_audit.sql", "V3__mail_outbox_languages.sql", "V4__password_resets.sql",
        "V5__overview_paging.sql", "V6__tenant_time_zone.sql");
    private static final Logger LOG = LoggerFactory.getLogger(Schema.class);

    private Schema() {
    }

    /** @return the schema version after migrating */
    static int migrate(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            int current = currentVersion(c);
            for (int v = current + 1; v <= MIGRATIONS.size(); v++) {
                String name = MIGRATIONS.get(v - 1);
                try (Statement s = c.createStatement()) {
                    for (String sql : statements(read(name))) {
                        s.execute(sql);
                    }
                    s.executeUpdate("UPDATE COLLAB_SCHEMA SET VERSION = " + v);
                    c.commit();
                    LOG.info("Applied schema migration {}", name);
                } catch (SQLException e) {
                    c.rollback();
                    throw new SQLException("Schema migration " + name + " failed: " + e.getMessage(), e);
                }
            }
            c.commit();
            return Math.max(current, MIGRATIONS.size());
        }
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (ResultSet tables = c.getMetaData().getTables(null, null, "COLLAB_SCHEMA", null)) {
            if (!tables.next()) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE COLLAB_SCHEMA (VERSION INT NOT NULL)");
                    s.executeUpdate("INSERT INTO COLLAB_SCHEMA (VERSION) VALUES (0)");
                }
                c.commit();
                return 0;
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT VERSION FROM COLLAB_SCHEMA")) {
            int version = rs.next() ? rs.getInt(1) : 0;
            if (version > MIGRATIONS.size()) {
                throw new SQLException("The database has schema version " + version
                    + ", newer than this build knows (" + MIGRATIONS.size() + "): refusing to run an older build on it.");
            }
            return version;
        }
    }

    private static String read(String name) {
        try (InputStream in = Schema.class.getResourceAsStream(name)) {
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
