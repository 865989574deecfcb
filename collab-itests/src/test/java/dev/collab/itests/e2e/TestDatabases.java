package dev.collab.itests.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.collab.testkit.PostgresServer;

/**
 * Which database the end-to-end tests' containers run on: the embedded Derby of their data
 * folder (the default), or, with {@code -Dcollab.it.db=postgresql} (the second run of these tests
 * in {@code mvn verify}), a database of their own on one PostgreSQL server this test JVM starts
 * on first use. The same tests, unchanged, cover both engines.
 */
public final class TestDatabases {
    static final String PROPERTY = "collab.it.db";

    private TestDatabases() {
    }

    public static boolean onPostgres() {
        return "postgresql".equals(System.getProperty(PROPERTY, "derby"));
    }

    /**
     * The environment a container starts with: as given on Derby, or with {@code COLLAB_DB_URL} of a
     * new database on PostgreSQL, unless the test chose a database itself.
     */
    static Map<String, String> forContainer(Path dataDir, Map<String, String> env) {
        if (!onPostgres() || env.containsKey("COLLAB_DB_URL")) {
            return env;
        }
        Map<String, String> withDb = new LinkedHashMap<>(env);
        withDb.put("COLLAB_DB_URL", newPostgresDatabase(dataDir.toAbsolutePath().getParent().getFileName().toString()));
        withDb.put("COLLAB_DB_USER", USER);
        return withDb;
    }

    /** The user every test database belongs to. */
    public static final String USER = "postgres";

    /** The JDBC URL of a new, empty database on the test JVM's PostgreSQL server (started on first use). */
    public static String newPostgresDatabase(String prefix) {
        return Server.INSTANCE.createDatabase(prefix);
    }

    /** The server, started when the first container asks (holder idiom: once per test JVM). */
    private static final class Server {
        static final PostgresServer INSTANCE = start();

        private static PostgresServer start() {
            try {
                return PostgresServer.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
