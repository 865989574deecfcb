package dev.collab.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server of the machine's own binaries (Debian's {@code postgresql} package,
 * which {@code .ci/run} installs when missing), in a fresh cluster of its own under the temporary
 * folder, on a free port of 127.0.0.1, trusting local connections. For the tests and load tools
 * that run the container on PostgreSQL: each container gets a database of its own
 * ({@link #createDatabase}), several containers share one to be a cluster.
 * <p>
 * PostgreSQL refuses to run as root; as root (CI's containers) the server runs as the
 * {@code postgres} user the package creates, and its folder is handed to that user. Durability is
 * traded for speed ({@code fsync=off}): a test's cluster is thrown away.
 */
public final class PostgresServer implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private final Path bin;
    private final Path dataDir;
    private final int port;
    private final boolean asPostgresUser;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(Path bin, Path dataDir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** Creates a cluster in a new temporary folder and starts it; {@link #close} stops it and deletes the folder. */
    public static PostgresServer start() throws IOException {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("collab-postgres-");
        Path data = dir.resolve("data");
        Files.createDirectory(data);
        if (root) {
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
            Files.setOwner(data, postgres);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PostgresServer server = new PostgresServer(bin, data, port, root);
        server.run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--locale=C"), 120);
        server.run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(), "-w",
            "-t", "60", "-o", "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
                + " -c synchronous_commit=off -c max_connections=200",
            "start"), 90);
        // A test JVM that ends without closing must not leave a server behind.
        Runtime.getRuntime().addShutdownHook(new Thread(server::stopQuietly, "postgres-stop"));
        return server;
    }

    /** The binaries: {@code COLLAB_PG_BIN}, else the newest {@code /usr/lib/postgresql/<version>/bin}. */
    private static Path binaries() {
        String given = System.getenv("COLLAB_PG_BIN");
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Path newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                    .max(Comparator.comparing(v -> version(v.getFileName().toString()))).orElse(null);
                if (newest != null) {
                    return newest.resolve("bin");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("No PostgreSQL server binaries (initdb) in /usr/lib/postgresql/*/bin: install Debian's "
            + "postgresql package (.ci/run does), or set COLLAB_PG_BIN to the folder holding initdb and pg_ctl");
    }

    private static int version(String name) {
        try {
            return Integer.parseInt(name.replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Creates an empty database and answers its JDBC URL (user {@code postgres}, no password). */
    public String createDatabase(String prefix) {
        String name = (prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_" + databases.incrementAndGet());
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a database name: " + name);
        }
        psql("CREATE DATABASE " + name);
        return url(name);
    }

    /** Runs one SQL command as the superuser on the {@code postgres} database (e.g. to end a node's connections). */
    public String psql(String sql) {
        return psql("postgres", sql);
    }

    /** Runs one SQL command as the superuser on a database; answers what it printed (unaligned, tuples only). */
    public String psql(String database, String sql) {
        return run(List.of(bin.resolve("psql").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "postgres", "-d",
            database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql), 60);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    private String run(List<String> command, int seconds) {
        List<String> full = new ArrayList<>();
        // the server and initdb refuse root; the client (psql) runs as whoever we are
        if (asPostgresUser && !command.get(0).endsWith("psql")) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " took longer than " + seconds + " s");
            }
            String text = new String(out, UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed (" + process.exitValue() + "): " + text);
            }
            return text.strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void stopQuietly() {
        try {
            if (Files.exists(dataDir.resolve("postmaster.pid"))) {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "-w", "stop"), 60);
            }
        } catch (RuntimeException e) {
            // stopping at exit: nothing else to do
        }
    }

    /** Stops the server at once and deletes its cluster. */
    @Override
    public void close() {
        stopQuietly();
        try (Stream<Path> files = Files.walk(dataDir.getParent())) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
