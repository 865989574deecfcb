package dev.collab.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One {@code java [@jvm.options] -jar collab-app.jar} process, configured through the launcher
 * contract's environment variables only (settings of the calling shell do not leak in), run in
 * the parent folder of its data folder with its console written to a log file there.
 */
public final class Container implements AutoCloseable {
    private final Launch launch;
    private final Process process;
    private final long startedNanos;

    private Container(Launch launch, Process process, long startedNanos) {
        this.launch = launch;
        this.process = process;
        this.startedNanos = startedNanos;
    }

    /** How to start a container: the jar and the data folder, then optional settings. */
    public static Launch launch(Path jar, Path dataDir) {
        return new Launch(jar, dataDir);
    }

    public static final class Launch {
        private final Path jar;
        private final Path dataDir;
        private Path jvmOptions;
        private final List<String> jvmArguments = new ArrayList<>();
        private Path log;
        private int port;
        private String supportPassword;
        private final Map<String, String> env = new LinkedHashMap<>();

        private Launch(Path jar, Path dataDir) {
            this.jar = jar.toAbsolutePath();
            this.dataDir = dataDir.toAbsolutePath();
            this.log = this.dataDir.getParent().resolve("container.log");
        }

        /**
         * A java argument file (the README's {@code @collab-app/jvm.options}); null: the JVM's
         * defaults. Its relative paths (the class archive) are the README's, relative to the
         * checkout: the process runs in the file's folder's parent, as the README's command runs
         * in the checkout.
         */
        public Launch jvmOptions(Path file) {
            this.jvmOptions = file == null ? null : file.toAbsolutePath().normalize();
            return this;
        }

        /** Further JVM arguments after the argument file. */
        public Launch jvmArguments(String... arguments) {
            jvmArguments.addAll(List.of(arguments));
            return this;
        }

        public Launch log(Path file) {
            this.log = file.toAbsolutePath();
            return this;
        }

        /** {@code COLLAB_HTTP_PORT}; without it a free port. */
        public Launch port(int value) {
            this.port = value;
            return this;
        }

        /** {@code COLLAB_SUPPORT_PASSWORD}; without it the container generates one and prints it. */
        public Launch supportPassword(String password) {
            this.supportPassword = password;
            return this;
        }

        /** More {@code COLLAB_*} variables; a null value leaves the variable unset. */
        public Launch env(Map<String, String> variables) {
            env.putAll(variables);
            return this;
        }

        public Path dataDir() {
            return dataDir;
        }

        public Map<String, String> env() {
            return new LinkedHashMap<>(env);
        }

        /** The java command, as it is run. */
        public List<String> command() {
            List<String> command = new ArrayList<>(List.of(javaExecutable()));
            if (jvmOptions != null) {
                command.add("@" + jvmOptions);
            }
            command.addAll(jvmArguments);
            command.addAll(List.of("-jar", jar.toString()));
            return command;
        }

        /** Starts the process; it serves once {@link Container#awaitHealthy} returns. */
        public Container start() throws IOException {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException(jar + " is missing: build collab-app first");
            }
            if (jvmOptions != null && !Files.isRegularFile(jvmOptions)) {
                throw new IllegalArgumentException(jvmOptions + " is missing");
            }
            if (port == 0) {
                port = freePort();
            }
            Path workingDirectory = jvmOptions != null && jvmOptions.getParent().getParent() != null ? jvmOptions.getParent().getParent()
                : dataDir.getParent();
            ProcessBuilder builder = new ProcessBuilder(command()).directory(workingDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> processEnv = builder.environment();
            processEnv.keySet().removeIf(name -> name.startsWith("COLLAB_"));
            processEnv.put("COLLAB_HTTP_PORT", Integer.toString(port));
            processEnv.put("COLLAB_DATA_DIR", dataDir.toString());
            if (supportPassword != null) {
                processEnv.put("COLLAB_SUPPORT_PASSWORD", supportPassword);
            }
            env.forEach((name, value) -> {
                if (value == null) {
                    processEnv.remove(name);
                } else {
                    processEnv.put(name, value);
                }
            });
            long started = System.nanoTime();
            Process process = builder.start();
            process.getOutputStream().close();
            return new Container(this, process, started);
        }
    }

    /**
     * Polls {@code GET /health} every 20 ms until it answers 200.
     *
     * @return the time from the start of the process to that answer (the cold start)
     * @throws IllegalStateException with the log's last lines when the process exits or the limit passes first
     */
    public Duration awaitHealthy(Duration limit) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(base() + "/health")).timeout(Duration.ofSeconds(5)).build();
        String last = "no answer";
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the container exited with " + process.exitValue()
                    + " before /health answered 200\n" + logTail(80));
            }
            try {
                HttpResponse<String> answer = client.send(health, BodyHandlers.ofString(UTF_8));
                if (answer.statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - startedNanos);
                }
                last = answer.statusCode() + " " + answer.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the container", e);
            }
            if (System.nanoTime() - startedNanos > limit.toNanos()) {
                throw new IllegalStateException("gave up after " + limit.toSeconds() + " s waiting for GET /health to answer 200"
                    + " (last answer: " + last + ")\n" + logTail(80));
            }
            sleep(20);
        }
    }

    public Launch launch() {
        return launch;
    }

    public Process process() {
        return process;
    }

    public int port() {
        return launch.port;
    }

    /** The REST API's base URL. */
    public String base() {
        return "http://localhost:" + launch.port + "/collab/api/v1";
    }

    public Path dataDir() {
        return launch.dataDir;
    }

    public Path log() {
        return launch.log;
    }

    public String logText() {
        try {
            return Files.readString(launch.log, UTF_8);
        } catch (IOException e) {
            return "(cannot read " + launch.log + ": " + e + ")";
        }
    }

    public String logTail(int lines) {
        List<String> all = logText().lines().toList();
        return "--- last lines of " + launch.log + " ---\n"
            + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /**
     * The console's WARN, ERROR and Exception lines, ids and numbers masked so that equal
     * problems count together, in the order they first appeared, with their counts.
     */
    public Map<String, Integer> logProblems() {
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (String line : logText().lines().toList()) {
            if (line.contains("ERROR") || line.contains("WARN") || line.contains("Exception")) {
                String key = line.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>")
                    .replaceAll("for http\\S+'s Observer", "for <url>'s Observer").replaceAll("\\d+", "N");
                lines.merge(key.length() > 220 ? key.substring(0, 220) + "…" : key, 1, Integer::sum);
            }
        }
        return lines;
    }

    /**
     * A memory figure of the process from {@code /proc/<pid>/status} in kB, e.g. {@code VmRSS}
     * (resident now) or {@code VmHWM} (the kernel's high-water mark); empty when the process is
     * gone or the system has no {@code /proc}.
     */
    public OptionalLong statusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")));
                }
            }
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** SIGTERM, as an operator's service manager stops it; forcibly after 30 s. */
    public void stop() {
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

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The java of this JVM, so the container runs on the same Java as its caller. */
    public static String javaExecutable() {
        return ProcessHandle.current().info().command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
