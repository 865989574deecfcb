package dev.collab.profiles.internal.persistence;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import javax.sql.ConnectionEvent;
import javax.sql.ConnectionEventListener;
import javax.sql.DataSource;
import javax.sql.PooledConnection;

import org.apache.derby.jdbc.EmbeddedConnectionPoolDataSource;

/**
 * Connections to the embedded Derby database, kept open between uses. Opening a Derby
 * connection checks credentials, builds a "database exists" warning with its stack trace and
 * sets up a transaction context: a tenth of the container's CPU under an invitation load
 * (profiled with JFR), because EclipseLink takes a connection for every transaction and for
 * every read outside one. Unlike a pool this never makes a caller wait: when no connection is
 * idle a new one is opened, and a returned one is closed when enough are idle already, so a
 * transaction that reads on a second connection (a read scope inside it) cannot starve.
 * Derby's pooled connections reset what the previous user left (rollback, auto-commit,
 * isolation, read-only, holdability, warnings) whenever one is handed out again.
 */
final class DerbyConnections implements DataSource {
    /** Idle connections kept at most: about the requests a 2-core container runs at once, with their read scopes. */
    static final int MAX_IDLE = 16;
    private final EmbeddedConnectionPoolDataSource derby;
    private final Deque<PooledConnection> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    /** Connections Derby reported broken: discarded when their user closes them, never reused. */
    private final Set<PooledConnection> broken = ConcurrentHashMap.newKeySet();
    private final ConnectionEventListener returns = new ConnectionEventListener() {
        @Override
        public void connectionClosed(ConnectionEvent event) {
            giveBack((PooledConnection) event.getSource());
        }

        @Override
        public void connectionErrorOccurred(ConnectionEvent event) {
            // a session-level error: the physical connection is gone or unusable
            broken.add((PooledConnection) event.getSource());
        }
    };
    private volatile boolean closed;

    /** @param databaseName the database's folder; created with the first connection when it does not exist */
    DerbyConnections(String databaseName) {
        derby = new EmbeddedConnectionPoolDataSource();
        derby.setDatabaseName(databaseName);
        derby.setCreateDatabase("create");
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (closed) {
            throw new SQLException("The database is closed", "08003");
        }
        for (PooledConnection reused = idle.pollFirst(); reused != null; reused = idle.pollFirst()) {
            idleCount.decrementAndGet();
            try {
                return reused.getConnection();
            } catch (SQLException stale) {
                discard(reused);
            }
        }
        PooledConnection opened = derby.getPooledConnection();
        opened.addConnectionEventListener(returns);
        return opened.getConnection();
    }

    private void giveBack(PooledConnection connection) {
        if (broken.remove(connection) || closed) {
            discard(connection);
            return;
        }
        if (idleCount.incrementAndGet() > MAX_IDLE) {
            idleCount.decrementAndGet();
            discard(connection);
            return;
        }
        // the most recently used first: its pages and plans are the warmest
        idle.offerFirst(connection);
        if (closed && idle.remove(connection)) {
            // close() ran meanwhile and may have missed it
            idleCount.decrementAndGet();
            discard(connection);
        }
    }

    private static void discard(PooledConnection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // it was broken already; nothing is left to release
        }
    }

    /** @return how many connections are open and idle (for tests) */
    int idle() {
        return idle.size();
    }

    /** Closes the idle connections; those in use are closed when their users give them back. Before Derby shuts down. */
    void close() {
        closed = true;
        for (PooledConnection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
            idleCount.decrementAndGet();
            discard(connection);
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("The embedded database has no users: use getConnection()");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return derby.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        derby.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        derby.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return derby.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return derby.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("Not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
