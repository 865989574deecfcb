package dev.collab.host.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.collab.api.TemporarilyUnavailableException;
import dev.collab.migrations.DerbyTemplate;

/**
 * The embedded host defaults' own Derby database, in {@code <dataDir>/db}. The customers and the
 * mailbox belong to the host, not to the suite, so they are not kept in the suite's database:
 * a host that brings its own directory and mailbox simply does not deploy this bundle, and the
 * suite's data stays free of host records. Plain JDBC: an embedded Derby connection is cheap, so
 * each call opens its own. Deactivation shuts the database down and releases its files.
 */
@Component(service = HostStore.class, configurationPid = HostStore.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = HostStoreConfiguration.class)
public final class HostStore {
    public static final String PID = "dev.collab.host";
    private static final Logger LOG = LoggerFactory.getLogger(HostStore.class);

    /** Work against one connection; may throw {@link SQLException}. */
    @FunctionalInterface
    interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final Path dbDir;
    private final EmbeddedDataSource dataSource;
    private volatile boolean closed;

    @Activate
    public HostStore(HostStoreConfiguration config) {
        if (config.dataDir() == null || config.dataDir().isBlank()) {
            throw new IllegalArgumentException("The configuration " + PID + " needs a dataDir.");
        }
        Path dir = Path.of(config.dataDir()).toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the host data folder " + dir, e);
        }
        // Derby reads this once, when its engine boots; whoever boots it first (usually the suite's
        // database) decides. Without it derby.log lands in the working directory.
        if (System.getProperty("derby.stream.error.file") == null) {
            System.setProperty("derby.stream.error.file", dir.resolve("derby.log").toString());
        }
        dbDir = dir.resolve("db");
        // a fresh folder's database is a copy of the build's template
        DerbyTemplate.restoreIfAbsent(HostSchema.RUNNER, dbDir);
        dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName(dbDir.toString());
        dataSource.setCreateDatabase("create");
        try {
            if (HostSchema.isSuiteDatabase(dataSource)) {
                // Not shut down: the suite's own component may be using this very database.
                throw new IllegalStateException("The folder " + dbDir + " holds the suite's database (dev.collab.persistence), "
                    + "not the host's: configure " + PID + " with a dataDir of its own.");
            }
            HostSchema.migrate(dataSource);
        } catch (SQLException e) {
            // Release the files: a failed activation must not keep the database booted.
            shutdown(dbDir);
            throw new IllegalStateException("Cannot open the host database in " + dbDir + ": " + e.getMessage(), e);
        }
        LOG.info("Host database open at {}", dbDir);
    }

    @Deactivate
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        shutdown(dbDir);
        LOG.info("Host database at {} shut down", dbDir);
    }

    /** Shuts one database down (not the Derby engine, which the suite's database shares). */
    private static void shutdown(Path dbDir) {
        // A separate data source: the working one keeps createDatabase=create, but is refused once closed.
        EmbeddedDataSource shutdown = new EmbeddedDataSource();
        shutdown.setDatabaseName(dbDir.toString());
        shutdown.setShutdownDatabase("shutdown");
        try {
            shutdown.getConnection().close();
        } catch (SQLException expected) {
            // Derby reports a successful shutdown as SQLState 08006.
            if (!"08006".equals(expected.getSQLState())) {
                LOG.warn("Host database shutdown: {}", expected.getMessage());
            }
        }
    }

    /** Runs {@code work} on a fresh connection in auto-commit mode. */
    <T> T read(Work<T> work) {
        try (Connection c = connection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Runs {@code work} in one transaction on a fresh connection; commits, or rolls back on any exception. */
    <T> T write(Work<T> work) {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** @return whether the database answers a trivial query now */
    public boolean isHealthy() {
        try {
            return read(c -> {
                try (PreparedStatement s = c.prepareStatement("VALUES 1"); ResultSet rs = s.executeQuery()) {
                    return rs.next();
                }
            });
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Connection connection() throws SQLException {
        if (closed) {
            throw new SQLException("The host database is shut down.", "08003");
        }
        return dataSource.getConnection();
    }

    private RuntimeException failure(SQLException e) {
        if (closed || (e.getSQLState() != null && e.getSQLState().startsWith("08"))) {
            return new TemporarilyUnavailableException("The host database is not available right now; retry shortly.");
        }
        return new IllegalStateException("Host database: " + e.getMessage(), e);
    }
}
