package dev.collab.profiles.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * One connection listening on a PostgreSQL channel. A class of its own so that the PostgreSQL
 * driver, an optional import, is loaded only on a shared database.
 */
final class PostgresNotifications implements AutoCloseable {
    interface Handler {
        void announced(String tenantId, long changeNumber);
    }

    private final Connection connection;
    private final PGConnection postgres;

    private PostgresNotifications(Connection connection) throws SQLException {
        this.connection = connection;
        this.postgres = connection.unwrap(PGConnection.class);
    }

    static PostgresNotifications listen(DataSource dataSource, String channel) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                // the channel is a constant of ours, never input
                s.execute("LISTEN " + channel);
            }
            return new PostgresNotifications(c);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Waits up to {@code timeout} for announcements and hands each to the handler; when none came,
     * asks the server whether the connection is alive (a silent connection may be a broken one).
     *
     * @throws SQLException when the connection is lost
     */
    void await(Duration timeout, Handler handler) throws SQLException {
        PGNotification[] received = postgres.getNotifications((int) timeout.toMillis());
        if (received == null || received.length == 0) {
            try (Statement s = connection.createStatement()) {
                s.execute("SELECT 1");
            }
            return;
        }
        for (PGNotification n : received) {
            String payload = n.getParameter();
            int space = payload.lastIndexOf(' ');
            if (space > 0) {
                try {
                    handler.announced(payload.substring(0, space), Long.parseLong(payload.substring(space + 1)));
                } catch (NumberFormatException ignored) {
                    // not one of ours: the channel is the suite's, but anyone with access to the database may NOTIFY
                }
            }
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
