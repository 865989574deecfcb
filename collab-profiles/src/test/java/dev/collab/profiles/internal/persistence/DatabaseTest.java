package dev.collab.profiles.internal.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.List;

import javax.persistence.PersistenceException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.collab.api.ConflictException;
import dev.collab.profiles.internal.entities.TenantEntity;

class DatabaseTest {
    @TempDir
    Path dataDir;

    /** The conflict of writes that meet no unique key: never thrown. */
    private static ConflictException unexpected() {
        return new ConflictException("test.unexpected", "Unexpected conflict.");
    }

    private static TenantEntity tenant(String id) {
        TenantEntity t = new TenantEntity();
        t.id = id;
        t.name = "Tenant " + id;
        return t;
    }

    @Test
    void theDataFolderIsCreatedAndTheDatabaseAnswers() {
        Path nested = dataDir.resolve("nested/deeper");
        Database db = TestDatabase.open(nested);
        try {
            assertTrue(Files.isDirectory(nested.resolve("db")));
            assertTrue(db.isHealthy());
            DatabaseHealth health = new DatabaseHealth(db);
            assertEquals("database", health.component());
            assertTrue(health.isUp());
        } finally {
            TestDatabase.close(db);
        }
    }

    @Test
    void afterCloseTheDatabaseIsReportedDown() {
        Database db = TestDatabase.open(dataDir);
        TestDatabase.close(db);
        assertFalse(db.isHealthy());
        assertFalse(new DatabaseHealth(db).isUp());
    }

    @Test
    void closingReleasesTheFolderSoThatItCanBeOpenedAgainWithItsData() {
        Database first = TestDatabase.open(dataDir);
        try {
            first.write(DatabaseTest::unexpected, em -> {
                em.persist(tenant("kept"));
                return null;
            });
        } finally {
            TestDatabase.close(first);
        }
        Database second = TestDatabase.open(dataDir);
        try {
            assertEquals("Tenant kept", second.read(em -> em.find(TenantEntity.class, "kept").name));
        } finally {
            TestDatabase.close(second);
        }
    }

    @Test
    void aDuplicateKeyInAWriteBecomesTheGivenConflictWithItsKey() {
        Database db = TestDatabase.open(dataDir);
        try {
            db.write(DatabaseTest::unexpected, em -> {
                em.persist(tenant("dup"));
                return null;
            });
            ConflictException e = assertThrows(ConflictException.class,
                () -> db.write(() -> new ConflictException("tenant.exists", "Tenant 'dup' exists.", "dup"), em -> {
                    em.persist(tenant("dup"));
                    return null;
                }));
            assertEquals("Tenant 'dup' exists.", e.getMessage());
            assertEquals("tenant.exists", e.key());
            assertEquals(List.of("dup"), e.arguments());
        } finally {
            TestDatabase.close(db);
        }
    }

    @Test
    void aWriteThatFailsIsRolledBack() {
        Database db = TestDatabase.open(dataDir);
        try {
            assertThrows(IllegalStateException.class, () -> db.write(DatabaseTest::unexpected, em -> {
                em.persist(tenant("ghost"));
                em.flush();
                throw new IllegalStateException("boom");
            }));
            assertNull(db.read(em -> em.find(TenantEntity.class, "ghost")));
            assertEquals("result", db.write(DatabaseTest::unexpected, em -> "result"));
        } finally {
            TestDatabase.close(db);
        }
    }

    @Test
    void uniqueViolationsAreRecognisedAnywhereInTheCauseChain() {
        assertTrue(Database.isUniqueViolation(new PersistenceException(
            new RuntimeException(new SQLIntegrityConstraintViolationException("dup")))));
        assertTrue(Database.isUniqueViolation(new PersistenceException(new SQLException("dup", "23505"))));
        assertFalse(Database.isUniqueViolation(new PersistenceException(new SQLException("other", "22001"))));
        assertFalse(Database.isUniqueViolation(new PersistenceException("no cause")));
    }
}
