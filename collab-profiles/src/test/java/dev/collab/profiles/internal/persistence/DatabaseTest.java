package dev.collab.profiles.internal.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.ArrayList;
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
            first.required(DatabaseTest::unexpected, () -> {
                first.em().persist(tenant("kept"));
                return null;
            });
        } finally {
            TestDatabase.close(first);
        }
        Database second = TestDatabase.open(dataDir);
        try {
            assertEquals("Tenant kept", second.supports(() -> second.em().find(TenantEntity.class, "kept").name));
        } finally {
            TestDatabase.close(second);
        }
    }

    @Test
    void aDuplicateKeyInAWriteBecomesTheGivenConflictWithItsKey() {
        Database db = TestDatabase.open(dataDir);
        try {
            db.required(DatabaseTest::unexpected, () -> {
                db.em().persist(tenant("dup"));
                return null;
            });
            ConflictException e = assertThrows(ConflictException.class,
                () -> db.required(() -> new ConflictException("tenant.exists", "Tenant 'dup' exists.", "dup"), () -> {
                    db.em().persist(tenant("dup"));
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
            assertThrows(IllegalStateException.class, () -> db.required(DatabaseTest::unexpected, () -> {
                db.em().persist(tenant("ghost"));
                db.em().flush();
                throw new IllegalStateException("boom");
            }));
            assertNull(db.supports(() -> db.em().find(TenantEntity.class, "ghost")));
            assertEquals("result", db.required(DatabaseTest::unexpected, () -> "result"));
        } finally {
            TestDatabase.close(db);
        }
    }

    @Test
    void aReadThatWasADeadlocksVictimReadsAgainAndDerbyLooksForDeadlocksAfterTwoSeconds() {
        Database db = TestDatabase.open(dataDir);
        try {
            int[] runs = {0};
            // the exception Derby gives the victim of a deadlock, as EclipseLink wraps it
            String read = db.notSupported(() -> {
                if (++runs[0] == 1) {
                    throw new PersistenceException(new RuntimeException(new SQLException("A lock could not be obtained due to a deadlock",
                        "40001")));
                }
                return db.em().createNativeQuery("VALUES SYSCS_UTIL.SYSCS_GET_DATABASE_PROPERTY('derby.locks.deadlockTimeout')")
                    .getSingleResult().toString();
            });
            assertEquals(2, runs[0], "read again once");
            assertEquals("2", read.trim());
            // any other failure is not read again
            int[] failing = {0};
            assertThrows(PersistenceException.class, () -> db.notSupported(() -> {
                failing[0]++;
                throw new PersistenceException(new SQLException("syntax", "42X01"));
            }));
            assertEquals(1, failing[0]);
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
        // batch writing: the batch fails as a whole and names the failing row as its next exception
        BatchUpdateException batch = new BatchUpdateException("batch failed", "XJ208", new int[0]);
        batch.setNextException(new SQLIntegrityConstraintViolationException("dup", "23505"));
        assertTrue(Database.isUniqueViolation(new PersistenceException(batch)));
        BatchUpdateException other = new BatchUpdateException("batch failed", "XJ208", new int[0]);
        other.setNextException(new SQLException("too long", "22001"));
        assertFalse(Database.isUniqueViolation(new PersistenceException(other)));
    }

    @Test
    void aNestedWriteJoinsTheOuterTransactionWhichAloneCommits() {
        Database db = TestDatabase.open(dataDir);
        try {
            assertThrows(IllegalStateException.class, () -> db.required(DatabaseTest::unexpected, () -> {
                db.em().persist(tenant("outer"));
                db.required(DatabaseTest::unexpected, () -> {
                    assertTrue(db.activeTransaction());
                    db.em().persist(tenant("inner"));
                    return null;
                });
                throw new IllegalStateException("the outer work fails after the inner one returned");
            }));
            assertNull(db.supports(() -> db.em().find(TenantEntity.class, "inner")), "the inner write rolled back with the outer one");
            assertNull(db.supports(() -> db.em().find(TenantEntity.class, "outer")));
            assertFalse(db.activeTransaction());
        } finally {
            TestDatabase.close(db);
        }
    }

    @Test
    void postCommitActionsRunInOrderOnceTheOutermostTransactionCommittedAndNeverAfterARollback() {
        Database db = TestDatabase.open(dataDir);
        try {
            List<String> ran = new ArrayList<>();
            db.required(DatabaseTest::unexpected, () -> {
                db.em().persist(tenant("committed"));
                db.postCommit(() -> ran.add("first, sees " + db.supports(() -> db.em().find(TenantEntity.class, "committed").name)));
                db.postCommit(() -> {
                    throw new IllegalStateException("a failing action is logged and does not stop the others");
                });
                db.required(DatabaseTest::unexpected, () -> {
                    db.postCommit(() -> ran.add("registered by a nested write"));
                    return null;
                });
                assertEquals(List.of(), ran, "nothing runs before the commit");
                return null;
            });
            assertEquals(List.of("first, sees Tenant committed", "registered by a nested write"), ran);

            ran.clear();
            assertThrows(IllegalStateException.class, () -> db.required(DatabaseTest::unexpected, () -> {
                db.postCommit(() -> ran.add("after a rollback"));
                throw new IllegalStateException("boom");
            }));
            assertEquals(List.of(), ran);
            assertThrows(IllegalStateException.class, () -> db.postCommit(() -> ran.add("outside a transaction")));
            assertThrows(IllegalStateException.class, () -> db.supports(() -> {
                db.postCommit(() -> ran.add("in a read scope"));
                return null;
            }));
        } finally {
            TestDatabase.close(db);
        }
    }

    @Test
    void supportsJoinsTheCurrentScopeAndNotSupportedSuspendsIt() {
        Database db = TestDatabase.open(dataDir);
        try {
            assertThrows(IllegalStateException.class, db::em, "no scope outside required and supports");
            db.required(DatabaseTest::unexpected, () -> {
                db.em().persist(tenant("pending"));
                db.em().flush();
                assertSame(db.em(), db.supports(db::em), "a read within a write joins it");
                assertEquals("Tenant pending", db.supports(() -> db.em().find(TenantEntity.class, "pending").name));
                Object outer = db.em();
                db.notSupported(() -> {
                    assertNotSame(outer, db.em(), "a scope of its own, on a connection of its own");
                    assertFalse(db.activeTransaction());
                    return null;
                });
                assertSame(outer, db.em(), "the write's scope is resumed");
                return null;
            });
            db.supports(() -> {
                Object read = db.em();
                assertFalse(db.activeTransaction());
                db.required(DatabaseTest::unexpected, () -> {
                    assertNotSame(read, db.em(), "a write within a read begins a transaction of its own");
                    db.em().persist(tenant("fromRead"));
                    return null;
                });
                assertSame(read, db.em());
                return null;
            });
            assertEquals("Tenant fromRead", db.supports(() -> db.em().find(TenantEntity.class, "fromRead").name));
            assertThrows(IllegalStateException.class, db::em, "the scopes ended");
        } finally {
            TestDatabase.close(db);
        }
    }

    @Test
    void aScopedValueLivesAsLongAsItsTransaction() {
        Database db = TestDatabase.open(dataDir);
        try {
            db.required(DatabaseTest::unexpected, () -> {
                assertNull(db.getScopedValue(StringBuilder.class));
                StringBuilder value = new StringBuilder();
                db.putScopedValue(StringBuilder.class, value);
                db.required(DatabaseTest::unexpected, () -> {
                    assertSame(value, db.getScopedValue(StringBuilder.class), "a nested write shares its transaction's values");
                    return null;
                });
                return null;
            });
            db.required(DatabaseTest::unexpected, () -> {
                assertNull(db.getScopedValue(StringBuilder.class), "the next transaction starts without them");
                return null;
            });
            assertThrows(IllegalStateException.class, () -> db.getScopedValue(StringBuilder.class));
        } finally {
            TestDatabase.close(db);
        }
    }
}
