package dev.collab.itests.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLEncoder;
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

import dev.collab.itests.Http;
import dev.collab.testkit.Login;

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
        JsonNode created = api.as(SUPPORT).put("/tenants/acme", Http.json("{'name':'Acme Brokers'}")).expect(201);
        assertEquals(Http.JSON.readTree(Http.json("{'id':'acme','name':'Acme Brokers','features':{'delegatedAccess':false},'language':'de','invitationValidityHours':null,'timeZone':'Europe/Berlin','reminderLeadHours':null,'removalMail':false,'reviewDays':null,'reviewGraceDays':14,'reviewMode':'NOTIFY'}")), created);

        Http.Response renamed = api.as(SUPPORT).put("/tenants/acme", Http.json("{'name':'Acme Brokers GmbH'}"));
        assertEquals("Acme Brokers GmbH", renamed.expect(200).path("name").asText(), renamed.context());
        JsonNode fetched = api.as(SUPPORT).get("/tenants/acme").expect(200);
        assertEquals(Http.JSON.readTree(Http.json("{'id':'acme','name':'Acme Brokers GmbH','features':{'delegatedAccess':false},'language':'de','invitationValidityHours':null,'timeZone':'Europe/Berlin','reminderLeadHours':null,'removalMail':false,'reviewDays':null,'reviewGraceDays':14,'reviewMode':'NOTIFY'}")), fetched);

        Http.Response adminCreated = api.as(SUPPORT).post("/tenants/acme/admins",
            Http.json("{'email':'admin@acme.example','password':'a long admin password'}"));
        JsonNode admin = adminCreated.expect(201);
        assertEquals(Set.of("id", "email"), fieldNames(admin), adminCreated.context());
        assertFalse(admin.path("id").asText().isBlank(), adminCreated.context());
        assertEquals("admin@acme.example", admin.path("email").asText(), adminCreated.context());
        assertTrue(adminCreated.raw().headers().firstValue("Location").orElse("").endsWith("/" + admin.path("id").asText()),
            adminCreated.context());

        JsonNode disabled = api.as(ACME_ADMIN).get("/tenants/acme/profiles").problem(403);
        assertTrue(disabled.path("type").asText().endsWith(":feature-disabled"), disabled.toString());

        JsonNode enabled = api.as(SUPPORT).put("/tenants/acme/features/delegatedAccess", Http.json("{'enabled':true}")).expect(200);
        assertTrue(enabled.path("features").path("delegatedAccess").asBoolean(), enabled.toString());

        Http.Response rightsAnswer = api.as(ACME_ADMIN).get("/tenants/acme/rights");
        List<JsonNode> rights = Http.items(rightsAnswer.expect(200));
        assertEquals(BUILT_IN_RIGHTS, rights.stream().map(r -> r.path("id").asText()).collect(Collectors.toSet()),
            rightsAnswer.context());
        assertEquals(BUILT_IN_RIGHTS.size(), rights.size(), rightsAnswer.context());
        rights.forEach(r -> assertFalse(r.path("title").asText().isBlank(), "right without title: " + r));

        Http.Response maCreated = api.as(ACME_ADMIN).post("/tenants/acme/profiles", Http.json(
            "{'name':'MA','description':'Mitarbeiter','rights':['contracts.view','documents.view'],'delegableProfiles':[]}"));
        JsonNode ma = maCreated.expect(201);
        assertEquals("MA", ma.path("name").asText(), maCreated.context());
        assertEquals("Mitarbeiter", ma.path("description").asText(), maCreated.context());
        assertEquals(Set.of("contracts.view", "documents.view"), texts(ma.path("rights")), maCreated.context());
        assertEquals(List.of(), List.copyOf(texts(ma.path("delegableProfiles"))), maCreated.context());
        String maId = ma.path("id").asText();

        Http.Response gfCreated = api.as(ACME_ADMIN).post("/tenants/acme/profiles",
            Http.json("{'name':'GF','rights':['contracts.view','claims.view'],'delegableProfiles':['MA']}"));
        JsonNode gf = gfCreated.expect(201);
        assertEquals(Http.JSON.readTree("[\"MA\"]"), gf.path("delegableProfiles"), gfCreated.context());
        assertNotEquals(maId, gf.path("id").asText(), gfCreated.context());

        Http.Response listed = api.as(ACME_ADMIN).get("/tenants/acme/profiles");
        JsonNode list = listed.expect(200);
        assertEquals(Set.of("GF", "MA"), names(Http.items(list)), listed.context());
        assertEquals(2, Http.items(list).size(), listed.context());
        assertTrue(list.has("nextCursor") && list.get("nextCursor").isNull(), listed.context());

        Http.Response firstPageAnswer = api.as(ACME_ADMIN).get("/tenants/acme/profiles?limit=1");
        JsonNode firstPage = firstPageAnswer.expect(200);
        assertEquals(1, Http.items(firstPage).size(), firstPageAnswer.context());
        assertTrue(firstPage.path("nextCursor").isTextual(), firstPageAnswer.context());
        Http.Response secondPageAnswer = api.as(ACME_ADMIN).get("/tenants/acme/profiles?limit=1&cursor="
            + URLEncoder.encode(firstPage.path("nextCursor").asText(), UTF_8));
        JsonNode secondPage = secondPageAnswer.expect(200);
        assertEquals(1, Http.items(secondPage).size(), secondPageAnswer.context());
        Set<String> paged = new HashSet<>(names(Http.items(firstPage)));
        paged.addAll(names(Http.items(secondPage)));
        assertEquals(Set.of("GF", "MA"), paged, secondPageAnswer.context());

        Http.Response replaced = api.as(ACME_ADMIN).put("/tenants/acme/profiles/" + maId, Http.json(
            "{'name':'MA','description':'Mitarbeiter','rights':['documents.view','documents.upload'],'delegableProfiles':[]}"));
        assertEquals(Set.of("documents.upload", "documents.view"), texts(replaced.expect(200).path("rights")),
            replaced.context());
        Http.Response reread = api.as(ACME_ADMIN).get("/tenants/acme/profiles/" + maId);
        assertEquals(Set.of("documents.upload", "documents.view"), texts(reread.expect(200).path("rights")),
            reread.context());

        api.as(ACME_ADMIN).delete("/tenants/acme/profiles/" + maId).problem(409);
        api.as(ACME_ADMIN).post("/tenants/acme/profiles",
            Http.json("{'name':'ma','rights':[],'delegableProfiles':[]}")).problem(409);

        JsonNode unknownRefs = api.as(ACME_ADMIN).post("/tenants/acme/profiles",
            Http.json("{'name':'Other','rights':['no.such.right'],'delegableProfiles':['Nobody']}")).problem(400);
        assertEquals(Set.of("rights[0]", "delegableProfiles[0]"), errorFields(unknownRefs), unknownRefs.toString());

        JsonNode malformed = api.as(ACME_ADMIN).post("/tenants/acme/profiles", "{\"name\":").problem(400);
        assertEquals("body", malformed.path("errors").path(0).path("field").asText(), malformed.toString());
        JsonNode unknownField = api.as(ACME_ADMIN).post("/tenants/acme/profiles",
            Http.json("{'name':'Other','rights':[],'delegableProfiles':[],'colour':'red'}")).problem(400);
        assertEquals(Set.of("colour"), errorFields(unknownField), unknownField.toString());
        api.as(ACME_ADMIN).send("POST", "/tenants/acme/profiles", "name=Other", "text/plain").problem(415);

        Http.Response wrongPassword = api.as(new Login("admin@acme.example", "not the password")).get("/tenants/acme/profiles");
        wrongPassword.problem(401);
        assertTrue(wrongPassword.raw().headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"),
            wrongPassword.context());
        api.get("/tenants/acme/profiles").problem(401);
        api.as(SUPPORT).get("/tenants/acme/profiles").problem(403);
        api.as(SUPPORT).get("/no-such-resource").problem(404);
    }

    @Test
    @Order(2)
    void tenantsNeverSeeEachOther() {
        String acmeGfId = profileIdsByName(ACME_ADMIN, "acme").get("GF");
        assertTrue(acmeGfId != null, "the walk of theSliceWorksOverHttpAsAFrontEndUsesIt should have left acme's GF");

        api.as(SUPPORT).put("/tenants/beta", Http.json("{'name':'Beta Makler'}")).expect(201);
        api.as(SUPPORT).post("/tenants/beta/admins",
            Http.json("{'email':'admin@beta.example','password':'another long admin password'}")).expect(201);
        api.as(SUPPORT).put("/tenants/beta/features/delegatedAccess", Http.json("{'enabled':true}")).expect(200);

        api.as(BETA_ADMIN).get("/tenants/beta/profiles/" + acmeGfId).problem(404);
        api.as(BETA_ADMIN).get("/tenants/acme/profiles").problem(401);

        // Names are unique per tenant only.
        JsonNode betaGf = api.as(BETA_ADMIN).post("/tenants/beta/profiles",
            Http.json("{'name':'GF','rights':['claims.view'],'delegableProfiles':[]}")).expect(201);
        assertNotEquals(acmeGfId, betaGf.path("id").asText());
        Map<String, String> acmeProfiles = profileIdsByName(ACME_ADMIN, "acme");
        assertEquals(Set.of("GF", "MA"), acmeProfiles.keySet());
        assertEquals(acmeGfId, acmeProfiles.get("GF"));
    }

    @Test
    @Order(3)
    void theDocumentIsServed() {
        Http.Response answer = api.get("/openapi.json");
        JsonNode document = answer.expect(200);
        assertTrue(document.path("openapi").asText().startsWith("3."), answer.context());
        assertTrue(document.path("paths").has("/tenants/{tenantId}/profiles"), answer.context());
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
        before.as(SUPPORT).put("/tenants/keep", Http.json("{'name':'Keep Brokers'}")).expect(201);
        before.as(SUPPORT).post("/tenants/keep/admins",
            Http.json("{'email':'admin@keep.example','password':'a long admin password'}")).expect(201);
        before.as(SUPPORT).put("/tenants/keep/features/delegatedAccess", Http.json("{'enabled':true}")).expect(200);
        JsonNode profile = before.as(new Login("admin@keep.example", "a long admin password")).post("/tenants/keep/profiles",
            Http.json("{'name':'MA','rights':['contracts.view','messages.send'],'delegableProfiles':[]}")).expect(201);

        Container second = launch(first.restart());
        Http after = second.api;
        Http.Response tenantAnswer = after.as(SUPPORT).get("/tenants/keep");
        assertTrue(tenantAnswer.expect(200).path("features").path("delegatedAccess").asBoolean(),
            tenantAnswer.context());
        Http.Response listed = after.as(new Login("admin@keep.example", "a long admin password")).get("/tenants/keep/profiles");
        List<JsonNode> profiles = Http.items(listed.expect(200));
        assertEquals(1, profiles.size(), listed.context());
        assertEquals(profile.path("id").asText(), profiles.get(0).path("id").asText(), listed.context());
        assertEquals(Set.of("contracts.view", "messages.send"), texts(profiles.get(0).path("rights")), listed.context());
    }

    @Test
    @Order(6)
    void aGeneratedSupportPasswordIsPrintedOnceAndWorks() throws IOException {
        Container first = launch(Container.start(freshDataDir(), null));
        Login support = new Login("support", first.generatedSupportPassword());
        first.api.as(support).put("/tenants/gen", Http.json("{'name':'Generated Brokers'}")).expect(201);
        assertEquals(1, first.log().lines().filter(BANNER::equals).count(), "the banner is printed once\n" + first.logTail());

        Container second = launch(first.restart());
        second.api.as(support).put("/tenants/gen", Http.json("{'name':'Generated Brokers'}")).expect(200);
        String log = second.log();
        assertFalse(log.contains(BANNER), "the banner was printed again:\n" + second.logTail());
        assertFalse(log.contains(support.password()), "the password was printed again:\n" + second.logTail());
    }

    private Container launch(Container container) {
        scenarioContainers.add(container);
        return container;
    }

    private Map<String, String> profileIdsByName(Login admin, String tenant) {
        Http.Response answer = api.as(admin).get("/tenants/" + tenant + "/profiles");
        return Http.items(answer.expect(200)).stream()
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
        final Http api;
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

        /** Reads the banner SupportLogin prints when it generated the support password. */
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
            return process.rssKb();
        }

        String log() {
            return process.log();
        }

        String logTail() {
            return process.logTail();
        }
    }
}
