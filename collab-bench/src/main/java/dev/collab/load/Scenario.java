package dev.collab.load;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;

import dev.collab.testkit.Api;
import dev.collab.testkit.Container;
import dev.collab.testkit.Login;
import dev.collab.testkit.Outbox;

/**
 * What the load tools share around their measurements: a scenario folder with the container's
 * data, the container launched with the README's JVM flags, the REST set-up of a tenant with its
 * admin, registration through the mailed link, and the tidy-up that keeps the container's log.
 * The measurements themselves (and the seeding beyond the admin) stay in each tool.
 */
final class Scenario {
    private final String tool;
    private final Path jar;
    private final Path root;
    private final Path dataDir;
    private Container container;

    private Scenario(String tool, Path jar, Path root) throws IOException {
        this.tool = tool;
        this.jar = jar;
        this.root = root;
        this.dataDir = Files.createDirectory(root.resolve("data"));
    }

    /** A fresh scenario folder for the given tool ({@code brokerload}, {@code swapload}) and container jar. */
    static Scenario create(String tool, Path jar) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + " is missing: build collab-app first");
        }
        return new Scenario(tool, jar, Files.createTempDirectory("collab-" + tool + "-"));
    }

    /**
     * The README's run flags for this jar: {@code -Dcollab.load.jvmOptions} if given, else
     * {@code collab-app/jvm.options} beside {@code target/collab-app.jar}; {@code null} if there is none.
     */
    static Path jvmOptionsFor(Path jar) {
        String given = System.getProperty("collab.load.jvmOptions");
        Path file = given != null ? Path.of(given).toAbsolutePath()
            : jar.getParent() == null || jar.getParent().getParent() == null ? null : jar.getParent().getParent().resolve("jvm.options");
        return file != null && Files.isRegularFile(file) ? file : null;
    }

    Path root() {
        return root;
    }

    Path dataDir() {
        return dataDir;
    }

    /** The launch on this scenario's data folder, with the README's flags when they are found. */
    Container.Launch launch(String supportPassword) {
        Path options = jvmOptionsFor(jar);
        if (options == null) {
            System.out.println("(no JVM options file beside " + jar + ": the JVM's defaults)");
        }
        return Container.launch(jar, dataDir).jvmOptions(options).supportPassword(supportPassword);
    }

    /** Starts the launch; {@link #finish()} and {@link #stop()} then stop it. */
    Container start(Container.Launch launch) throws IOException {
        container = launch.start();
        return container;
    }

    /** An HTTP/1.1 client on the container whose requests run on the given executor. */
    static Api api(Container container, Duration requestTimeout, Duration connectTimeout, ExecutorService executor) {
        return new Api(container.base(), requestTimeout,
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).executor(executor).build());
    }

    /** The tenant with delegated access switched on and its admin, as support sets it up over REST. */
    static void tenantWithAdmin(Api api, Login support, String tenant, String name, Login admin) throws Exception {
        Api.expect(201, api.send("PUT", "/tenants/" + tenant, support, "{\"name\":\"" + name + "\"}"));
        Api.expect(200, api.send("PUT", "/tenants/" + tenant + "/features/delegatedAccess", support, "{\"enabled\":true}"));
        Api.expect(201, api.send("POST", "/tenants/" + tenant + "/admins", support,
            "{\"email\":\"" + admin.user() + "\",\"password\":\"" + admin.password() + "\"}"));
    }

    /** Accepts the invitation of the given address with the link of its mail in the {@code .eml} outbox. */
    void register(Api api, String email, String password, int waitSeconds) throws Exception {
        String token = Outbox.of(dataDir).awaitToken(email, waitSeconds);
        Api.expect(200, api.send("POST", "/invitations/" + token + "/accept", null, "{\"password\":\"" + password + "\"}"));
    }

    /** Stops the container if it still runs (on every way out of a tool). */
    void stop() {
        if (container != null) {
            container.stop();
        }
    }

    /** Stops the container and deletes the data folder unless {@code -Dcollab.load.keep=true}; the log is kept. */
    void finish() {
        stop();
        if (Boolean.getBoolean("collab.load.keep")) {
            System.out.println("\nKept: " + root);
        } else {
            Container.deleteTree(dataDir);
            System.out.println("\nContainer log kept: " + (container == null ? "(none)" : container.log())
                + " (data folder deleted; -Dcollab.load.keep=true keeps it)");
        }
    }

    /** Daemon threads named after the tool, so that a hung request never keeps the tool alive. */
    ThreadFactory daemon(String name) {
        return Timed.daemon(tool, name);
    }
}
