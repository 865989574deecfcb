package dev.collab.profiles.internal.persistence;

import java.nio.file.Path;
import java.util.Map;

import org.osgi.util.converter.Converters;

/**
 * Opens and closes a real {@link Database} (embedded Derby + EclipseLink) in a folder, for the
 * rules tests of this bundle. {@link Database#close()} is package-private; this helper lets the
 * service tests in the parent package shut their database down.
 */
public final class TestDatabase {
    static {
        init();
    }

    private TestDatabase() {
    }

    /**
     * Derby reads these once, when its engine boots: keep its log in target/ rather than in a
     * temporary folder that is deleted under it, and skip the fsyncs that only matter for a
     * database that must survive a power cut.
     */
    static synchronized void init() {
        if (System.getProperty("derby.system.durability") == null) {
            System.setProperty("derby.system.durability", "test");
        }
        if (System.getProperty("derby.stream.error.file") == null) {
            System.setProperty("derby.stream.error.file",
                Path.of("target", "derby-tests.log").toAbsolutePath().toString());
        }
    }

    public static Database open(Path dataDir) {
        return new Database(config(dataDir));
    }

    /** A database on a PostgreSQL server (user postgres, trusted), as a node of a cluster opens it. */
    public static Database open(Path dataDir, String url) {
        return new Database(Converters.standardConverter()
            .convert(Map.of("dataDir", dataDir.toString(), "logLevel", "SEVERE", "url", url, "user", "postgres", "poolSize", 6))
            .to(DatabaseConfiguration.class));
    }

    public static void close(Database db) {
        if (db != null) {
            db.close();
        }
    }

    static DatabaseConfiguration config(Path dataDir) {
        // SEVERE: the conflict tests provoke duplicate keys, which EclipseLink logs with a stack trace at WARNING
        return Converters.standardConverter().convert(Map.of("dataDir", dataDir.toString(), "logLevel", "SEVERE"))
            .to(DatabaseConfiguration.class);
    }
}
