package dev.collab.migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The template a build writes and a fresh data folder gets, on real Derby databases on disk. */
class DerbyTemplateTest {
    private static final Migrations V1 = new Migrations("TEST_SCHEMA", List.of("V1__a_b.sql"), DerbyTemplateTest.class, "test database");
    private static final Migrations V2 = new Migrations("TEST_SCHEMA", List.of("V1__a_b.sql", "V2__insert.sql"), DerbyTemplateTest.class,
        "test database");

    @TempDir
    Path dir;

    @BeforeAll
    static void derbyLogInTarget() {
        System.setProperty("derby.stream.error.file", "target/derby.log");
    }

    @Test
    void aFreshFolderGetsTheTemplatesDatabaseWhichMigratesOnFromIt() throws Exception {
        Path zip = dir.resolve("template.zip");
        DerbyTemplate.write(V1, zip);
        Path location = dir.resolve("data").resolve("db");
        assertTrue(DerbyTemplate.restore(zip.toUri().toURL(), location));
        try (Connection c = DriverManager.getConnection("jdbc:derby:" + location)) {
            assertEquals(new TreeSet<>(List.of("A", "B", "TEST_SCHEMA")), tables(c));
            assertEquals(1, version(c));
            // a later build's scripts carry on from the template's version, as from any database
            assertEquals(2, V2.migrate(c));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM A")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
            c.rollback();
        } finally {
            shutdown(location);
        }
        try (Stream<Path> left = Files.list(location.getParent())) {
            assertEquals(List.of(location), left.toList(), "no unpacking folder is left behind");
        }
    }

    @Test
    void aDatabaseAlreadyThereIsNeverTouched() throws Exception {
        Path zip = dir.resolve("template.zip");
        DerbyTemplate.write(V1, zip);
        Path location = dir.resolve("db");
        Files.createDirectories(location);
        Path mine = Files.writeString(location.resolve("service.properties"), "mine");
        assertFalse(DerbyTemplate.restore(zip.toUri().toURL(), location));
        assertEquals("mine", Files.readString(mine));
        try (Stream<Path> entries = Files.list(location)) {
            assertEquals(1, entries.count());
        }
    }

    @Test
    void theTemplateIsADatabaseShutDownCleanly() throws Exception {
        Path zip = dir.resolve("template.zip");
        DerbyTemplate.write(V1, zip);
        List<String> names = entries(zip);
        assertTrue(names.contains("service.properties"), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("seg0/")), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.endsWith(".lck")), "the database was shut down before it was packed: " + names);
    }

    @Test
    void anEntryLeavingTheFolderIsRefusedAndNothingIsLeft() throws Exception {
        Path zip = dir.resolve("evil.zip");
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            out.putNextEntry(new ZipEntry("../escaped"));
            out.write(1);
            out.closeEntry();
        }
        Path location = dir.resolve("data").resolve("db");
        assertThrows(IOException.class, () -> DerbyTemplate.restore(zip.toUri().toURL(), location));
        assertFalse(Files.exists(location));
        assertFalse(Files.exists(dir.resolve("data").resolve("escaped")));
        try (Stream<Path> left = Files.list(location.getParent())) {
            assertEquals(0, left.count(), "the unpacking folder is removed");
        }
    }

    @Test
    void withoutATemplateNothingHappens() throws Exception {
        Path location = dir.resolve("db");
        assertFalse(DerbyTemplate.restoreIfAbsent(V1, location));
        assertFalse(Files.exists(location));
    }

    private static List<String> entries(Path zip) throws IOException {
        try (java.util.zip.ZipFile file = new java.util.zip.ZipFile(zip.toFile())) {
            return file.stream().map(ZipEntry::getName).toList();
        }
    }

    private static TreeSet<String> tables(Connection c) throws SQLException {
        TreeSet<String> names = new TreeSet<>();
        try (ResultSet rs = c.getMetaData().getTables(null, "APP", "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME"));
            }
        }
        return names;
    }

    private static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT VERSION FROM TEST_SCHEMA")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void shutdown(Path location) {
        try {
            DriverManager.getConnection("jdbc:derby:" + location + ";shutdown=true").close();
        } catch (SQLException expected) {
            // 08006: shut down
        }
    }
}
