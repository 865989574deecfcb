package dev.collab.itests.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

import dev.collab.itests.Http;
import dev.collab.testkit.Container;
import dev.collab.testkit.Login;

/**
 * The kit's {@link Container} as the end-to-end tests run it: the README's run command on the
 * build's jar, in a {@code target/} folder that keeps one console log per run
 * ({@code container-run-N.log}), a restart with the same environment, and JUnit failures that
 * show the log's last lines.
 */
final class CollabProcess implements AutoCloseable {
    static final String SUPPORT_PASSWORD = "an e2e support password";
    static final Login SUPPORT = new Login("support", SUPPORT_PASSWORD);
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(120);
    private static final int LOG_TAIL_LINES = 80;

    final Path dataDir;
    final Map<String, String> env;
    final int port;
    final Path log;
    final Container process;
    final Http api;

    private CollabProcess(Path dataDir, Map<String, String> env, Container process) {
        this.dataDir = dataDir;
        this.env = env;
        this.port = process.port();
        this.log = process.log();
        this.process = process;
        this.api = Http.on(process.base(), this::logTail);
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
        // the JVM flags of the README's run command: java @collab-app/jvm.options -jar collab-app.jar
        Path jvmOptions = Path.of(System.getProperty("collab.app.jvmOptions", "../collab-app/jvm.options"));
        assertTrue(Files.isRegularFile(jvmOptions), jvmOptions.toAbsolutePath() + " is missing");
        Map<String, String> effective = TestDatabases.forContainer(dataDir, env);
        Container process = Container.launch(jar, dataDir).jvmOptions(jvmOptions)
            .jvmArguments("-Djdk.util.zip.disableZip64ExtraFieldValidation=true")
            .log(nextLogFile(dataDir.toAbsolutePath().getParent())).port(port)
            .supportPassword(SUPPORT_PASSWORD).env(effective).start();
        CollabProcess container = new CollabProcess(dataDir, new LinkedHashMap<>(effective), process);
        try {
            process.awaitHealthy(STARTUP_LIMIT);
            return container;
        } catch (IllegalStateException e) {
            container.stop();
            return fail(e.getMessage(), e);
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

    void stop() {
        process.stop();
    }

    @Override
    public void close() {
        stop();
    }

    /** The console log of this run. */
    String log() {
        return process.logText();
    }

    /** The console logs of every run on this data folder (all restarts). */
    String allLogs() {
        try (Stream<Path> files = Files.list(dataDir.toAbsolutePath().getParent())) {
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
        return process.logTail(LOG_TAIL_LINES);
    }

    /** The resident set of the process in kB, -1 where {@code /proc} cannot tell. */
    long rssKb() {
        return process.statusKb("VmRSS").orElse(-1);
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
        Container.sleep(millis);
    }

    static int freePort() throws IOException {
        return Container.freePort();
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
