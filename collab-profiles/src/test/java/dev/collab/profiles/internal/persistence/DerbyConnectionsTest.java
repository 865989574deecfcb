package dev.collab.profiles.internal.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connections kept open between uses: reused, reset for their next user, never waited for. */
class DerbyConnectionsTest {
    @TempDir
    Path dataDir;
    private DerbyConnections connections;
    private String name;

    @BeforeEach
    void open() throws SQLException {
        name = dataDir.resolve("db").toString();
        connections = new DerbyConnections(name);
        try (Connection c = connections.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
        }
    }

    @AfterEach
    void shutdown() {
        connections.close();
        EmbeddedDataSource derby = new EmbeddedDataSource();
        derby.setDatabaseName(name);
        derby.setShutdownDatabase("shutdown");
        assertThrows(SQLException.class, () -> derby.getConnection().close(), "Derby reports its shutdown as an exception");
    }

    /** How many physical connections Derby has open: each holds a user transaction, idle or not. */
    private static int physical(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
            ResultSet r = s.executeQuery("SELECT COUNT(*) FROM SYSCS_DIAG.TRANSACTION_TABLE WHERE TYPE = 'UserTransaction'")) {
            assertTrue(r.next());
            return r.getInt(1);
        }
    }

    @Test
    void aClosedConnectionIsHandedOutAgain() throws SQLException {
        int before;
        try (Connection c = connections.getConnection()) {
            before = physical(c);
        }
        assertEquals(1, connections.idle());
        for (int i = 0; i < 5; i++) {
            try (Connection c = connections.getConnection()) {
                assertEquals(before, physical(c), "no new Derby connection");
                assertEquals(0, connections.idle());
            }
        }
    }

    @Test
    void whatThePreviousUserLeftIsUndone() throws SQLException {
        Connection c = connections.getConnection();
        c.setAutoCommit(false);
        c.setReadOnly(false);
        c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO t VALUES (1)");
        }
        c.rollback();
        c.close();
        try (Connection next = connections.getConnection(); Statement s = next.createStatement();
            ResultSet r = s.executeQuery("SELECT COUNT(*) FROM t")) {
            assertTrue(next.getAutoCommit());
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, next.getTransactionIsolation());
            assertTrue(r.next());
            assertEquals(0, r.getInt(1));
        }
    }

    @Test
    void closingInsideATransactionFailsAsWithoutReuse() throws SQLException {
        Connection c = connections.getConnection();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO t VALUES (2)");
        }
        assertThrows(SQLException.class, c::close, "Derby refuses to close a connection with work in progress");
        c.rollback();
        c.close();
        try (Connection next = connections.getConnection(); Statement s = next.createStatement();
            ResultSet r = s.executeQuery("SELECT COUNT(*) FROM t")) {
            assertTrue(r.next());
            assertEquals(0, r.getInt(1));
        }
    }

    @Test
    void moreUsersThanKeptConnectionsNeverWait() throws SQLException {
        List<Connection> open = new ArrayList<>();
        for (int i = 0; i < DerbyConnections.MAX_IDLE + 8; i++) {
            open.add(connections.getConnection());
        }
        assertTrue(physical(open.get(0)) >= DerbyConnections.MAX_IDLE + 8, "each user has a connection of its own");
        for (Connection c : open) {
            c.close();
        }
        assertEquals(DerbyConnections.MAX_IDLE, connections.idle(), "the surplus is closed");
        try (Connection c = connections.getConnection()) {
            assertEquals(DerbyConnections.MAX_IDLE, physical(c), "the kept ones only");
        }
    }

    @Test
    void afterCloseNothingIsHandedOutAndReturnedConnectionsAreClosed() throws SQLException {
        Connection inUse = connections.getConnection();
        connections.getConnection().close();
        connections.close();
        assertEquals(0, connections.idle());
        assertThrows(SQLException.class, connections::getConnection);
        inUse.close();
        assertEquals(0, connections.idle(), "given back after close: closed, not kept");
        assertFalse(connections.isWrapperFor(String.class));
    }
}
