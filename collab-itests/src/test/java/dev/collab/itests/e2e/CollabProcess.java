package dev.collab.itests.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One {@code java -jar collab-app.jar} process configured through environment variables only,
 * with its port, data folder and console log, extra variables (SMTP, base URL, sender) and a
 * restart with the same environment.
 */
final class CollabProcess implements AutoCloseable {
    static final String SUPPORT_PASSWORD = "an e2e support password";
    static final Rest.Login SUPPORT = new Rest.Login("support", SUPPORT_PASSWORD);
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(120);
    private static final int LOG_TAIL_LINES = 80;

    final Path dataDir;
    final Map<String, String> env;
    final int port;
    final Path log;
    final Process process;
    final Rest api;

    private CollabProcess(Path dataDir, Map<String, String> env, int port, Path log, Process process) {
        this.dataDir = dataDir;
        this.env = env;
        this.port = port;
        this.log = log;
        this.process = process;
        this.api = new Rest("http://localhost:" + port + "/collab/api/v1", this::logTail);
    }

    /** A fresh {@code target/<prefix>…/data} folder; the container's logs go next to it. */
    static Path freshDataDir(String prefix) throws IOException {
        Path scenario = Files.createTempDirectory(Path.of("target").toAbsolutePath(), prefix);
        return Files.createDirectory(scenario.resolve("data"));
    }

    /**
     * Starts a container on a free HTTP port and waits until {@code /health} answers 200.
     *
     * @param env COLLAB_* variables besides the port, the data folder and the support password
     */
    static CollabProcess start(Path dataDir, Map<String, String> env) throws IOException {
        return start(dataDir, env, freePort());
    }

    /**
     * Starts a container on the given HTTP port (taken from {@link #freePort()} beforehand, e.g.
     * because {@code COLLAB_BASE_URL} has to name it) and waits until {@code /health} answers 200.
     */
    static CollabProcess start(Path dataDir, Map<String, String> env, int port) throws IOException {
        Path jar = Path.of(System.getProperty("collab.app.jar", "../collab-app/target/collab-app.jar"));
        assertTrue(Files.isRegularFile(jar), jar.toAbsolutePath() + " is missing: build collab-app first");
        Path log = nextLogFile(dataDir.getParent());
        // the JVM flags of the README's run command: java @collab-app/jvm.options -jar collab-app.jar
        Path jvmOptions = Path.of(System.getProperty("collab.app.jvmOptions", "../collab-app/jvm.options"));
        assertTrue(Files.isRegularFile(jvmOptions), jvmOptions.toAbsolutePath() + " is missing");
        ProcessBuilder builder = new ProcessBuilder(javaExecutable(), "@" + jvmOptions.toAbsolutePath(),
            "-Djdk.util.zip.disableZip64ExtraFieldValidation=true", "-jar", jar.toAbsolutePath().toString())
            .directory(dataDir.getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
        Map<String, String> processEnv = builder.environment();
        // Settings from the shell running the build must not leak into the container under test.
        processEnv.keySet().removeIf(name -> name.startsWith("COLLAB_"));
        processEnv.put("COLLAB_HTTP_PORT", Integer.toString(port));
        processEnv.put("COLLAB_DATA_DIR", dataDir.toString());
        processEnv.put("COLLAB_SUPPORT_PASSWORD", SUPPORT_PASSWORD);
        // A null value leaves a variable unset (e.g. no support password: the container generates one).
        env.forEach((name, value) -> {
            if (value == null) {
                processEnv.remove(name);
            } else {
                processEnv.put(name, value);
            }
        });
        Process process = builder.start();
        process.getOutputStream().close();
        CollabProcess container = new CollabProcess(dataDir, new LinkedHashMap<>(env), port, log, process);
        try {
            container.awaitHealthy();
            return container;
        } catch (RuntimeException | Error e) {
            container.stop();
            throw e;
        }
    }

    /** Stops this process and starts a new one on the same data folder with the same environment (new HTTP port). */
    CollabProcess restart() throws IOException {
        stop();
        return start(dataDir, env);
    }

    /** SIGTERM, as an operator's service manager stops it; forcibly after 30 s. */
    void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The console log of this run. */
    String log() {
        try {
            return Files.readString(log, UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** The console logs of every run on this data folder (all restarts). */
    String allLogs() {
        try (Stream<Path> files = Files.list(dataDir.getParent())) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("container-run-")).sorted().toList()) {
                all.append(Files.readString(file, UTF_8)).append('\n');
            }
            return all.toString();
        } catch (IOException e) {
            return fail("cannot read the logs in " + dataDir.getParent(), e);
        }
    }

    long logLines(String containing) {
        return log().lines().filter(line -> line.contains(containing)).count();
    }

    String logTail() {
        List<String> lines = log().lines().toList();
        return "--- last lines of " + log + " ---\n"
            + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    }

    private void awaitHealthy() {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(api.base + "/health")).timeout(Duration.ofSeconds(5)).build();
        StringBuilder last = new StringBuilder("no answer");
        poll(STARTUP_LIMIT, () -> "GET /health to answer 200 (last answer: " + last + ")", () -> {
            if (!process.isAlive()) {
                fail("the container exited with " + process.exitValue() + " before /health answered 200\n" + logTail());
            }
            try {
                HttpResponse<String> answer = client.send(health, BodyHandlers.ofString(UTF_8));
                last.setLength(0);
                last.append(answer.statusCode()).append(' ').append(answer.body());
                return answer.statusCode() == 200 ? Optional.of(answer) : Optional.empty();
            } catch (IOException e) {
                last.setLength(0);
                last.append(e);
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the container", e);
            }
        });
    }

    /** Retries every 100 ms until the condition holds, failing with the log tail after the limit. */
    void await(Duration limit, String what, BooleanSupplier condition) {
        poll(limit, () -> what, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    /** Retries every 100 ms until the attempt yields a value, failing with the log tail after the limit. */
    <T> T poll(Duration limit, Supplier<String> what, Supplier<Optional<T>> attempt) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Optional<T> value = attempt.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                fail("gave up after " + limit.toSeconds() + " s waiting for " + what.get() + "\n" + logTail());
            }
            sleep(100);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static Path nextLogFile(Path folder) {
        for (int run = 1;; run++) {
            Path log = folder.resolve("container-run-" + run + ".log");
            if (!Files.exists(log)) {
                return log;
            }
        }
    }
}
