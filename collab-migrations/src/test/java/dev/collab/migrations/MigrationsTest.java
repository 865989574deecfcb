package dev.collab.migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The runner both databases use, on real (in-memory) Derby databases. */
class MigrationsTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private EmbeddedDataSource dataSource;

    // --- splitting scripts --------------------------------------------------------------------

    @Test
    void statementsAreSplitAtSemicolonsThatEndALine() {
        assertEquals(List.of("CREATE TABLE A (X INT)", "CREATE TABLE B (Y INT)"),
            Migrations.statements("CREATE TABLE A (X INT);\nCREATE TABLE B (Y INT);\n"));
    }

    @Test
    void commentLinesAndBlankLinesAreDropped() {
        assertEquals(List.of("DROP TABLE A"),
            Migrations.statements("-- a comment\n\n   -- an indented comment\n\t\nDROP TABLE A;\n-- trailing comment\n"));
    }

    @Test
    void aStatementMaySpanLinesWhichAreStrippedAndJoinedByNewlines() {
        String script = "CREATE TABLE T (\r\n  ID INT NOT NULL,\r\n  -- the name\r\n  NAME VARCHAR(10)\r\n);\r\n";
        assertEquals(List.of("CREATE TABLE T (\nID INT NOT NULL,\nNAME VARCHAR(10)\n)"), Migrations.statements(script));
    }

    @Test
    void aSemicolonInsideALineDoesNotEndTheStatement() {
        assertEquals(List.of("INSERT INTO T VALUES ('a;b')"), Migrations.statements("INSERT INTO T VALUES ('a;b');"));
    }

    @Test
    void aLastStatementWithoutSemicolonIsKept() {
        assertEquals(List.of("CREATE TABLE A (X INT)", "CREATE TABLE B (\nY INT)"),
            Migrations.statements("CREATE TABLE A (X INT);\nCREATE TABLE B (\n  Y INT)\n"));
    }

    @Test
    void anEmptyOrCommentOnlyScriptHasNoStatements() {
        assertEquals(List.of(), Migrations.statements(""));
        assertEquals(List.of(), Migrations.statements("-- nothing here\n\n"));
    }

    // --- migrating a real database ------------------------------------------------------------

    @BeforeAll
    static void derbyLogInTarget() {
        System.setProperty("derby.stream.error.file", Path.of("target", "derby-tests.log").toAbsolutePath().toString());
    }

    @BeforeEach
    void memoryDatabase() {
        dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:migrations-test-" + SEQUENCE.incrementAndGet());
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
    void migrationsRunOnceInOrderAndALaterBuildAppliesOnlyItsNewOnes() throws SQLException {
        Migrations first = new Migrations("TEST_SCHEMA", List.of("V1__a_b.sql"), MigrationsTest.class, "test database");
        assertEquals(1, first.migrate(dataSource));
        assertEquals(1, first.migrate(dataSource));
        assertEquals(1, version());
        assertTrue(tableExists("A") && tableExists("B"));

        Migrations later = new Migrations("TEST_SCHEMA", List.of("V1__a_b.sql", "V2__insert.sql"), MigrationsTest.class,
            "test database");
        assertEquals(2, later.migrate(dataSource));
        assertEquals(2, version());
        assertEquals(1, count("A"));
    }

    @Test
    void anOlderBuildRefusesANewerSchema() throws SQLException {
        new Migrations("TEST_SCHEMA", List.of("V1__a_b.sql", "V2__insert.sql"), MigrationsTest.class, "test database")
            .migrate(dataSource);
        Migrations older = new Migrations("TEST_SCHEMA", List.of("V1__a_b.sql"), MigrationsTest.class, "test database");
        SQLException e = assertThrows(SQLException.class, () -> older.migrate(dataSource));
        assertTrue(e.getMessage().contains("test database has schema version 2, newer than this build"), e.getMessage());
    }

    @Test
    void aFailingMigrationIsNamedAndRolledBackWhole() throws SQLException {
        Migrations failing = new Migrations("TEST_SCHEMA", List.of("V1__a_b.sql", "V2__fails.sql"), MigrationsTest.class,
            "test database");
        SQLException e = assertThrows(SQLException.class, () -> failing.migrate(dataSource));
        assertTrue(e.getMessage().startsWith("Migration V2__fails.sql of the test database failed"), e.getMessage());
        assertEquals(1, version(), "the first migration stays applied");
        assertEquals(0, count("A"), "the insert before the failing statement is rolled back with it");
    }

    @Test
    void aMissingScriptIsReportedByName() {
        Migrations missing = new Migrations("TEST_SCHEMA", List.of("V1__nowhere.sql"), MigrationsTest.class, "test database");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> missing.migrate(dataSource));
        assertTrue(e.getMessage().contains("V1__nowhere.sql"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }

    private int version() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT VERSION FROM TEST_SCHEMA")) {
            assertTrue(rs.next());
            return rs.getInt(1);
        }
    }

    private int count(String table) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private boolean tableExists(String table) throws SQLException {
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.getMetaData().getTables(null, null, table, null)) {
            return rs.next();
        }
    }
}
