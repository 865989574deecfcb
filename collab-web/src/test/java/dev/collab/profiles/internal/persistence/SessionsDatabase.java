package dev.collab.profiles.internal.persistence;

import java.nio.file.Path;
import java.util.Map;

import org.osgi.util.converter.Converters;

/**
 * Opens and closes the core's {@link Database} (embedded Derby in a folder) for the sessions'
 * tests of the screens: its configuration type and {@code close()} are package-private, so
 * this helper lives in their package (as collab-bench's {@code BenchDatabase}).
 */
public final class SessionsDatabase {
    private SessionsDatabase() {
    }

    public static Database open(Path dataDir) {
        if (System.getProperty("derby.stream.error.file") == null) {
            System.setProperty("derby.stream.error.file", Path.of("target", "derby-tests.log").toAbsolutePath().toString());
        }
        if (System.getProperty("derby.system.durability") == null) {
            System.setProperty("derby.system.durability", "test");
        }
        return new Database(Converters.standardConverter().convert(Map.of("dataDir", dataDir.toString(), "logLevel", "SEVERE"))
            .to(DatabaseConfiguration.class));
    }

    public static void close(Database db) {
        if (db != null) {
            db.close();
        }
    }
}
