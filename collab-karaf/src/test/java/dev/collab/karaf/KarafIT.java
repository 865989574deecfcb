package dev.collab.karaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.collab.testkit.Api;
import dev.collab.testkit.Container;
import dev.collab.testkit.Login;
import dev.collab.testkit.Outbox;

/**
 * The suite in a stock Apache Karaf, as a host's operator installs it: the distribution from the
 * local Maven repository unpacked under target/, started headless on free ports, its Maven
 * resolution pointed at this module's target/repository (our bundles and what Karaf does not
 * ship) and, read-only, at the local repository; nothing is written to the local repository.
 * Then the three commands of the README, the seed's story over REST, live updates of the REST
 * bundle and the core while requests run, and an uninstall and re-install that finds the data.
 * The steps build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KarafIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUPPORT_PASSWORD = "karaf support password 1";
    private static final Login SUPPORT = new Login("support", SUPPORT_PASSWORD);
    private static final Login ADMIN = new Login("admin@acme.example", "a long admin password");
    private static final Login GF = new Login("gf@mueller.example", "gf password 1234");
    private static final Login MA = new Login("ma@mueller.example", "ma password 1234");
    private static final String T = "/tenants/acme";

    private Path home;
    private Process karaf;
    private int sshPort;
    private Api api;
    private String maDelegateId;
    private final long started = System.nanoTime();

    @BeforeAll
    void startKaraf() throws Exception {
        Path work = Path.of(System.getProperty("collab.karaf.work"));
        Container.deleteTree(work);
        Files.createDirectories(work);
        run(work, Duration.ofMinutes(2), "tar", "xzf", System.getProperty("collab.karaf.distribution"));
        try (var entries = Files.list(work)) {
            home = entries.filter(p -> p.getFileName().toString().startsWith("apache-karaf-")).findFirst().orElseThrow();
        }
        int httpPort = Container.freePort();
        sshPort = Container.freePort();
        Path etc = home.resolve("etc");
        // Our repository first, then Karaf's own system folder, then the local repository read-only
        // (what Maven already downloaded); Central only for anything missing. Karaf's own cache is
        // its data folder, so nothing lands in ~/.m2.
        String local = Path.of(System.getProperty("user.home"), ".m2", "repository").toUri().toString();
        Files.writeString(etc.resolve("org.ops4j.pax.url.mvn.cfg"), String.join("\n",
            "org.ops4j.pax.url.mvn.localRepository=" + home.resolve("data/m2"),
            "org.ops4j.pax.url.mvn.useFallbackRepositories=false",
            "org.ops4j.pax.url.mvn.defaultRepositories=" + Path.of(System.getProperty("collab.karaf.repository")).toUri()
                + "@id=collab@snapshots, ${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots, "
                + local + "@id=local",
            "org.ops4j.pax.url.mvn.repositories=https://repo1.maven.org/maven2@id=central", ""));
        replace(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort = 8101", "sshPort = " + sshPort);
        replace(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort = 1099", "rmiRegistryPort = " + Container.freePort());
        replace(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort = 44444", "rmiServerPort = " + Container.freePort());
        // a stock Karaf has no user: the test's shell login
        Files.writeString(etc.resolve("users.properties"),
            "karaf = karaf,_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n");
        // an operator's configuration before the install: the feature's default port is not overwritten
        Files.writeString(etc.resolve("org.apache.felix.http.cfg"), "org.osgi.service.http.port = " + httpPort + "\n");

        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server").directory(home.toFile())
            .redirectErrorStream(true).redirectOutput(work.resolve("karaf.out").toFile());
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("JAVA_MIN_MEM", "64m");
        env.put("JAVA_MAX_MEM", "256m");
        env.put("COLLAB_SUPPORT_PASSWORD", SUPPORT_PASSWORD);
        karaf = builder.start();
        api = new Api("http://localhost:" + httpPort + "/collab/api/v1", Duration.ofSeconds(30));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            assertTrue(karaf.isAlive(), "Karaf stopped: " + tail(work.resolve("karaf.out")));
            try {
                if (shell("feature:list -i").contains("kar")) {
                    break;
                }
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(1000);
        }
        log("Karaf up");
    }

    @AfterAll
    void stopKaraf() throws InterruptedException {
        if (karaf == null) {
            return;
        }
        List<ProcessHandle> children = karaf.descendants().toList();
        karaf.destroy();
        if (!karaf.waitFor(30, TimeUnit.SECONDS)) {
            karaf.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        children.forEach(ProcessHandle::destroyForcibly);
        log("Karaf stopped");
    }

    @Test
    @Order(1)
    void theReadmesCommandsInstallTheSuite() throws Exception {
        shell("feature:repo-add " + System.getProperty("collab.karaf.features"));
        shell("feature:install collab collab-host-defaults collab-web");
        awaitHealth(Duration.ofSeconds(120));
        String bundles = shell("bundle:list -s -t 0");
        for (String name : List.of("collab-api", "collab-profiles", "collab-invitations", "collab-rest", "collab-hosted", "collab-host",
            "collab-web")) {
            assertTrue(bundles.lines().anyMatch(l -> l.contains("dev.collab." + name) && l.contains("Active")), name + " in\n" + bundles);
        }
        assertFalse(bundles.contains("dev.collab.collab-boot"), "the standalone launcher has no place in Karaf");
        assertTrue(Files.readString(home.resolve("etc/dev.collab.persistence.cfg")).contains("dataDir"));
        assertTrue(Files.isDirectory(home.resolve("data/collab/db")), "the database lives under ${karaf.data}/collab");
        log("installed");
    }

    @Test
    @Order(2)
    void theSeedsStoryOverRest() throws Exception {
        expect(201, "PUT", T, SUPPORT, "{\"name\":\"Acme Versicherungsmakler\"}");
        expect(200, "PUT", T + "/features/delegatedAccess", SUPPORT, "{\"enabled\":true}");
        expect(201, "POST", T + "/admins", SUPPORT, "{\"email\":\"" + ADMIN.user() + "\",\"password\":\"" + ADMIN.password() + "\"}");
        for (String c : List.of("A", "B", "C")) {
            expect(201, "PUT", T + "/customers/" + c, ADMIN, "{\"name\":\"Kunde " + c + "\"}");
        }
        expect(201, "POST", T + "/profiles", ADMIN, "{\"name\":\"MA\",\"rights\":[\"contracts.view\",\"documents.view\"],\"delegableProfiles\":[]}");
        expect(201, "POST", T + "/profiles", ADMIN, "{\"name\":\"GF\",\"rights\":[\"contracts.view\",\"claims.view\"],\"delegableProfiles\":[\"MA\"]}");
        expect(201, "POST", T + "/grants", ADMIN, "{\"name\":\"Müller GmbH\",\"profile\":\"GF\",\"customers\":[\"A\",\"B\",\"C\"],"
            + "\"separateDelegateGrants\":true,\"email\":\"" + GF.user() + "\"}");

        // the GF registers through the link of the mailed invitation (the .eml outbox: no SMTP configured)
        Outbox outbox = new Outbox(home.resolve("data/collab/outbox-mail"));
        String gfToken = outbox.awaitToken(GF.user(), 30);
        expect(200, "GET", "/invitations/" + gfToken, null, null);
        expect(200, "POST", "/invitations/" + gfToken + "/accept", null, "{\"password\":\"" + GF.password() + "\"}");

        // the GF invites an employee with MA for B and C only
        JsonNode delegate = expect(201, "POST", T + "/me/delegates", GF,
            "{\"email\":\"" + MA.user() + "\",\"profile\":\"MA\",\"customers\":[\"B\",\"C\"]}");
        maDelegateId = delegate.get("id").asText();
        expect(200, "POST", "/invitations/" + outbox.awaitToken(MA.user(), 30) + "/accept", null, "{\"password\":\"" + MA.password() + "\"}");

        assertTrue(allowed(MA.user(), "C", "documents.view"));
        assertFalse(allowed(MA.user(), "A", "documents.view"), "A was not handed on");
        assertFalse(allowed(MA.user(), "B", "claims.view"), "MA has no claims.view");
        assertTrue(allowed(GF.user(), "A", "claims.view"));
        log("story done");
    }

    @Test
    @Order(3)
    void updatingRestAndCoreWhileRequestsRunLosesNothing() throws Exception {
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        Set<String> invited = ConcurrentHashMap.newKeySet();
        List<String> odd = new ArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread load = new Thread(() -> {
            for (int i = 0; running.get(); i++) {
                String email = "emp" + i + "@mueller.example";
                try {
                    HttpResponse<String> answer = api.send("POST", T + "/me/delegates", GF,
                        "{\"email\":\"" + email + "\",\"profile\":\"MA\",\"customers\":[\"B\"]}");
                    statuses.merge(answer.statusCode(), 1, Integer::sum);
                    if (answer.statusCode() == 201) {
                        invited.add(email);
                    } else if (answer.statusCode() != 503 || !answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                        synchronized (odd) {
                            odd.add(answer.statusCode() + " " + answer.body());
                        }
                    }
                    Thread.sleep(20);
                } catch (IOException | InterruptedException e) {
                    synchronized (odd) {
                        odd.add(e.toString());
                    }
                }
            }
        }, "karaf-it-load");
        load.start();
        try {
            Thread.sleep(1000);
            shell("bundle:update dev.collab.collab-rest");
            awaitHealth(Duration.ofSeconds(60));
            Thread.sleep(1000);
            shell("bundle:update dev.collab.collab-profiles");
            awaitHealth(Duration.ofSeconds(90));
            Thread.sleep(1000);
        } finally {
            running.set(false);
            load.join(60_000);
        }
        log("statuses during the updates " + new TreeMap<>(statuses));
        assertTrue(odd.isEmpty(), "only 201 or 503 problem+json while bundles are updated: " + odd);
        assertFalse(invited.isEmpty());
        JsonNode list = expect(200, "GET", T + "/me/delegates?limit=500", GF, null);
        Set<String> listed = ConcurrentHashMap.newKeySet();
        list.get("items").forEach(d -> listed.add(d.get("email").asText()));
        assertTrue(listed.containsAll(invited), "every accepted invitation is kept: " + invited + " vs " + listed);
        assertTrue(allowed(MA.user(), "C", "documents.view"), "decisions survive the core's update");
    }

    @Test
    @Order(4)
    void multiDeleteTakesAccessAway() throws Exception {
        JsonNode deleted = expect(200, "POST", T + "/me/delegates/delete", GF, "{\"ids\":[\"" + maDelegateId + "\"]}");
        assertEquals(maDelegateId, deleted.get("deleted").get(0).asText());
        assertFalse(allowed(MA.user(), "C", "documents.view"));
    }

    @Test
    @Order(5)
    void uninstallLeavesKarafHealthyAndAReinstallFindsTheData() throws Exception {
        shell("feature:uninstall collab-web collab");
        String bundles = shell("bundle:list -s -t 0");
        assertFalse(bundles.contains("dev.collab.collab-profiles"), bundles);
        assertFalse(bundles.contains("dev.collab.collab-rest"), bundles);
        assertFalse(bundles.lines().anyMatch(l -> l.contains("Failure")), bundles);
        assertTrue(shell("feature:list -i").contains("collab-host-defaults"));
        assertTrue(api.send("GET", "/health", null, null).statusCode() != 200);

        shell("feature:install collab collab-web");
        awaitHealth(Duration.ofSeconds(120));
        JsonNode tenant = expect(200, "GET", T, SUPPORT, null);
        assertEquals("Acme Versicherungsmakler", tenant.get("name").asText());
        assertTrue(allowed(GF.user(), "A", "claims.view"), "the GF's grant is found again");
        assertFalse(allowed(MA.user(), "C", "documents.view"), "the deletion is found again");
        String log = Files.readString(home.resolve("data/log/karaf.log"));
        List<String> errors = log.lines().filter(l -> l.contains("| ERROR |") && l.contains("dev.collab")).toList();
        assertTrue(errors.isEmpty(), "no suite errors in karaf.log: " + errors);
        log("reinstalled");
    }

    private boolean allowed(String user, String customer, String right) throws Exception {
        return expect(200, "GET", T + "/access?user=" + user + "&customer=" + customer + "&right=" + right, ADMIN, null)
            .get("allowed").asBoolean();
    }

    private JsonNode expect(int status, String method, String path, Login login, String body) throws Exception {
        String answer = Api.expect(status, api.send(method, path, login, body)).body();
        return answer == null || answer.isBlank() ? JSON.nullNode() : JSON.readTree(answer);
    }

    private void awaitHealth(Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = api.send("GET", "/health", null, null);
                if (last.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Jetty not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no healthy suite after " + limit + ": " + (last == null ? "no answer" : last.body()));
    }

    /** One command through Karaf's own client over SSH; fails on the shell's error. */
    private String shell(String command) throws IOException, InterruptedException {
        // the answer goes to a file, so that a client that hangs cannot hold the test beyond the limit
        Path answer = Files.createTempFile(home, "client", ".out");
        ProcessBuilder client = new ProcessBuilder(home.resolve("bin/client").toString(), "-a", String.valueOf(sshPort), "-u", "karaf",
            "-p", "karaf", "-b").directory(home.toFile()).redirectErrorStream(true).redirectOutput(answer.toFile());
        client.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = client.start();
        process.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + ": no answer");
        }
        String output = Files.readString(answer);
        Files.delete(answer);
        if (process.exitValue() != 0 || output.contains("Error executing command") || output.contains("Connection refused")) {
            throw new IllegalStateException(command + " failed (" + process.exitValue() + "): " + output);
        }
        return output;
    }

    private static void run(Path directory, Duration limit, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).inheritIO().start();
        assertTrue(process.waitFor(limit.toSeconds(), TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, process.exitValue(), String.join(" ", command));
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertTrue(text.contains(from), from + " in " + file);
        Files.writeString(file, text.replace(from, to));
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private void log(String step) {
        System.out.printf("KarafIT: %s after %d s%n", step, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }
}
