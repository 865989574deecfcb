package dev.collab.migrations;

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
 * Versioned schema migrations, applied in order at start, each in its own transaction, the
 * version recorded in a one-row table. A schema is evolved deliberately (a broker's data
 * outlives any build), not left to a JPA provider's DDL generation, and an older build refuses
 * a schema newer than it knows.
 *
 * <p>The suite's database and the host defaults' database are migrated by this one runner:
 * each bundle includes this package privately (bnd {@code -conditionalpackage}), so it is no
 * API and no bundle of its own.
 */
public final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private final String versionTable;
    private final List<String> scripts;
    private final Class<?> scriptsBeside;
    private final String database;

    /**
     * @param versionTable the table holding the version (created by the first migration run)
     * @param scripts the scripts in order; version {@code n} is the {@code n}-th
     * @param scriptsBeside the class the scripts are resources beside
     * @param database what the messages call the database, e.g. "database" or "host database"
     */
    public Migrations(String versionTable, List<String> scripts, Class<?> scriptsBeside, String database) {
        this.versionTable = versionTable;
        this.scripts = List.copyOf(scripts);
        this.scriptsBeside = scriptsBeside;
        this.database = database;
    }

    /** @return the schema version after migrating */
    public int migrate(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            int current = currentVersion(c);
            for (int v = current + 1; v <= scripts.size(); v++) {
                String name = scripts.get(v - 1);
                try (Statement s = c.createStatement();
                     PreparedStatement version = c.prepareStatement("UPDATE " + versionTable + " SET VERSION = ?")) {
                    for (String sql : statements(read(name))) {
                        s.execute(sql);
                    }
                    version.setInt(1, v);
                    version.executeUpdate();
                    c.commit();
                    LOG.info("Applied {} migration {}", database, name);
                } catch (SQLException e) {
                    c.rollback();
                    throw new SQLException("Migration " + name + " of the " + database + " failed: " + e.getMessage(), e);
                }
            }
            c.commit();
            return Math.max(current, scripts.size());
        }
    }

    /** The scripts' text, in order: for tests that check what ships. */
    public List<String> scripts() {
        List<String> texts = new ArrayList<>();
        for (String name : scripts) {
            texts.add(read(name));
        }
        return texts;
    }

    private int currentVersion(Connection c) throws SQLException {
        try (ResultSet tables = c.getMetaData().getTables(null, null, versionTable, null)) {
            if (!tables.next()) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE " + versionTable + " (VERSION INT NOT NULL)");
                    s.executeUpdate("INSERT INTO " + versionTable + " (VERSION) VALUES (0)");
                }
                c.commit();
                return 0;
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT VERSION FROM " + versionTable)) {
            int version = rs.next() ? rs.getInt(1) : 0;
            if (version > scripts.size()) {
                throw new SQLException("The " + database + " has schema version " + version + ", newer than this build knows ("
                    + scripts.size() + "): refusing to run an older build on it.");
            }
            return version;
        }
    }

    private String read(String name) {
        try (InputStream in = scriptsBeside.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Migration " + name + " is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits a script at semicolons that end a line; drops comment lines. */
    public static List<String> statements(String script) {
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
