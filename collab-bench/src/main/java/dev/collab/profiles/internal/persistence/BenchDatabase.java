package dev.collab.profiles.internal.persistence;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.osgi.util.converter.Converters;

/**
 * Opens and closes the suite's {@link Database} outside OSGi for the benchmarks: its
 * configuration type and its {@code close()} are package-private, so this helper lives in their
 * package. It also hands out a plain JDBC connection to the same embedded database (same JVM,
 * same Derby engine) for generating bulk data far faster than through JPA.
 */
public final class BenchDatabase {
    private BenchDatabase() {
    }

    /** Opens (creates and migrates) the database in {@code dataDir}, as the container would. */
    public static Database open(Path dataDir) {
        DatabaseConfiguration config = Converters.standardConverter()
            .convert(Map.of("dataDir", dataDir.toString(), "logLevel", "SEVERE"))
            .to(DatabaseConfiguration.class);
        return new Database(config);
    }

    /** Shuts the database down, as deactivating the component would. */
    public static void close(Database db) {
        if (db != null) {
            db.close();
        }
    }

    /** The schema migrations this build applies, in order (part of the benchmark data's fingerprint). */
    public static List<String> migrations() {
        return Schema.MIGRATIONS;
    }

    /**
     * A second connection to the database {@link #open} opened, for bulk inserts; the caller
     * closes it. Auto-commit is off.
     */
    public static Connection jdbc(Path dataDir) throws SQLException {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(dataDir.toAbsolutePath().normalize().resolve("db").toString());
        Connection c = ds.getConnection();
        c.setAutoCommit(false);
        return c;
    }
}
