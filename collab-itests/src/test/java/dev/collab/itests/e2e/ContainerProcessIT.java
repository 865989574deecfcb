package dev.collab.itests.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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

import com.fasterxml.jackson.databind.JsonNode;

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
    private static final String SUPPORT_PASSWORD = "an e2e support password";
    private static final Rest.Login SUPPORT = new Rest.Login("support", SUPPORT_PASSWORD);
    private static final Rest.Login ACME_ADMIN = new Rest.Login("admin@acme.example", "a long admin password");
    private static final Rest.Login BETA_ADMIN = new Rest.Login("admin@beta.example", "another long admin password");
    private static final Set<String> BUILT_IN_RIGHTS = Set.of(
        "contracts.view", "documents.view", "documents.upload", "claims.view", "claims.report", "messages.send");
    private static final String BANNER = " collab: generated the password of the built-in 'support' login:";

    private Container shared;
    private Rest api;
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
        JsonNode created = api.expect(201, api.put("/tenants/acme", SUPPORT, Rest.json("{'name':'Acme Brokers'}")));
        assertEquals(Rest.JSON.readTree(Rest.json("{'id':'acme','name':'Acme Brokers','features':{'delegatedAccess':false},'language':'de','invitationValidityHours':null,'timeZone':'Europe/Berlin'}")), created);

        HttpResponse<String> renamed = api.put("/tenants/acme", SUPPORT, Rest.json("{'name':'Acme Brokers GmbH'}"));
        assertEquals("Acme Brokers GmbH", api.expect(200, renamed).path("name").asText(), api.context(renamed));
        JsonNode fetched = api.expect(200, api.get("/tenants/acme", SUPPORT));
        assertEquals(Rest.JSON.readTree(Rest.json("{'id':'acme','name':'Acme Brokers GmbH','features':{'delegatedAccess':false},'language':'de','invitationValidityHours':null,'timeZone':'Europe/Berlin'}")), fetched);

        HttpResponse<String> adminCreated = api.post("/tenants/acme/admins", SUPPORT,
            Rest.json("{'email':'admin@acme.example','password':'a long admin password'}"));
        JsonNode admin = api.expect(201, adminCreated);
        assertEquals(Set.of("id", "email"), fieldNames(admin), api.context(adminCreated));
        assertFalse(admin.path("id").asText().isBlank(), api.context(adminCreated));
        assertEquals("admin@acme.example", admin.path("email").asText(), api.context(adminCreated));
        assertTrue(adminCreated.headers().firstValue("Location").orElse("").endsWith("/" + admin.path("id").asText()),
            api.context(adminCreated));

        JsonNode disabled = api.expectProblem(403, api.get("/tenants/acme/profiles", ACME_ADMIN));
        assertTrue(disabled.path("type").asText().endsWith(":feature-disabled"), disabled.toString());

        JsonNode enabled = api.expect(200, api.put("/tenants/acme/features/delegatedAccess", SUPPORT, Rest.json("{'enabled':true}")));
        assertTrue(enabled.path("features").path("delegatedAccess").asBoolean(), enabled.toString());

        HttpResponse<String> rightsAnswer = api.get("/tenants/acme/rights", ACME_ADMIN);
        List<JsonNode> rights = Rest.items(api.expect(200, rightsAnswer));
        assertEquals(BUILT_IN_RIGHTS, rights.stream().map(r -> r.path("id").asText()).collect(Collectors.toSet()),
            api.context(rightsAnswer));
        assertEquals(BUILT_IN_RIGHTS.size(), rights.size(), api.context(rightsAnswer));
        rights.forEach(r -> assertFalse(r.path("title").asText().isBlank(), "right without title: " + r));

        HttpResponse<String> maCreated = api.post("/tenants/acme/profiles", ACME_ADMIN, Rest.json(
            "{'name':'MA','description':'Mitarbeiter','rights':['contracts.view','documents.view'],'delegableProfiles':[]}"));
        JsonNode ma = api.expect(201, maCreated);
        assertEquals("MA", ma.path("name").asText(), api.context(maCreated));
        assertEquals("Mitarbeiter", ma.path("description").asText(), api.context(maCreated));
        assertEquals(Set.of("contracts.view", "documents.view"), texts(ma.path("rights")), api.context(maCreated));
        assertEquals(List.of(), List.copyOf(texts(ma.path("delegableProfiles"))), api.context(maCreated));
        String maId = ma.path("id").asText();

        HttpResponse<String> gfCreated = api.post("/tenants/acme/profiles", ACME_ADMIN,
            Rest.json("{'name':'GF','rights':['contracts.view','claims.view'],'delegableProfiles':['MA']}"));
        JsonNode gf = api.expect(201, gfCreated);
        assertEquals(Rest.JSON.readTree("[\"MA\"]"), gf.path("delegableProfiles"), api.context(gfCreated));
        assertNotEquals(maId, gf.path("id").asText(), api.context(gfCreated));

        HttpResponse<String> listed = api.get("/tenants/acme/profiles", ACME_ADMIN);
        JsonNode list = api.expect(200, listed);
        assertEquals(Set.of("GF", "MA"), names(Rest.items(list)), api.context(listed));
        assertEquals(2, Rest.items(list).size(), api.context(listed));
        assertTrue(list.has("nextCursor") && list.get("nextCursor").isNull(), api.context(listed));

        HttpResponse<String> firstPageAnswer = api.get("/tenants/acme/profiles?limit=1", ACME_ADMIN);
        JsonNode firstPage = api.expect(200, firstPageAnswer);
        assertEquals(1, Rest.items(firstPage).size(), api.context(firstPageAnswer));
        assertTrue(firstPage.path("nextCursor").isTextual(), api.context(firstPageAnswer));
        HttpResponse<String> secondPageAnswer = api.get("/tenants/acme/profiles?limit=1&cursor="
            + URLEncoder.encode(firstPage.path("nextCursor").asText(), UTF_8), ACME_ADMIN);
        JsonNode secondPage = api.expect(200, secondPageAnswer);
        assertEquals(1, Rest.items(secondPage).size(), api.context(secondPageAnswer));
        Set<String> paged = new HashSet<>(names(Rest.items(firstPage)));
        paged.addAll(names(Rest.items(secondPage)));
        assertEquals(Set.of("GF", "MA"), paged, api.context(secondPageAnswer));

        HttpResponse<String> replaced = api.put("/tenants/acme/profiles/" + maId, ACME_ADMIN, Rest.json(
            "{'name':'MA','description':'Mitarbeiter','rights':['documents.view','documents.upload'],'delegableProfiles':[]}"));
        assertEquals(Set.of("documents.upload", "documents.view"), texts(api.expect(200, replaced).path("rights")),
            api.context(replaced));
        HttpResponse<String> reread = api.get("/tenants/acme/profiles/" + maId, ACME_ADMIN);
        assertEquals(Set.of("documents.upload", "documents.view"), texts(api.expect(200, reread).path("rights")),
            api.context(reread));

        api.expectProblem(409, api.delete("/tenants/acme/profiles/" + maId, ACME_ADMIN));
        api.expectProblem(409, api.post("/tenants/acme/profiles", ACME_ADMIN,
            Rest.json("{'name':'ma','rights':[],'delegableProfiles':[]}")));

        JsonNode unknownRefs = api.expectProblem(400, api.post("/tenants/acme/profiles", ACME_ADMIN,
            Rest.json("{'name':'Other','rights':['no.such.right'],'delegableProfiles':['Nobody']}")));
        assertEquals(Set.of("rights[0]", "delegableProfiles[0]"), errorFields(unknownRefs), unknownRefs.toString());

        JsonNode malformed = api.expectProblem(400, api.post("/tenants/acme/profiles", ACME_ADMIN, "{\"name\":"));
        assertEquals("body", malformed.path("errors").path(0).path("field").asText(), malformed.toString());
        JsonNode unknownField = api.expectProblem(400, api.post("/tenants/acme/profiles", ACME_ADMIN,
            Rest.json("{'name':'Other','rights':[],'delegableProfiles':[],'colour':'red'}")));
        assertEquals(Set.of("colour"), errorFields(unknownField), unknownField.toString());
        api.expectProblem(415, api.send("POST", "/tenants/acme/profiles", ACME_ADMIN, "text/plain", "name=Other"));

        HttpResponse<String> wrongPassword = api.get("/tenants/acme/profiles", new Rest.Login("admin@acme.example", "not the password"));
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

        api.expect(201, api.put("/tenants/beta", SUPPORT, Rest.json("{'name':'Beta Makler'}")));
        api.expect(201, api.post("/tenants/beta/admins", SUPPORT,
            Rest.json("{'email':'admin@beta.example','password':'another long admin password'}")));
        api.expect(200, api.put("/tenants/beta/features/delegatedAccess", SUPPORT, Rest.json("{'enabled':true}")));

        api.expectProblem(404, api.get("/tenants/beta/profiles/" + acmeGfId, BETA_ADMIN));
        api.expectProblem(401, api.get("/tenants/acme/profiles", BETA_ADMIN));

        // Names are unique per tenant only.
        JsonNode betaGf = api.expect(201, api.post("/tenants/beta/profiles", BETA_ADMIN,
            Rest.json("{'name':'GF','rights':['claims.view'],'delegableProfiles':[]}")));
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
        Rest before = first.api;
        before.expect(201, before.put("/tenants/keep", SUPPORT, Rest.json("{'name':'Keep Brokers'}")));
        before.expect(201, before.post("/tenants/keep/admins", SUPPORT,
            Rest.json("{'email':'admin@keep.example','password':'a long admin password'}")));
        before.expect(200, before.put("/tenants/keep/features/delegatedAccess", SUPPORT, Rest.json("{'enabled':true}")));
        JsonNode profile = before.expect(201, before.post("/tenants/keep/profiles", new Rest.Login("admin@keep.example", "a long admin password"),
            Rest.json("{'name':'MA','rights':['contracts.view','messages.send'],'delegableProfiles':[]}")));

        Container second = launch(first.restart());
        Rest after = second.api;
        HttpResponse<String> tenantAnswer = after.get("/tenants/keep", SUPPORT);
        assertTrue(after.expect(200, tenantAnswer).path("features").path("delegatedAccess").asBoolean(),
            after.context(tenantAnswer));
        HttpResponse<String> listed = after.get("/tenants/keep/profiles", new Rest.Login("admin@keep.example", "a long admin password"));
        List<JsonNode> profiles = Rest.items(after.expect(200, listed));
        assertEquals(1, profiles.size(), after.context(listed));
        assertEquals(profile.path("id").asText(), profiles.get(0).path("id").asText(), after.context(listed));
        assertEquals(Set.of("contracts.view", "messages.send"), texts(profiles.get(0).path("rights")), after.context(listed));
    }

    @Test
    @Order(6)
    void aGeneratedSupportPasswordIsPrintedOnceAndWorks() throws IOException {
        Container first = launch(Container.start(freshDataDir(), null));
        Rest.Login support = new Rest.Login("support", first.generatedSupportPassword());
        first.api.expect(201, first.api.put("/tenants/gen", support, Rest.json("{'name':'Generated Brokers'}")));
        assertEquals(1, first.log().lines().filter(BANNER::equals).count(), "the banner is printed once\n" + first.logTail());

        Container second = launch(first.restart());
        second.api.expect(200, second.api.put("/tenants/gen", support, Rest.json("{'name':'Generated Brokers'}")));
        String log = second.log();
        assertFalse(log.contains(BANNER), "the banner was printed again:\n" + second.logTail());
        assertFalse(log.contains(support.password()), "the password was printed again:\n" + second.logTail());
    }

    private Container launch(Container container) {
        scenarioContainers.add(container);
        return container;
    }

    private Map<String, String> profileIdsByName(Rest.Login admin, String tenant) {
        HttpResponse<String> answer = api.get("/tenants/" + tenant + "/profiles", admin);
        return Rest.items(api.expect(200, answer)).stream()
            .collect(Collectors.toMap(p -> p.path("name").asText(), p -> p.path("id").asText()));
    }

    private static Path freshDataDir() throws IOException {
        Path scenario = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "e2e-");
        return Files.createDirectory(scenario.resolve("data"));
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

    /**
     * One {@code java -jar collab-app.jar} process of this test: {@link CollabProcess} started with
     * this test's support password (or none, to have one generated), plus the cold start and RSS
     * this test reports.
     */
    static final class Container {
        private static final Duration BANNER_LIMIT = Duration.ofSeconds(20);

        final CollabProcess process;
        final Rest api;
        final long coldStartMillis;

        private Container(CollabProcess process, long coldStartMillis) {
            this.process = process;
            this.api = process.api;
            this.coldStartMillis = coldStartMillis;
        }

        /** @param supportPassword null to let the container generate one */
        static Container start(Path dataDir, String supportPassword) throws IOException {
            Map<String, String> env = new HashMap<>();
            env.put("COLLAB_SUPPORT_PASSWORD", supportPassword);
            long startNanos = System.nanoTime();
            CollabProcess process = CollabProcess.start(dataDir, env);
            return new Container(process, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        }

        /** Stops this process and starts a new one on the same data folder (on a new port). */
        Container restart() throws IOException {
            long startNanos = System.nanoTime();
            CollabProcess next = process.restart();
            return new Container(next, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        }

        void stop() {
            process.stop();
        }

        /** Reads the banner SupportAccountSetup prints when it generated the support password. */
        String generatedSupportPassword() {
            // The banner comes from a component of its own, which may print a moment after /health is UP.
            return process.poll(BANNER_LIMIT, () -> "the generated support password in " + process.log, () -> {
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
                return Files.readAllLines(Path.of("/proc", Long.toString(process.process.pid()), "status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> Long.parseLong(line.split("\\s+")[1]))
                    .findFirst().orElse(-1L);
            } catch (IOException e) {
                return -1;
            }
        }

        String log() {
            return process.log();
        }

        String logTail() {
            return process.logTail();
        }
    }
}
