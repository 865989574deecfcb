package dev.collab.itests.osgi;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Before;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;

import dev.collab.itests.Http;
import dev.collab.itests.TenantSeed;
import dev.collab.testkit.Login;
import dev.collab.testkit.Outbox;

/**
 * The live operations of the issue, on each suite bundle but the API: stopping and starting it,
 * taking its jar out of the deploy folder and putting it back, and updating it to a new build
 * (a new file over the old one), all while the container serves requests. While a bundle is out
 * its endpoints answer 503 problem+json and /health names what is missing; the other bundles'
 * endpoints keep answering; invitations made while the mailing bundle is out are mailed when it
 * returns; and what was stored at the start (tenant, profile, grant, delegate, customers)
 * survives every operation, as does a browser's sign-in on the screens (its session is a row of
 * the database, not the memory of a bundle).
 * <p>
 * Works with bundle names, files and HTTP only: no suite API type is loaded by this class, so it
 * keeps working while the bundles come and go.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class LiveOperationsIT extends CollabIT {
    private static final String PROFILES = "dev.collab.collab-profiles";
    private static final String MAILING = "dev.collab.collab-invitations";
    private static final String REST = "dev.collab.collab-rest";
    private static final String HOST = "dev.collab.collab-host";
    private static final String WEB = "dev.collab.collab-web";
    private static final String WHITEBOARD = "org.apache.aries.jax.rs.whiteboard";

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TENANT = "live";
    private static final String ADMIN = "admin@live.example";
    private static final String ADMIN_PASSWORD = "live admin password";
    private static final String GF = "gf@live.example";
    private static final String GF_PASSWORD = "live gf password 123";
    private static final String FIRST_DELEGATE = "d0@live.example";
    private static final AtomicInteger INVITES = new AtomicInteger();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final HttpClient PAGES = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5)).build();

    /** Ids of what the first test stored; plain strings, the container's data outlives the tests. */
    private static String profileId;
    private static String grantId;

    /** Set inside the container only: the class is also instantiated outside it, for its configuration. */
    private Outbox outbox;

    // ---------------------------------------------------------------- the operations, per bundle

    @Test
    public void profilesStopAndStart() throws Exception {
        stopAndStart(PROFILES);
    }

    @Test
    public void profilesRemoveAndRestoreTheJar() throws Exception {
        removeAndRestore(PROFILES);
    }

    @Test
    public void profilesUpdateToANewBuild() throws Exception {
        update(PROFILES);
    }

    @Test
    public void mailingStopAndStart() throws Exception {
        stopAndStart(MAILING);
    }

    @Test
    public void mailingRemoveAndRestoreTheJar() throws Exception {
        removeAndRestore(MAILING);
    }

    @Test
    public void mailingUpdateToANewBuild() throws Exception {
        update(MAILING);
    }

    @Test
    public void restStopAndStart() throws Exception {
        stopAndStart(REST);
    }

    @Test
    public void restRemoveAndRestoreTheJar() throws Exception {
        removeAndRestore(REST);
    }

    @Test
    public void restUpdateToANewBuild() throws Exception {
        update(REST);
    }

    @Test
    public void hostStopAndStart() throws Exception {
        stopAndStart(HOST);
    }

    @Test
    public void hostRemoveAndRestoreTheJar() throws Exception {
        removeAndRestore(HOST);
    }

    @Test
    public void hostUpdateToANewBuild() throws Exception {
        update(HOST);
    }

    @Test
    public void webStopAndStart() throws Exception {
        stopAndStart(WEB);
    }

    @Test
    public void webRemoveAndRestoreTheJar() throws Exception {
        removeAndRestore(WEB);
    }

    @Test
    public void webUpdateToANewBuild() throws Exception {
        update(WEB);
    }

    /**
     * A lost publication heals by itself (collab-boot's RestRepublisher, with its grace and spacing
     * shortened to 2 and 4 s): the whiteboard is stopped for good, so its state is gone while
     * collab-rest and its application service stay; health probes meet the fallback's 503; the
     * republisher restarts collab-rest, which does not help, and then the whiteboard, which
     * publishes the application again.
     */
    @Test
    public void aLostPublicationHealsByItself() throws Exception {
        Bundle whiteboard = Await.bundle(context, WHITEBOARD);
        assertNotNull(WHITEBOARD + " is installed", whiteboard);
        ServiceReference<ConfigurationAdmin> cm = context.getServiceReference(ConfigurationAdmin.class);
        Configuration timing = context.getService(cm).getConfiguration("dev.collab.boot.republisher", "?");
        try {
            timing.update(new Hashtable<>(Map.of("graceSeconds", 2L, "spacingSeconds", 4L)));
            awaitAnswer(Http.anonymous(), "/health", 200, WAIT);
            // persistently: only the republisher's own (transient) start can bring it back
            whiteboard.stop();
            awaitUnavailable(Http.anonymous(), "/openapi.json");
            awaitAnswer(Http.anonymous(), "/health", 200, WAIT);
            assertEquals("the republisher started the whiteboard again", Bundle.ACTIVE, whiteboard.getState());
            expectServing(REST);
        } finally {
            timing.delete();
            whiteboard.start();
            context.ungetService(cm);
        }
        assertDataSurvives();
    }

    /**
     * The heal of last resort (collab-boot's RestRepublisher, when restarting collab-rest did not
     * bring a lost publication back): the JAX-RS whiteboard restarted. Meanwhile the API answers
     * 503 problem+json; afterwards the application is published again, with its data.
     */
    @Test
    public void whiteboardStopAndStart() throws Exception {
        Bundle whiteboard = Await.bundle(context, WHITEBOARD);
        assertNotNull(WHITEBOARD + " is installed", whiteboard);
        whiteboard.stop(Bundle.STOP_TRANSIENT);
        try {
            awaitUnavailable(Http.anonymous(), "/openapi.json");
            whiteboard.start(Bundle.START_TRANSIENT);
            awaitAnswer(Http.anonymous(), "/health", 200, WAIT);
            expectServing(REST);
        } finally {
            if (whiteboard.getState() != Bundle.ACTIVE) {
                whiteboard.start(Bundle.START_TRANSIENT);
            }
        }
        assertDataSurvives();
    }

    // ---------------------------------------------------------------- the three operations

    /** Bundle.stop(): its endpoints 503, the others answer; Bundle.start(): back, data intact. */
    private void stopAndStart(String name) throws Exception {
        String browser = webSignIn();
        Bundle bundle = Await.bundle(context, name);
        assertNotNull(name + " is installed", bundle);
        bundle.stop();
        try {
            assertEquals(Bundle.RESOLVED, bundle.getState());
            String pending = expectOut(name);
            bundle.start();
            expectBack(name, pending);
        } finally {
            if (bundle.getState() != Bundle.ACTIVE) {
                bundle.start();
            }
        }
        assertDataSurvives();
        assertWebSignedIn(browser);
    }

    /** The jar leaves the deploy folder (FileInstall uninstalls) and comes back (installs again). */
    private void removeAndRestore(String name) throws Exception {
        String browser = webSignIn();
        Bundle before = Await.bundle(context, name);
        assertNotNull(name + " is installed", before);
        long oldId = before.getBundleId();
        Path jar = jarOf(name);
        Path parked = parking().resolve(jar.getFileName());
        Files.move(jar, parked);
        try {
            Await.until(name + " to be uninstalled after its jar left the deploy folder", WAIT,
                () -> Await.bundle(context, name) == null);
            String pending = expectOut(name);
            Files.move(parked, jar);
            Await.until(name + " to be installed and active again from the restored jar", WAIT, () -> {
                Bundle now = Await.bundle(context, name);
                return now != null && now.getBundleId() != oldId && now.getState() == Bundle.ACTIVE;
            });
            expectBack(name, pending);
        } finally {
            if (!Files.exists(jar) && Files.exists(parked)) {
                Files.move(parked, jar);
            }
        }
        assertDataSurvives();
        assertWebSignedIn(browser);
    }

    /** A new file over the old jar (new modification time): FileInstall updates the bundle in place. */
    private void update(String name) throws Exception {
        String browser = webSignIn();
        Bundle before = Await.bundle(context, name);
        assertNotNull(name + " is installed", before);
        long id = before.getBundleId();
        long oldModified = before.getLastModified();
        Path jar = jarOf(name);
        Path build = parking().resolve("new-build-" + jar.getFileName());
        Files.copy(jar, build, StandardCopyOption.REPLACE_EXISTING);
        long mtime = Math.max(System.currentTimeMillis(), Files.getLastModifiedTime(jar).toMillis() + 2000);
        Files.setLastModifiedTime(build, FileTime.fromMillis(mtime));
        Files.move(build, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        Await.until(name + " to be updated by FileInstall and active again", WAIT, () -> {
            Bundle now = Await.bundle(context, name);
            return now != null && now.getLastModified() != oldModified && now.getState() == Bundle.ACTIVE;
        });
        Bundle after = Await.bundle(context, name);
        assertEquals(name + " was updated in place, not installed anew", id, after.getBundleId());
        assertTrue(name + " has a newer lastModified", after.getLastModified() > oldModified);
        Await.suiteActive(context);
        Await.health(200);
        expectServing(name);
        if (MAILING.equals(name)) {
            // the new build mails too
            String email = invite("after-update");
            Await.until("the .eml of " + email + " from the updated mailing bundle", WAIT, () -> outbox.count(email) == 1);
        }
        assertDataSurvives();
        assertWebSignedIn(browser);
    }

    // ---------------------------------------------------------------- while out, and back

    /**
     * What must hold while {@code name} is out.
     *
     * @return for the mailing bundle, the e-mail invited meanwhile (mailed once it is back)
     */
    private String expectOut(String name) throws Exception {
        switch (name) {
            case PROFILES -> {
                awaitUnavailable(Http.support(), "/tenants/" + TENANT);
                assertUnavailable(admin().get(path("/profiles")));
                assertUnavailable(gf().get(path("/me")));
                assertHealthMissing("database", "tenants", "collab-profiles");
                // the screens' sessions are in the core's database: the screens answer 503 meanwhile
                Http.Response screen = pollPage("/", r -> r.status() == 503, WAIT);
                assertTrue(screen.toString(), screen.raw().body().contains("id=\"unavailable\""));
                assertOpenApiServed();
                return null;
            }
            case MAILING -> {
                assertHealthMissing("mailing", "collab-invitations");
                assertProfilesListed();
                assertAllowed();
                String email = invite("while-mailing-out");
                Thread.sleep(1500);
                assertEquals("a mail to " + email + " was written while the mailing bundle was out", 0, outbox.count(email));
                return email;
            }
            case REST -> {
                awaitUnavailable(Http.anonymous(), "/openapi.json");
                assertUnavailable(Http.support().get("/tenants/" + TENANT));
                assertUnavailable(admin().get(path("/profiles")));
                assertUnavailable(gf().get(path("/me/delegates")));
                assertUnavailable(Http.anonymous().get("/invitations/" + "x".repeat(43)));
                Http.Response health = Http.anonymous().get("/health");
                assertEquals(health.toString(), 503, health.status());
                assertTrue(health.toString(), health.contentType().startsWith("application/json"));
                assertTrue(health.toString(), contains(health.json().get("missing"), "collab-rest"));
                assertEquals(health.toString(), 1, health.json().get("missing").size());
                // the screens do not need the REST bundle
                assertEquals(200, page("/").status());
                // the bundles behind the REST API keep serving in-process (checked by name: no API type here)
                assertNotNull(context.getServiceReference("dev.collab.api.access.AccessDecisions"));
                assertNotNull(context.getServiceReference("dev.collab.api.tenants.TenantService"));
                return null;
            }
            case WEB -> {
                // the screens' paths answer the boot's 503 page, the mailed link included; the API is unaffected
                Http.Response page = pollPage("/", r -> r.status() == 503, WAIT);
                assertTrue(page.toString(), page.contentType().startsWith("text/html"));
                assertTrue(page.toString(), page.raw().body().contains("id=\"unavailable\""));
                assertEquals(503, page("/register?token=" + "x".repeat(43)).status());
                assertHealthMissing("web", "collab-web");
                assertProfilesListed();
                assertAllowed();
                assertOpenApiServed();
                return null;
            }
            case HOST -> {
                awaitUnavailable(admin(), path("/customers"));
                assertUnavailable(gf().get(path("/me/messages")));
                assertHealthMissing("customers", "mailbox", "collab-host");
                assertProfilesListed();
                assertAllowed();
                assertOpenApiServed();
                Http.Response tenant = Http.support().get("/tenants/" + TENANT);
                assertEquals(tenant.toString(), 200, tenant.status());
                return null;
            }
            default -> throw new IllegalArgumentException(name);
        }
    }

    /** Back to serving within a few seconds; for the mailing bundle, the pending invitation is mailed. */
    private void expectBack(String name, String pendingMail) {
        Await.until("the suite to be active again after " + name + " returned", WAIT,
            () -> Await.SUITE.stream().map(n -> Await.bundle(context, n)).allMatch(b -> b != null && b.getState() == Bundle.ACTIVE));
        awaitAnswer(Http.anonymous(), "/health", 200, Duration.ofSeconds(30));
        expectServing(name);
        if (pendingMail != null) {
            Await.until("the .eml of " + pendingMail + ", invited while the mailing bundle was out", WAIT,
                () -> outbox.count(pendingMail) >= 1);
            assertTrue("the token of the late mail to " + pendingMail + " is in it", outbox.token(pendingMail) != null);
            Http.Response info = Http.anonymous().get("/invitations/" + outbox.token(pendingMail));
            assertEquals(info.toString(), 200, info.status());
            assertEquals(1, outbox.count(pendingMail));
        }
    }

    /** The endpoints that depend on {@code name} answer 200 again. */
    private void expectServing(String name) {
        switch (name) {
            case PROFILES -> {
                awaitAnswer(Http.support(), "/tenants/" + TENANT, 200, WAIT);
                assertProfilesListed();
            }
            case MAILING -> assertProfilesListed();
            case REST -> {
                awaitAnswer(Http.anonymous(), "/openapi.json", 200, WAIT);
                assertProfilesListed();
                assertAllowed();
            }
            case WEB -> {
                Http.Response page = pollPage("/", r -> r.status() == 200, WAIT);
                assertTrue(page.toString(), page.raw().body().contains("id=\"login\""));
                assertProfilesListed();
            }
            case HOST -> {
                JsonNode customers = awaitAnswer(admin(), path("/customers"), 200, WAIT).json();
                assertEquals(customers.toString(), 3, customers.get("items").size());
                awaitAnswer(gf(), path("/me/messages"), 200, WAIT);
            }
            default -> throw new IllegalArgumentException(name);
        }
    }

    // ---------------------------------------------------------------- the data of the start

    @Before
    public void seedOnce() {
        outbox = Outbox.of(dataDir());
        if (grantId != null) {
            return;
        }
        Http admin = TenantSeed.tenantWithAdmin(Http.support(), TENANT, "Live Makler", new Login(ADMIN, ADMIN_PASSWORD));
        TenantSeed.customers(admin, TENANT, "A", "B", "C");
        assertEquals(201, admin.post(path("/profiles"),
            "{\"name\":\"MA\",\"rights\":[\"contracts.view\",\"documents.view\"],\"delegableProfiles\":[]}").status());
        Http.Response gfProfile = admin.post(path("/profiles"),
            "{\"name\":\"GF\",\"rights\":[\"contracts.view\",\"claims.view\"],\"delegableProfiles\":[\"MA\"]}");
        assertEquals(gfProfile.toString(), 201, gfProfile.status());
        Http.Response grant = admin.post(path("/grants"), "{\"name\":\"Müller GmbH\",\"profile\":\"GF\","
            + "\"customers\":[\"A\",\"B\",\"C\"],\"separateDelegateGrants\":true,\"email\":\"" + GF + "\"}");
        assertEquals(grant.toString(), 201, grant.status());

        Await.until("the invitation mail of " + GF, WAIT, () -> outbox.token(GF) != null);
        Http.Response accepted = Http.anonymous().post("/invitations/" + outbox.token(GF) + "/accept",
            "{\"password\":\"" + GF_PASSWORD + "\"}");
        assertEquals(accepted.toString(), 200, accepted.status());
        Http.Response delegate = gf().post(path("/me/delegates"),
            "{\"email\":\"" + FIRST_DELEGATE + "\",\"profile\":\"MA\",\"customers\":[\"B\"]}");
        assertEquals(delegate.toString(), 201, delegate.status());

        profileId = gfProfile.json().get("id").asText();
        grantId = grant.json().get("id").asText();
        assertDataSurvives();
    }

    /** Tenant, profile, grant with its member, delegate, customers and the access they give: all still there. */
    private void assertDataSurvives() {
        JsonNode tenant = awaitAnswer(Http.support(), "/tenants/" + TENANT, 200, WAIT).json();
        assertTrue(tenant.toString(), tenant.get("features").get("delegatedAccess").asBoolean());
        Http admin = admin();
        Http.Response profile = admin.get(path("/profiles/" + profileId));
        assertEquals(profile.toString(), 200, profile.status());
        assertEquals("GF", profile.json().get("name").asText());
        assertTrue(profile.toString(), contains(profile.json().get("rights"), "claims.view"));
        Http.Response grant = admin.get(path("/grants/" + grantId));
        assertEquals(grant.toString(), 200, grant.status());
        assertEquals("Müller GmbH", grant.json().get("name").asText());
        assertEquals(grant.toString(), GF, grant.json().get("members").get(0).get("email").asText());
        assertEquals(3, grant.json().get("members").get(0).get("customers").size());
        Http.Response delegates = gf().get(path("/me/delegates?limit=500"));
        assertEquals(delegates.toString(), 200, delegates.status());
        assertTrue(delegates.toString(), delegates.raw().body().contains(FIRST_DELEGATE));
        Http.Response customers = admin.get(path("/customers"));
        assertEquals(customers.toString(), 200, customers.status());
        assertEquals(customers.toString(), 3, customers.json().get("items").size());
        assertAllowed();
    }

    // ---------------------------------------------------------------- checks

    private void assertProfilesListed() {
        Http.Response profiles = admin().get(path("/profiles"));
        assertEquals(profiles.toString(), 200, profiles.status());
        assertTrue(profiles.toString(), profiles.raw().body().contains("\"GF\"") && profiles.raw().body().contains("\"MA\""));
    }

    private void assertAllowed() {
        Http.Response allowed = admin().get(path("/access?user=" + GF + "&customer=A&right=claims.view"));
        assertEquals(allowed.toString(), 200, allowed.status());
        assertTrue(allowed.toString(), allowed.json().get("allowed").asBoolean());
        Http.Response denied = admin().get(path("/access?user=" + GF + "&customer=A&right=documents.view"));
        assertEquals(denied.toString(), 200, denied.status());
        assertTrue(denied.toString(), !denied.json().get("allowed").asBoolean());
    }

    private static void assertOpenApiServed() {
        Http.Response doc = Http.anonymous().get("/openapi.json");
        assertEquals(doc.toString(), 200, doc.status());
        assertTrue(doc.json().get("openapi").asText().startsWith("3."));
    }

    /** /health answers 503 (JSON) and names at least one of {@code names} as missing. */
    private static void assertHealthMissing(String... names) {
        Http.Response health = awaitAnswer(Http.anonymous(), "/health", 503, WAIT);
        assertTrue(health.toString(), health.contentType().startsWith("application/json"));
        JsonNode missing = health.json().get("missing");
        for (String name : names) {
            if (contains(missing, name)) {
                return;
            }
        }
        fail("/health does not name any of " + List.of(names) + " as missing: " + health);
    }

    private static void assertUnavailable(Http.Response response) {
        assertEquals(response.toString(), 503, response.status());
        assertTrue(response.toString(), response.contentType().startsWith("application/problem+json"));
        assertEquals(response.toString(), 503, response.json().get("status").asInt());
        assertTrue(response.toString(), response.json().hasNonNull("title"));
    }

    /** Waits for a 503 problem+json; only the previous 200 may be seen on the way. */
    private static void awaitUnavailable(Http http, String path) {
        Http.Response answer = poll(http, path, r -> r.status() == 503 && r.contentType().startsWith("application/problem+json"), WAIT);
        assertUnavailable(answer);
    }

    /** Waits for {@code status}; on the way, only 200 and 503 problem+json (or the 503 JSON of /health) may be seen. */
    private static Http.Response awaitAnswer(Http http, String path, int status, Duration timeout) {
        return poll(http, path, r -> r.status() == status, timeout);
    }

    private static Http.Response poll(Http http, String path, Predicate<Http.Response> done, Duration timeout) {
        List<String> unexpected = new ArrayList<>();
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Http.Response response = http.get(path);
            if (done.test(response)) {
                assertTrue("GET " + path + " answered neither 200 nor 503 problem+json on the way: " + unexpected,
                    unexpected.isEmpty());
                return response;
            }
            boolean transitional = response.status() == 200 || response.status() == 503
                && (response.contentType().startsWith("application/problem+json")
                    || path.equals("/health") && response.contentType().startsWith("application/json"));
            if (!transitional && unexpected.size() < 5) {
                unexpected.add(response.status() + " " + response.contentType() + " " + abbreviate(response.raw().body()));
            }
            if (System.nanoTime() > end) {
                fail("Gave up after " + timeout.toSeconds() + " s waiting for GET " + path + "; last answer: " + response
                    + "; unexpected answers on the way: " + unexpected);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for GET " + path, e);
            }
        }
    }

    /** A screen under /collab/, next to the API's base. */
    /** Signs the GF in through the screens' sign-in form: the session cookie. */
    private static String webSignIn() {
        HttpResponse<String> form = screen("/", null, null);
        assertEquals(form.body(), 200, form.statusCode());
        Matcher csrf = CSRF.matcher(form.body());
        assertTrue(form.body(), csrf.find());
        HttpResponse<String> signedIn = screen("/login", sessionCookie(form), "_csrf=" + URLEncoder.encode(csrf.group(1), UTF_8)
            + "&tenant=" + TENANT + "&email=" + URLEncoder.encode(GF, UTF_8) + "&password=" + URLEncoder.encode(GF_PASSWORD, UTF_8));
        assertEquals(signedIn.body(), 303, signedIn.statusCode());
        return sessionCookie(signedIn);
    }

    private static void assertWebSignedIn(String session) {
        HttpResponse<String> page = screen("/delegates", session, null);
        assertEquals("signed in after the operation: " + page.headers().map() + page.body(), 200, page.statusCode());
        assertTrue(page.body(), page.body().contains(GF));
    }

    private static String sessionCookie(HttpResponse<String> response) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            if (header.startsWith("collab_session=")) {
                return header.substring("collab_session=".length(), header.indexOf(';'));
            }
        }
        throw new AssertionError("no session cookie: " + response.headers().map());
    }

    /** A GET (form null) or a form POST to the screens with the session cookie (if any); redirects are not followed. */
    private static HttpResponse<String> screen(String below, String session, String form) {
        String screens = Await.baseUrl().replaceFirst("/api/v1/?$", "");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(screens + below)).timeout(Duration.ofSeconds(30));
        if (session != null) {
            request.header("Cookie", "collab_session=" + session);
        }
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        }
        try {
            return PAGES.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
        } catch (Exception e) {
            throw new AssertionError((form == null ? "GET " : "POST ") + screens + below + " failed: " + e, e);
        }
    }

    private static Http.Response page(String below) {
        String screens = Await.baseUrl().replaceFirst("/api/v1/?$", "");
        try {
            return new Http.Response(PAGES.send(HttpRequest.newBuilder(URI.create(screens + below))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()));
        } catch (Exception e) {
            throw new AssertionError("GET " + screens + below + " failed: " + e, e);
        }
    }

    private static Http.Response pollPage(String below, Predicate<Http.Response> done, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        Http.Response last = null;
        while (System.nanoTime() < end) {
            last = page(below);
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("the screen " + below + " did not answer as expected within " + timeout + ": " + last);
    }

    private static boolean contains(JsonNode array, String value) {
        if (array == null) {
            return false;
        }
        for (JsonNode element : array) {
            if (value.equals(element.asText())) {
                return true;
            }
        }
        return false;
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() <= 200 ? body : body.substring(0, 200) + "…";
    }

    // ---------------------------------------------------------------- helpers

    private String invite(String label) {
        String email = label + "-" + INVITES.incrementAndGet() + "@live.example";
        Http.Response invited = gf().post(path("/me/delegates"),
            "{\"email\":\"" + email + "\",\"profile\":\"MA\",\"customers\":[\"B\"]}");
        assertEquals(invited.toString(), 201, invited.status());
        return email;
    }

    private static String path(String below) {
        return "/tenants/" + TENANT + below;
    }

    private static Http admin() {
        return Http.as(ADMIN, ADMIN_PASSWORD);
    }

    private static Http gf() {
        return Http.as(GF, GF_PASSWORD);
    }

    private static Path dataDir() {
        return Path.of(System.getProperty("collab.data.dir"));
    }

    /** The jar of a suite bundle in the deploy folder: deploy/collab-rest.jar for dev.collab.collab-rest. */
    private static Path jarOf(String symbolicName) {
        Path jar = dataDir().resolve("deploy").resolve(symbolicName.substring("dev.collab.".length()) + ".jar");
        assertTrue(jar + " exists", Files.isRegularFile(jar));
        return jar;
    }

    /** A folder next to (not inside) the deploy folder, where jars wait while they are out. */
    private static Path parking() throws IOException {
        return Files.createDirectories(dataDir().resolve("parked"));
    }
}
