package dev.collab.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.collab.api.TemporarilyUnavailableException;
import dev.collab.api.customers.Customer;
import dev.collab.migrations.Migrations;

class HostStoreTest {
    @TempDir
    Path dataDir;

    @Test
    void theDatabaseIsCreatedInDbBelowTheDataFolderAndAnswers() {
        Path nested = dataDir.resolve("nested/host");
        HostStore store = TestStore.open(nested);
        try {
            assertTrue(Files.isDirectory(nested.resolve("db")));
            assertTrue(store.isHealthy());
            HostStoreHealth health = new HostStoreHealth(store);
            assertEquals("host-store", health.component());
            assertTrue(health.isUp());
            assertEquals(HostSchema.MIGRATIONS.size(), schemaVersion(store));
        } finally {
            TestStore.close(store);
        }
    }

    @Test
    void afterCloseTheStoreIsReportedDownAndCallsAreUnavailable() {
        HostStore store = TestStore.open(dataDir);
        TestStore.close(store);
        assertFalse(store.isHealthy());
        assertFalse(new HostStoreHealth(store).isUp());
        assertThrows(TemporarilyUnavailableException.class, () -> new CustomerDirectoryImpl(store).list("acme"));
        assertThrows(TemporarilyUnavailableException.class,
            () -> new MailboxImpl(store).deliver("acme", "a@x.example", "b@x.example", "s", "b"));
        store.close();
    }

    @Test
    void customersAndMessagesSurviveCloseAndReopen() {
        HostStore first = TestStore.open(dataDir);
        String messageId;
        try {
            new CustomerDirectoryImpl(first).put("acme", "c-1", "Müller GmbH");
            messageId = new MailboxImpl(first).deliver("acme", "a@x.example", "b@x.example", "Hello", "Body").id();
        } finally {
            TestStore.close(first);
        }
        HostStore second = TestStore.open(dataDir);
        try {
            assertEquals(List.of(new Customer("c-1", "Müller GmbH")), new CustomerDirectoryImpl(second).list("acme"));
            assertEquals(messageId, new MailboxImpl(second).messages("acme", "b@x.example").get(0).id());
            assertEquals(HostSchema.MIGRATIONS.size(), schemaVersion(second));
        } finally {
            TestStore.close(second);
        }
    }

    @Test
    void aDatabaseWithANewerSchemaIsRefused() throws SQLException {
        TestStore.close(TestStore.open(dataDir));
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(dataDir.resolve("db").toString());
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement("UPDATE HOST_SCHEMA SET VERSION = ?")) {
            s.setInt(1, HostSchema.MIGRATIONS.size() + 1);
            s.executeUpdate();
        }
        shutdown(dataDir.resolve("db"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TestStore.open(dataDir));
        assertTrue(e.getMessage().contains("newer than this build knows"), e.getMessage());
        // the refused database was shut down (Derby removes its lock file then) and left untouched
        assertFalse(Files.exists(dataDir.resolve("db").resolve("db.lck")));
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement("SELECT VERSION FROM HOST_SCHEMA");
             ResultSet rs = s.executeQuery()) {
            assertTrue(rs.next());
            assertEquals(HostSchema.MIGRATIONS.size() + 1, rs.getInt(1));
        }
        shutdown(dataDir.resolve("db"));
    }

    @Test
    void theSuitesOwnDatabaseIsRefusedAndLeftUntouched() throws SQLException {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(dataDir.resolve("db").toString());
        ds.setCreateDatabase("create");
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement("CREATE TABLE COLLAB_SCHEMA (VERSION INT NOT NULL)")) {
            s.execute();
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TestStore.open(dataDir));
        assertTrue(e.getMessage().contains("suite's database"), e.getMessage());
        // still booted for whoever uses it, and without any table of the host's
        try (Connection c = ds.getConnection(); ResultSet rs = c.getMetaData().getTables(null, null, "HOST_SCHEMA", null)) {
            assertFalse(rs.next());
        }
        shutdown(dataDir.resolve("db"));
    }

    @Test
    void aMissingDataFolderIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new HostStore(TestStore.config("  ")));
    }

    @Test
    void aFailedWriteIsRolledBack() {
        HostStore store = TestStore.open(dataDir);
        try {
            assertThrows(IllegalStateException.class, () -> store.write(c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO CUSTOMER (TENANTID, ID, NAME) VALUES (?, ?, ?)")) {
                    s.setString(1, "acme");
                    s.setString(2, "ghost");
                    s.setString(3, "Ghost");
                    s.executeUpdate();
                }
                throw new IllegalStateException("boom");
            }));
            assertEquals(Map.of(), new CustomerDirectoryImpl(store).find("acme", List.of("ghost")));
        } finally {
            TestStore.close(store);
        }
    }

    @Test
    void theShippedMigrationsSplitIntoCreateStatements() throws IOException {
        List<String> all = new ArrayList<>();
        for (String name : HostSchema.MIGRATIONS) {
            try (InputStream in = HostSchema.class.getResourceAsStream(name)) {
                assertNotNull(in, name);
                all.addAll(Migrations.statements(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        assertEquals(4, all.size(), all::toString);
        all.forEach(s -> assertTrue(s.startsWith("CREATE TABLE ") || s.startsWith("CREATE INDEX "), s));
        all.forEach(s -> assertTrue(!s.contains("--") && !s.endsWith(";"), s));
    }

    private static int schemaVersion(HostStore store) {
        return store.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT VERSION FROM HOST_SCHEMA"); ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next());
                return rs.getInt(1);
            }
        });
    }

    private static void shutdown(Path db) {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(db.toString());
        ds.setShutdownDatabase("shutdown");
        SQLException e = assertThrows(SQLException.class, () -> ds.getConnection().close());
        assertEquals("08006", e.getSQLState(), e::getMessage);
    }
}
