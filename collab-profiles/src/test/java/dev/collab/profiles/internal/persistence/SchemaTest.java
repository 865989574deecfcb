package dev.collab.profiles.internal.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
}
