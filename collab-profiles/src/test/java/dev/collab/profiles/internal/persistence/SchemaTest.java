package dev.collab.profiles.internal.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.collab.migrations.DerbyTemplate;
import dev.collab.migrations.Migrations;

class SchemaTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private EmbeddedDataSource dataSource;

    // --- the shipped scripts (splitting itself: MigrationsTest in collab-migrations) -----------

    @Test
    void theShippedMigrationsAreOnTheClasspathAndSplitIntoCleanStatements() throws IOException {
        for (String name : Schema.MIGRATIONS) {
            List<String> statements = Migrations.statements(shipped(name));
            assertTrue(!statements.isEmpty(), name);
            for (String sql : statements) {
                assertTrue(!sql.isBlank() && !sql.startsWith("--") && !sql.endsWith(";"), name + ": " + sql);
                assertTrue(sql.matches("(?s)(CREATE|ALTER|DROP|INSERT|UPDATE|DELETE|RENAME) .*"), name + ": " + sql);
            }
        }
    }

    @Test
    void theFirstMigrationCreatesTheFiveTablesOfTenantsAccountsAndProfiles() throws IOException {
        List<String> statements = Migrations.statements(shipped(Schema.MIGRATIONS.get(0)));
        assertEquals(List.of("TENANT", "ACCOUNT", "ACCESS_PROFILE", "ACCESS_PROFILE_RIGHT", "ACCESS_PROFILE_DELEGABLE"),
            statements.stream().map(s -> s.split("[\\s(]+")[2]).toList());
    }

    private static String shipped(String name) throws IOException {
        try (InputStream in = Schema.class.getResourceAsStream(name)) {
            assertNotNull(in, name + " is missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // --- migrating a real database ------------------------------------------------------------

    @BeforeEach
    void memoryDatabase() {
        TestDatabase.init();
        dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:schema-test-" + SEQUENCE.incrementAndGet());
        dataSource.setCreateDatabase("create");
    }

    @AfterEach
    void drop() {
        dataSource.setCreateDatabase(null);
        dataSource.setConnectionAttributes("drop=true");
        try {
            dataSource.getConnection().close();
        } catch (SQLException expected) {
            // Derby reports a successful drop as an exception (SQLState 08006)
        }
    }

    @Test
    void migrateCreatesTheSchemaOnceAndIsThenANoOp() throws SQLException {
        assertEquals(Schema.MIGRATIONS.size(), Schema.migrate(dataSource));
        assertEquals(Schema.MIGRATIONS.size(), version());
        for (String table : List.of("TENANT", "ACCOUNT", "ACCESS_PROFILE", "ACCESS_PROFILE_RIGHT",
            "ACCESS_PROFILE_DELEGABLE")) {
            assertTrue(tableExists(table), table);
        }
        assertEquals(Schema.MIGRATIONS.size(), Schema.migrate(dataSource));
        assertEquals(Schema.MIGRATIONS.size(), version());
    }

    @Test
    void migrateRefusesADatabaseOfANewerBuild() throws SQLException {
        Schema.migrate(dataSource);
        execute("UPDATE COLLAB_SCHEMA SET VERSION = " + (Schema.MIGRATIONS.size() + 1));
        SQLException e = assertThrows(SQLException.class, () -> Schema.migrate(dataSource));
        assertTrue(e.getMessage().contains("newer than this build"), e.getMessage());
    }

    @Test
    void migrateReportsWhichMigrationFailedAndRollsItBack() throws SQLException {
        // a table of the first migration exists already, so that migration fails half-way
        execute("CREATE TABLE ACCESS_PROFILE (ID INT)");
        SQLException e = assertThrows(SQLException.class, () -> Schema.migrate(dataSource));
        assertTrue(e.getMessage().contains(Schema.MIGRATIONS.get(0)), e.getMessage());
        assertEquals(0, version());
        assertTrue(!tableExists("TENANT"), "the statements before the failing one are rolled back");
    }

    private int version() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT VERSION FROM COLLAB_SCHEMA")) {
            assertTrue(rs.next());
            return rs.getInt(1);
        }
    }

    private boolean tableExists(String table) throws SQLException {
        try (Connection c = dataSource.getConnection();
            ResultSet rs = c.getMetaData().getTables(null, null, table, null)) {
            return rs.next();
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    // --- the template a fresh data folder gets --------------------------------------------------

    /**
     * The build writes the template from the same migrations (process-classes, before these tests):
     * a database copied from it has every table, column, key and index that one migrated from
     * scratch has, and the current version.
     */
    @Test
    void theBundlesTemplateHoldsTheSchemaTheMigrationsBuild(@TempDir Path dir) throws Exception {
        assertNotNull(Schema.class.getResource(DerbyTemplate.RESOURCE), "the build writes the template beside the scripts");
        Path copied = dir.resolve("copied");
        assertTrue(DerbyTemplate.restoreIfAbsent(Schema.RUNNER, copied));
        Path migrated = dir.resolve("migrated");
        EmbeddedDataSource fromScratch = onDisk(migrated);
        fromScratch.setCreateDatabase("create");
        assertEquals(Schema.MIGRATIONS.size(), Schema.migrate(fromScratch));
        EmbeddedDataSource fromTemplate = onDisk(copied);
        try {
            Map<String, List<String>> expected = picture(fromScratch);
            assertTrue(expected.size() > 15 && expected.get("MEMBERSHIP").size() > 5, expected.toString());
            assertEquals(expected, picture(fromTemplate));
            assertEquals(Schema.MIGRATIONS.size(), Schema.migrate(fromTemplate), "nothing left to apply");
        } finally {
            shutdown(copied);
            shutdown(migrated);
        }
    }

    private static EmbeddedDataSource onDisk(Path location) {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(location.toString());
        return ds;
    }

    private static void shutdown(Path location) {
        EmbeddedDataSource ds = onDisk(location);
        ds.setShutdownDatabase("shutdown");
        try {
            ds.getConnection().close();
        } catch (SQLException expected) {
            // 08006: shut down
        }
    }

    /** Tables with their columns, primary keys and indexes (by columns; Derby names its own indexes at random). */
    private static Map<String, List<String>> picture(EmbeddedDataSource ds) throws SQLException {
        Map<String, List<String>> tables = new TreeMap<>();
        try (Connection c = ds.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            List<String> names = new ArrayList<>();
            try (ResultSet rs = meta.getTables(null, "APP", "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    names.add(rs.getString("TABLE_NAME"));
                }
            }
            for (String table : names) {
                List<String> facts = new ArrayList<>();
                try (ResultSet rs = meta.getColumns(null, "APP", table, "%")) {
                    while (rs.next()) {
                        facts.add("column " + rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME") + "(" + rs.getInt("COLUMN_SIZE")
                            + ") nullable=" + rs.getString("IS_NULLABLE") + " default=" + rs.getString("COLUMN_DEF"));
                    }
                }
                try (ResultSet rs = meta.getPrimaryKeys(null, "APP", table)) {
                    while (rs.next()) {
                        facts.add("key " + rs.getShort("KEY_SEQ") + " " + rs.getString("COLUMN_NAME"));
                    }
                }
                Map<String, List<String>> indexes = new TreeMap<>();
                try (ResultSet rs = meta.getIndexInfo(null, "APP", table, false, false)) {
                    while (rs.next()) {
                        indexes.computeIfAbsent(rs.getString("INDEX_NAME") + (rs.getBoolean("NON_UNIQUE") ? "" : " unique"),
                            k -> new ArrayList<>()).add(rs.getShort("ORDINAL_POSITION") + ":" + rs.getString("COLUMN_NAME"));
                    }
                }
                indexes.forEach((name, columns) -> facts.add("index" + (name.endsWith(" unique") ? " unique " : " ") + columns));
                facts.sort(null);
                tables.put(table, facts);
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT VERSION FROM COLLAB_SCHEMA")) {
                rs.next();
                tables.put("(version)", List.of(String.valueOf(rs.getInt(1))));
            }
        }
        return tables;
    }
}
