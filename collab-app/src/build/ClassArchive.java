import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Writes the container's class archive ({@code target/collab-app.jsa}, named by
 * {@code -XX:SharedArchiveFile} in {@code jvm.options}): one training start of the jar just
 * exported, with the README's flags, on a fresh data folder, up to {@code /health} 200 and the
 * OpenAPI document, then a normal stop, at which the JVM archives every class it loaded
 * ({@code -XX:ArchiveClassesAtExit}). Later starts map those classes parsed and verified instead
 * of reading them from the bundles again. A class whose bundle changed since (a partner bundle
 * dropped into the deploy folder, an update) does not match its archived bytes and is loaded
 * as without the archive; a missing or foreign archive (another JDK) is ignored by the JVM.
 * <p>
 * Run by {@code mvn package} in collab-app (exec-maven-plugin) as a single-file program:
 * {@code java ClassArchive.java <checkout> <jvm.options> <collab-app.jar> <archive>}. JDK only.
 */
public final class ClassArchive {
    private static final Duration START_LIMIT = Duration.ofSeconds(180);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(120);

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: java ClassArchive.java <checkout> <jvm.options> <collab-app.jar> <archive>");
        }
        Path checkout = Path.of(args[0]).toAbsolutePath();
        Path options = Path.of(args[1]).toAbsolutePath();
        Path jar = Path.of(args[2]).toAbsolutePath();
        Path archive = Path.of(args[3]).toAbsolutePath();
        Files.deleteIfExists(archive);
        Path data = Files.createTempDirectory("collab-class-archive");
        Path log = archive.resolveSibling("class-archive.log");
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The README's flags but the archive's own name: while archiving, -XX:SharedArchiveFile
        // would name the base archive, and the one to be written does not exist yet.
        command.addAll(flags(options));
        command.add("-XX:ArchiveClassesAtExit=" + archive);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(checkout.toFile())
            .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("COLLAB_"));
        builder.environment().put("COLLAB_HTTP_PORT", Integer.toString(port));
        builder.environment().put("COLLAB_DATA_DIR", data.toString());
        // given, so that the start does not hash a generated one
        builder.environment().put("COLLAB_SUPPORT_PASSWORD", UUID.randomUUID().toString());
        long started = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close();
        try {
            String base = "http://localhost:" + port + "/collab/api/v1";
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            double healthy = awaitHealthy(http, base + "/health", process, log, started);
            get(http, base + "/openapi.json");
            process.destroy();
            if (!process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the training start did not stop within " + STOP_LIMIT.toSeconds() + " s; see " + log);
            }
            if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
                throw new IllegalStateException("the JVM wrote no class archive at " + archive + "; see " + log);
            }
            System.out.printf(Locale.ROOT, "Class archive %s: %.1f MB, from a training start (/health 200 after %.1f s)%n",
                archive, Files.size(archive) / 1e6, healthy);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor();
            }
            delete(data);
        }
    }

    /** The argument file's flags, as the java launcher reads them: one or more per line, {@code #} to the line's end a comment. */
    static List<String> flags(Path options) throws IOException {
        List<String> flags = new ArrayList<>();
        for (String line : Files.readAllLines(options)) {
            int comment = line.indexOf('#');
            String text = (comment >= 0 ? line.substring(0, comment) : line).trim();
            for (String flag : text.isEmpty() ? new String[0] : text.split("\\s+")) {
                if (!flag.startsWith("-XX:SharedArchiveFile=")) {
                    flags.add(flag);
                }
            }
        }
        return flags;
    }

    private static double awaitHealthy(HttpClient http, String health, Process process, Path log, long started) throws Exception {
        long deadline = started + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the training start exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (get(http, health) == 200) {
                    return (System.nanoTime() - started) / 1e9;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the training start did not answer /health within " + START_LIMIT.toSeconds() + " s; see " + log);
    }

    private static int get(HttpClient http, String uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
