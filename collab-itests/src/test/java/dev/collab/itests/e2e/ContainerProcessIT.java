package dev.collab.itests.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Starts collab-app.jar as an operator would ({@code java -jar}, configured through environment
 * variables only) and talks to it over HTTP as the host's front end does. One container serves
 * the main walk; scenarios that need a restart or an empty data folder start their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// The walk builds tenant "acme" step by step and later scenarios look at what it left behind,
// so that the shared container is started once and each state is set up once.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerProcessIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUPPORT_PASSWORD = "an e2e support password";
    private static final Login SUPPORT = new Login("support", SUPPORT_PASSWORD);
    private static final Login ACME_ADMIN = new Login("admin@acme.example", "a long admin password");
    private static final Login BETA_ADMIN = new Login("admin@beta.example", "another long admin password");
    private static final Set<String> BUILT_IN_RIGHTS = Set.of(
        "contracts.view", "documents.view", "documents.upload", "claims.view", "claims.report", "messages.send");
    private static final String BANNER = " collab: generated the password of the built-in 'support' login:";

    private Container shared;
    private Http api;
    /** Processes a single scenario started; stopped after it whatever its outcome. */
    private final List<Container> scenarioContainers = new ArrayList<>();

    @BeforeAll
    void startSharedContainer() throws IOException {
        shared = Container.start(freshDataDir(), SUPPORT_PASSWORD);
        api = shared.api;
    }

    @AfterEach
    void stopScenarioContainers() {
        scenarioContainers.forEach(Container::stop);
        scenarioContainers.clear();
    }

    @AfterAll
    void stopSharedContainer() {
        if (shared != null) {
            shared.stop();
        }
    }

    @Test
    @Order(1)
    void theSliceWorksOverHttpAsAFrontEndUsesIt() throws IOException {
        JsonNode created = api.expect(201, api.put("/tenants/acme", SUPPORT, json("{'name':'Acme Brokers'}")));
        assertEquals(JSON.readTree(json("{'id':'acme','name':'Acme Brokers','features':{'delegatedAccess':false},'language':'de','invitationValidityHours':null}")), created);

        HttpResponse<String> renamed = api.put("/tenants/acme", SUPPORT, json("{'name':'Acme Brokers GmbH'}"));
        assertEquals("Acme Brokers GmbH", api.expect(200, renamed).path("name").asText(), api.context(renamed));
        JsonNode fetched = api.expect(200, api.get("/tenants/acme", SUPPORT));
        assertEquals(JSON.readTree(json("{'id':'acme','name':'Acme Brokers GmbH','features':{'delegatedAccess':false},'language':'de','invitationValidityHours':null}")), fetched);

        HttpResponse<String> adminCreated = api.post("/tenants/acme/admins", SUPPORT,
            json("{'email':'admin@acme.example','password':'a long admin password'}"));
        JsonNode admin = api.expect(201, adminCreated);
        assertEquals(Set.of("id", "email"), fieldNames(admin), api.context(adminCreated));
        assertFalse(admin.path("id").asText().isBlank(), api.context(adminCreated));
        assertEquals("admin@acme.example", admin.path("email").asText(), api.context(adminCreated));
        assertTrue(adminCreated.headers().firstValue("Location").orElse("").endsWith("/" + admin.path("id").asText()),
            api.context(adminCreated));

        JsonNode disabled = api.expectProblem(403, api.get("/tenants/acme/profiles", ACME_ADMIN));
        assertTrue(disabled.path("type").asText().endsWith(":feature-disabled"), disabled.toString());

        JsonNode enabled = api.expect(200, api.put("/tenants/acme/features/delegatedAccess", SUPPORT, json("{'enabled':true}")));
        assertTrue(enabled.path("features").path("delegatedAccess").asBoolean(), enabled.toString());

        HttpResponse<String> rightsAnswer = api.get("/tenants/acme/rights", ACME_ADMIN);
        List<JsonNode> rights = items(api.expect(200, rightsAnswer));
        assertEquals(BUILT_IN_RIGHTS, rights.stream().map(r -> r.path("id").asText()).collect(Collectors.toSet()),
            api.context(rightsAnswer));
        assertEquals(BUILT_IN_RIGHTS.size(), rights.size(), api.context(rightsAnswer));
        rights.forEach(r -> assertFalse(r.path("title").asText().isBlank(), "right without title: " + r));

        HttpResponse<String> maCreated = api.post("/tenants/acme/profiles", ACME_ADMIN, json(
            "{'name':'MA','description':'Mitarbeiter','rights':['contracts.view','documents.view'],'delegableProfiles':[]}"));
        JsonNode ma = api.expect(201, maCreated);
        assertEquals("MA", ma.path("name").asText(), api.context(maCreated));
        assertEquals("Mitarbeiter", ma.path("description").asText(), api.context(maCreated));
        assertEquals(Set.of("contracts.view", "documents.view"), texts(ma.path("rights")), api.context(maCreated));
        assertEquals(List.of(), List.copyOf(texts(ma.path("delegableProfiles"))), api.context(maCreated));
        String maId = ma.path("id").asText();

        HttpResponse<String> gfCreated = api.post("/tenants/acme/profiles", ACME_ADMIN,
            json("{'name':'GF','rights':['contracts.view','claims.view'],'delegableProfiles':['MA']}"));
        JsonNode gf = api.expect(201, gfCreated);
        assertEquals(JSON.readTree("[\"MA\"]"), gf.path("delegableProfiles"), api.context(gfCreated));
        assertNotEquals(maId, gf.path("id").asText(), api.context(gfCreated));

        HttpResponse<String> listed = api.get("/tenants/acme/profiles", ACME_ADMIN);
        JsonNode list = api.expect(200, listed);
        assertEquals(Set.of("GF", "MA"), names(items(list)), api.context(listed));
        assertEquals(2, items(list).size(), api.context(listed));
        assertTrue(list.has("nextCursor") && list.get("nextCursor").isNull(), api.context(listed));

        HttpResponse<String> firstPageAnswer = api.get("/tenants/acme/profiles?limit=1", ACME_ADMIN);
        JsonNode firstPage = api.expect(200, firstPageAnswer);
        assertEquals(1, items(firstPage).size(), api.context(firstPageAnswer));
        assertTrue(firstPage.path("nextCursor").isTextual(), api.context(firstPageAnswer));
        HttpResponse<String> secondPageAnswer = api.get("/tenants/acme/profiles?limit=1&cursor="
            + URLEncoder.encode(firstPage.path("nextCursor").asText(), UTF_8), ACME_ADMIN);
        JsonNode secondPage = api.expect(200, secondPageAnswer);
        assertEquals(1, items(secondPage).size(), api.context(secondPageAnswer));
        Set<String> paged = new HashSet<>(names(items(firstPage)));
        paged.addAll(names(items(secondPage)));
        assertEquals(Set.of("GF", "MA"), paged, api.context(secondPageAnswer));

        HttpResponse<String> replaced = api.put("/tenants/acme/profiles/" + maId, ACME_ADMIN, json(
            "{'name':'MA','description':'Mitarbeiter','rights':['documents.view','documents.upload'],'delegableProfiles':[]}"));
        assertEquals(Set.of("documents.upload", "documents.view"), texts(api.expect(200, replaced).path("rights")),
            api.context(replaced));
        HttpResponse<String> reread = api.get("/tenants/acme/profiles/" + maId, ACME_ADMIN);
        assertEquals(Set.of("documents.upload", "documents.view"), texts(api.expect(200, reread).path("rights")),
            api.context(reread));

        api.expectProblem(409, api.delete("/tenants/acme/profiles/" + maId, ACME_ADMIN));
        api.expectProblem(409, api.post("/tenants/acme/profiles", ACME_ADMIN,
            json("{'name':'ma','rights':[],'delegableProfiles':[]}")));

        JsonNode unknownRefs = api.expectProblem(400, api.post("/tenants/acme/profiles", ACME_ADMIN,
            json("{'name':'Other','rights':['no.such.right'],'delegableProfiles':['Nobody']}")));
        assertEquals(Set.of("rights[0]", "delegableProfiles[0]"), errorFields(unknownRefs), unknownRefs.toString());

        JsonNode malformed = api.expectProblem(400, api.post("/tenants/acme/profiles", ACME_ADMIN, "{\"name\":"));
        assertEquals("body", malformed.path("errors").path(0).path("field").asText(), malformed.toString());
        JsonNode unknownField = api.expectProblem(400, api.post("/tenants/acme/profiles", ACME_ADMIN,
            json("{'name':'Other','rights':[],'delegableProfiles':[],'colour':'red'}")));
        assertEquals(Set.of("colour"), errorFields(unknownField), unknownField.toString());
        api.expectProblem(415, api.send("POST", "/tenants/acme/profiles", ACME_ADMIN, "text/plain", "name=Other"));

        HttpResponse<String> wrongPassword = api.get("/tenants/acme/profiles", new Login("admin@acme.example", "not the password"));
        api.expectProblem(401, wrongPassword);
        assertTrue(wrongPassword.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"),
            api.context(wrongPassword));
        api.expectProblem(401, api.get("/tenants/acme/profiles", null));
        api.expectProblem(403, api.get("/tenants/acme/profiles", SUPPORT));
        api.expectProblem(404, api.get("/no-such-resource", SUPPORT));
    }

    @Test
    @Order(2)
    void tenantsNeverSeeEachOther() {
        String acmeGfId = profileIdsByName(ACME_ADMIN, "acme").get("GF");
        assertTrue(acmeGfId != null, "the walk of theSliceWorksOverHttpAsAFrontEndUsesIt should have left acme's GF");

        api.expect(201, api.put("/tenants/beta", SUPPORT, json("{'name':'Beta Makler'}")));
        api.expect(201, api.post("/tenants/beta/admins", SUPPORT,
            json("{'email':'admin@beta.example','password':'another long admin password'}")));
        api.expect(200, api.put("/tenants/beta/features/delegatedAccess", SUPPORT, json("{'enabled':true}")));

        api.expectProblem(404, api.get("/tenants/beta/profiles/" + acmeGfId, BETA_ADMIN));
        api.expectProblem(401, api.get("/tenants/acme/profiles", BETA_ADMIN));

        // Names are unique per tenant only.
        JsonNode betaGf = api.expect(201, api.post("/tenants/beta/profiles", BETA_ADMIN,
            json("{'name':'GF','rights':['claims.view'],'delegableProfiles':[]}")));
        assertNotEquals(acmeGfId, betaGf.path("id").asText());
        Map<String, String> acmeProfiles = profileIdsByName(ACME_ADMIN, "acme");
        assertEquals(Set.of("GF", "MA"), acmeProfiles.keySet());
        assertEquals(acmeGfId, acmeProfiles.get("GF"));
    }

    @Test
    @Order(3)
    void theDocumentIsServed() {
        HttpResponse<String> answer = api.get("/openapi.json", null);
        JsonNode document = api.expect(200, answer);
        assertTrue(document.path("openapi").asText().startsWith("3."), api.context(answer));
        assertTrue(document.path("paths").has("/tenants/{tenantId}/profiles"), api.context(answer));
    }

    @Test
    @Order(4)
    void coldStartIsMeasured() {
        long rssKb = shared.rssKb();
        System.out.println("E2E cold start to first 200: " + shared.coldStartMillis + " ms");
        System.out.println("E2E container RSS: " + rssKb + " kB");
        assertTrue(shared.coldStartMillis > 0, "cold start " + shared.coldStartMillis);
        assertTrue(rssKb > 0, "RSS " + rssKb);
    }

    @Test
    @Order(5)
    void dataSurvivesARestartOnTheSameDataFolder() throws IOException {
        Container first = launch(Container.start(freshDataDir(), SUPPORT_PASSWORD));
        Http before = first.api;
        before.expect(201, before.put("/tenants/keep", SUPPORT, json("{'name':'Keep Brokers'}")));
        before.expect(201, before.post("/tenants/keep/admins", SUPPORT,
            json("{'email':'admin@keep.example','password':'a long admin password'}")));
        before.expect(200, before.put("/tenants/keep/features/delegatedAccess", SUPPORT, json("{'enabled':true}")));
        JsonNode profile = before.expect(201, before.post("/tenants/keep/profiles", new Login("admin@keep.example", "a long admin password"),
            json("{'name':'MA','rights':['contracts.view','messages.send'],'delegableProfiles':[]}")));

        Container second = launch(first.restart());
        Http after = second.api;
        HttpResponse<String> tenantAnswer = after.get("/tenants/keep", SUPPORT);
        assertTrue(after.expect(200, tenantAnswer).path("features").path("delegatedAccess").asBoolean(),
            after.context(tenantAnswer));
        HttpResponse<String> listed = after.get("/tenants/keep/profiles", new Login("admin@keep.example", "a long admin password"));
        List<JsonNode> profiles = items(after.expect(200, listed));
        assertEquals(1, profiles.size(), after.context(listed));
        assertEquals(profile.path("id").asText(), profiles.get(0).path("id").asText(), after.context(listed));
        assertEquals(Set.of("contracts.view", "messages.send"), texts(profiles.get(0).path("rights")), after.context(listed));
    }

    @Test
    @Order(6)
    void aGeneratedSupportPasswordIsPrintedOnceAndWorks() throws IOException {
        Container first = launch(Container.start(freshDataDir(), null));
        Login support = new Login("support", first.generatedSupportPassword());
        first.api.expect(201, first.api.put("/tenants/gen", support, json("{'name':'Generated Brokers'}")));
        assertEquals(1, first.log().lines().filter(BANNER::equals).count(), "the banner is printed once\n" + first.logTail());

        Container second = launch(first.restart());
        second.api.expect(200, second.api.put("/tenants/gen", support, json("{'name':'Generated Brokers'}")));
        String log = second.log();
        assertFalse(log.contains(BANNER), "the banner was printed again:\n" + second.logTail());
        assertFalse(log.contains(support.password()), "the password was printed again:\n" + second.logTail());
    }

    private Container launch(Container container) {
        scenarioContainers.add(container);
        return container;
    }

    private Map<String, String> profileIdsByName(Login admin, String tenant) {
        HttpResponse<String> answer = api.get("/tenants/" + tenant + "/profiles", admin);
        return items(api.expect(200, answer)).stream()
            .collect(Collectors.toMap(p -> p.path("name").asText(), p -> p.path("id").asText()));
    }

    private static Path freshDataDir() throws IOException {
        Path scenario = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "e2e-");
        return Files.createDirectory(scenario.resolve("data"));
    }

    /** JSON bodies written with single quotes read better in Java strings than escaped ones. */
    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private static List<JsonNode> items(JsonNode list) {
        return StreamSupport.stream(list.path("items").spliterator(), false).toList();
    }

    private static Set<String> names(List<JsonNode> nodes) {
        return nodes.stream().map(n -> n.path("name").asText()).collect(Collectors.toSet());
    }

    private static Set<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).collect(Collectors.toSet());
    }

    private static Set<String> errorFields(JsonNode problem) {
        return StreamSupport.stream(problem.path("errors").spliterator(), false)
            .map(e -> e.path("field").asText()).collect(Collectors.toSet());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** HTTP Basic credentials; support logs in as "support", admins with their e-mail. */
    record Login(String user, String password) {
        String header() {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
        }
    }

    /** One {@code java -jar collab-app.jar} process with its port, data folder and console log. */
    static final class Container {
        private static final Duration STARTUP_LIMIT = Duration.ofSeconds(90);
        private static final Duration BANNER_LIMIT = Duration.ofSeconds(20);
        private static final int LOG_TAIL_LINES = 80;

        final Path dataDir;
        final String supportPassword;
        final int port;
        final Path log;
        final Process process;
        final Http api;
        final long coldStartMillis;

        private Container(Path dataDir, String supportPassword, int port, Path log, Process process, long startNanos) {
            this.dataDir = dataDir;
            this.supportPassword = supportPassword;
            this.port = port;
            this.log = log;
            this.process = process;
            this.api = new Http("http://localhost:" + port + "/collab/api/v1", this::logTail);
            this.coldStartMillis = awaitHealthy(startNanos);
        }

        /** @param supportPassword null to let the container generate one */
        static Container start(Path dataDir, String supportPassword) throws IOException {
            Path jar = Path.of(System.getProperty("collab.app.jar", "../collab-app/target/collab-app.jar"));
            assertTrue(Files.isRegularFile(jar), jar.toAbsolutePath() + " is missing: build collab-app first");
            int port = freePort();
            Path log = nextLogFile(dataDir.getParent());
            ProcessBuilder builder = new ProcessBuilder(javaExecutable(), "-Xmx256m",
                "-Djdk.util.zip.disableZip64ExtraFieldValidation=true", "-jar", jar.toAbsolutePath().toString())
                // Whatever the container writes relative to its working folder stays with this scenario.
                .directory(dataDir.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            // Settings from the shell running the build must not leak into the container under test.
            env.keySet().removeIf(name -> name.startsWith("COLLAB_"));
            env.put("COLLAB_HTTP_PORT", Integer.toString(port));
            env.put("COLLAB_DATA_DIR", dataDir.toString());
            if (supportPassword != null) {
                env.put("COLLAB_SUPPORT_PASSWORD", supportPassword);
            }
            long startNanos = System.nanoTime();
            Process process = builder.start();
            // An operator's container has no console input; a closed pipe is an empty stdin on any OS.
            process.getOutputStream().close();
            try {
                return new Container(dataDir, supportPassword, port, log, process, startNanos);
            } catch (RuntimeException | Error e) {
                stop(process);
                throw e;
            }
        }

        /** Stops this process and starts a new one on the same data folder (on a new port). */
        Container restart() throws IOException {
            stop();
            return start(dataDir, supportPassword);
        }

        void stop() {
            stop(process);
        }

        private static void stop(Process process) {
            if (!process.isAlive()) {
                return;
            }
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        /** Reads the banner SupportAccountSetup prints when it generated the support password. */
        String generatedSupportPassword() {
            // The banner comes from a component of its own, which may print a moment after /health is UP.
            return poll(BANNER_LIMIT, () -> "the generated support password in " + log, () -> {
                List<String> lines = log().lines().toList();
                int banner = lines.indexOf(BANNER);
                if (banner < 0 || banner + 1 >= lines.size()) {
                    return Optional.empty();
                }
                String next = lines.get(banner + 1);
                assertTrue(next.startsWith("   ") && !next.isBlank(), "no password below the banner:\n" + logTail());
                return Optional.of(next.strip());
            });
        }

        long rssKb() {
            try {
                return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> Long.parseLong(line.split("\\s+")[1]))
                    .findFirst().orElse(-1L);
            } catch (IOException e) {
                return -1;
            }
        }

        String log() {
            try {
                return Files.readString(log, UTF_8);
            } catch (IOException e) {
                return "(cannot read " + log + ": " + e + ")";
            }
        }

        String logTail() {
            List<String> lines = log().lines().toList();
            return "--- last lines of " + log + " ---\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        }

        private long awaitHealthy(long startNanos) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest health = HttpRequest.newBuilder(URI.create(api.base + "/health")).timeout(Duration.ofSeconds(2)).build();
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
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        }

        /** Retries every 100 ms until the attempt yields a value, failing with the log tail after the limit. */
        private <T> T poll(Duration limit, Supplier<String> what, Supplier<Optional<T>> attempt) {
            long deadline = System.nanoTime() + limit.toNanos();
            while (true) {
                Optional<T> value = attempt.get();
                if (value.isPresent()) {
                    return value.get();
                }
                if (System.nanoTime() > deadline) {
                    fail("gave up after " + limit.toSeconds() + " s waiting for " + what.get() + "\n" + logTail());
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + what.get(), e);
                }
            }
        }

        private static String javaExecutable() {
            return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
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

    /** The REST API of one container, as a front end calls it. */
    static final class Http {
        private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
        private static final String JSON_TYPE = "application/json";

        final String base;
        private final Supplier<String> logTail;

        Http(String base, Supplier<String> logTail) {
            this.base = base;
            this.logTail = logTail;
        }

        HttpResponse<String> get(String path, Login login) {
            return send("GET", path, login, null, null);
        }

        HttpResponse<String> put(String path, Login login, String json) {
            return send("PUT", path, login, JSON_TYPE, json);
        }

        HttpResponse<String> post(String path, Login login, String json) {
            return send("POST", path, login, JSON_TYPE, json);
        }

        HttpResponse<String> delete(String path, Login login) {
            return send("DELETE", path, login, null, null);
        }

        /** @param login null for an anonymous request */
        HttpResponse<String> send(String method, String path, Login login, String contentType, String body) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json, application/problem+json")
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body, UTF_8));
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            if (login != null) {
                request.header("Authorization", login.header());
            }
            try {
                return CLIENT.send(request.build(), BodyHandlers.ofString(UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + path + " failed\n" + logTail.get(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(method + " " + path + " was interrupted", e);
            }
        }

        /** @return the parsed body, after checking the status */
        JsonNode expect(int status, HttpResponse<String> response) {
            assertEquals(status, response.statusCode(), () -> context(response));
            try {
                return JSON.readTree(response.body());
            } catch (JsonProcessingException e) {
                return fail("the body is not JSON\n" + context(response), e);
            }
        }

        /** Checks the status and that the body is a problem detail a front end can show as is. */
        JsonNode expectProblem(int status, HttpResponse<String> response) {
            JsonNode problem = expect(status, response);
            String type = response.headers().firstValue("Content-Type").orElse("");
            assertTrue(type.startsWith("application/problem+json"), () -> "Content-Type " + type + "\n" + context(response));
            for (String field : List.of("type", "title", "status", "detail")) {
                assertTrue(problem.hasNonNull(field), () -> "no " + field + "\n" + context(response));
            }
            assertEquals(status, problem.path("status").asInt(), () -> context(response));
            assertFalse(response.body().contains("Exception"), () -> "names an exception\n" + context(response));
            assertFalse(response.body().contains("at dev."), () -> "has a stack trace\n" + context(response));
            return problem;
        }

        /** What a failed assertion about this answer should show: request, answer and the container's log. */
        String context(HttpResponse<String> response) {
            String body = response.body();
            // Large documents (openapi.json) would bury the container log that follows.
            String shown = body.length() <= 2000 ? body : body.substring(0, 2000) + "…";
            return response.request().method() + " " + response.request().uri() + " answered " + response.statusCode()
                + " " + shown + "\n" + logTail.get();
        }
    }
}
