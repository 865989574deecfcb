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
import java.util.Locale;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations, applied in order at start, each in its own transaction, the
 * version recorded in a one-row table. A schema is evolved deliberately (a broker's data
 * outlives any build), not left to a JPA provider's DDL generation, and an older build refuses
 * a schema newer than it knows.
 *
 * <p>One set of scripts serves every engine where its SQL is portable; where it is not (Derby's
 * {@code ALTER COLUMN c NULL}, PostgreSQL's {@code DROP NOT NULL}), a script of the same name in
 * the folder of the engine ({@code postgresql/V2__x.sql} beside the class) replaces it. On
 * PostgreSQL, which several nodes share, the run holds an advisory lock: nodes that start
 * together migrate one after another, so each script is applied exactly once; the second finds
 * the version already current.
 *
 * <p>The suite's database and the host defaults' database are migrated by this one runner:
 * each bundle includes this package privately (bnd {@code -conditionalpackage}), so it is no
 * API and no bundle of its own.
 */
public final class Migrations {
    /** The engines, named as the folders of their own scripts. */
    public static final String DERBY = "derby";
    public static final String POSTGRESQL = "postgresql";
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
            return migrate(c);
        }
    }

    /** Migrates on this connection, which is left in manual commit. @return the schema version after migrating */
    public int migrate(Connection c) throws SQLException {
        String engine = engine(c);
        boolean locked = lock(c, engine);
        try {
            return migrate(c, engine);
        } finally {
            if (locked) {
                unlock(c);
            }
        }
    }

    /** The schema version the scripts lead to. */
    public int version() {
        return scripts.size();
    }

    /** What the log calls the database ("database", "host database"). */
    String database() {
        return database;
    }

    /** The class the scripts are resources beside (and a {@link DerbyTemplate} of them). */
    Class<?> scriptsBeside() {
        return scriptsBeside;
    }

    private int migrate(Connection c, String engine) throws SQLException {
        c.setAutoCommit(false);
        int current = currentVersion(c);
        for (int v = current + 1; v <= scripts.size(); v++) {
            String name = scripts.get(v - 1);
            try (Statement s = c.createStatement();
                 PreparedStatement version = c.prepareStatement("UPDATE " + versionTable + " SET VERSION = ?")) {
                for (String sql : statements(read(engine, name))) {
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

    /** The scripts' text, in order: for tests that check what ships. */
    public List<String> scripts() {
        return scripts(DERBY);
    }

    /** The scripts' text for an engine ({@link #DERBY}, {@link #POSTGRESQL}), in order. */
    public List<String> scripts(String engine) {
        List<String> texts = new ArrayList<>();
        for (String name : scripts) {
            texts.add(read(engine, name));
        }
        return texts;
    }

    private static String engine(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres") ? POSTGRESQL : DERBY;
    }

    /**
     * On PostgreSQL: waits for the session-level advisory lock of this version table, which any
     * other node migrating the same database holds meanwhile. Derby is embedded in one process.
     */
    private boolean lock(Connection c, String engine) throws SQLException {
        if (!POSTGRESQL.equals(engine)) {
            return false;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
            s.setLong(1, lockKey());
            s.execute();
        }
        return true;
    }

    private void unlock(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            s.setLong(1, lockKey());
            s.execute();
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** The same key on every node for the same version table, and another for another table. */
    private long lockKey() {
        return 0x636F6C6CL << 32 | (versionTable.hashCode() & 0xFFFFFFFFL);
    }

    private int currentVersion(Connection c) throws SQLException {
        // PostgreSQL keeps unquoted names in lower case, Derby in upper case
        String table = c.getMetaData().storesLowerCaseIdentifiers() ? versionTable.toLowerCase(Locale.ROOT) : versionTable;
        try (ResultSet tables = c.getMetaData().getTables(null, null, table, null)) {
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

    private String read(String engine, String name) {
        try (InputStream own = scriptsBeside.getResourceAsStream(engine + "/" + name)) {
            if (own != null) {
                return new String(own.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
