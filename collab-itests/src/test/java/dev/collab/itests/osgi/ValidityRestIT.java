package dev.collab.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Dictionary;
import java.util.Hashtable;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;

import dev.collab.itests.Http;
import dev.collab.itests.TenantSeed;
import dev.collab.testkit.Login;

/**
 * "gültig bis" over HTTP in the suite's real bundles: the GF invites with an end a few seconds
 * away, extends it once before it passes, and the moment the new end passes the host's decisions
 * say no, the overview says {@code EXPIRED} and extending is refused; the expiry is audited once,
 * by the first pass after the core, stopped across the end, starts again. Short ends instead of a
 * clock of the test's: the container's clock is the real one, and a few seconds are the whole wait.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ValidityRestIT extends TokenCatchingIT {
    private static final String T = "valid";
    private static final String PROFILES = "dev.collab.collab-profiles";
    private static final String ADMIN = "admin@valid.example";
    private static final String ADMIN_PASSWORD = "validity admin password";
    private static final String GF = "gf@valid.example";
    private static final String MA = "ma@valid.example";
    private static final String PASSWORD = "a long password 123";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private void register(String email) {
        Http.Response accepted = Http.anonymous().post("/invitations/" + tokens.token(email) + "/accept",
            "{\"password\":\"" + PASSWORD + "\"}");
        assertEquals(accepted.toString(), 200, accepted.status());
    }

    private static boolean allowed(String user) {
        Http.Response decision = Http.as(ADMIN, ADMIN_PASSWORD).get("/tenants/" + T + "/access?user=" + user
            + "&customer=A&right=contracts.view");
        assertEquals(decision.toString(), 200, decision.status());
        return decision.json().get("allowed").asBoolean();
    }

    private static long audited(Http admin, String action) {
        Http.Response audit = admin.get("/tenants/" + T + "/audit?limit=500");
        assertEquals(audit.toString(), 200, audit.status());
        return Http.items(audit.json()).stream().filter(e -> action.equals(e.get("action").asText())).count();
    }

    @Test
    public void accessEndsByItselfAtItsValidityUnlessExtendedBeforeAndTheEndIsAuditedOnce() throws Exception {
        Configuration reminders = context.getService(context.getServiceReference(ConfigurationAdmin.class))
            .getConfiguration("dev.collab.reminders", "?");
        Dictionary<String, Object> config = new Hashtable<>();
        config.put("intervalSeconds", 1);
        reminders.update(config);

        Http admin = TenantSeed.tenantWithAdmin(Http.support(), T, "Makler " + T, new Login(ADMIN, ADMIN_PASSWORD));
        TenantSeed.customers(admin, T, "A");
        JsonNode ma = admin.post("/tenants/" + T + "/profiles", "{\"name\":\"MA\",\"rights\":[\"contracts.view\"],"
            + "\"delegableProfiles\":[],\"maxValidityMonths\":12}").expect(201);
        assertEquals(12, ma.get("maxValidityMonths").asInt());
        admin.post("/tenants/" + T + "/profiles", "{\"name\":\"GF\",\"rights\":[\"contracts.view\"],\"delegableProfiles\":[\"MA\"]}")
            .expect(201);
        admin.post("/tenants/" + T + "/grants", "{\"name\":\"Müller GmbH\",\"profile\":\"GF\",\"customers\":[\"A\"],"
            + "\"separateDelegateGrants\":true,\"email\":\"" + GF + "\"}").expect(201);
        register(GF);
        Http gf = Http.as(GF, PASSWORD);
        assertEquals(12, gf.get("/tenants/" + T + "/me/delegation").expect(200).get("profiles").get(0).get("maxValidityMonths").asInt());

        // refusals name the field and the limit
        JsonNode beyond = gf.speaking("de").post("/tenants/" + T + "/me/delegates", "{\"email\":\"" + MA
            + "\",\"profile\":\"MA\",\"customers\":[\"A\"],\"validUntil\":\"" + Instant.now().plus(400, ChronoUnit.DAYS) + "\"}")
            .problem(400);
        assertEquals("validUntil", beyond.get("errors").get(0).get("field").asText());
        assertTrue(beyond.toString(), beyond.get("errors").get(0).get("message").asText().contains("höchstens 12 Monate"));
        gf.post("/tenants/" + T + "/me/delegates", "{\"email\":\"" + MA + "\",\"profile\":\"MA\",\"customers\":[\"A\"],"
            + "\"validUntil\":\"next friday\"}").problem(400);

        Instant end = Instant.now().plusSeconds(8).truncatedTo(ChronoUnit.SECONDS);
        JsonNode invited = gf.post("/tenants/" + T + "/me/delegates", "{\"email\":\"" + MA + "\",\"profile\":\"MA\","
            + "\"customers\":[\"A\"],\"validUntil\":\"" + end + "\"}").expect(201);
        assertEquals(end.toString(), invited.get("validUntil").asText());
        String id = invited.get("id").asText();
        register(MA);
        assertTrue(allowed(MA));

        // extended before the end: a later one; an earlier one is refused
        gf.post("/tenants/" + T + "/me/delegates/" + id + "/extend", "{\"validUntil\":\"" + end.minusSeconds(1) + "\"}").problem(400);
        Instant later = end.plusSeconds(3);
        JsonNode extended = gf.post("/tenants/" + T + "/me/delegates/" + id + "/extend", "{\"validUntil\":\"" + later + "\"}")
            .expect(200);
        assertEquals(later.toString(), extended.get("validUntil").asText());
        assertEquals("ACTIVE", extended.get("status").asText());
        assertEquals(1, audited(admin, "member.extended"));

        // the core is out while the end passes: no timer is lost, the first pass after its start records it
        Bundle core = Await.bundle(context, PROFILES);
        core.stop();
        try {
            Await.until("the new end to pass", WAIT, () -> Instant.now().isAfter(later.plusMillis(500)));
        } finally {
            core.start();
        }
        Await.suiteActive(context);
        Await.health(200);
        assertFalse("no access past the end, whether or not the pass ran", allowed(MA));
        assertTrue("the GF's own access is unlimited", allowed(GF));
        JsonNode item = Http.items(gf.get("/tenants/" + T + "/me/delegates").expect(200)).get(0);
        assertEquals("EXPIRED", item.get("status").asText());
        assertEquals(later.toString(), item.get("validUntil").asText());
        assertTrue(admin.get("/tenants/" + T + "/access/users/" + MA).expect(200).get("customers").isEmpty());
        gf.post("/tenants/" + T + "/me/delegates/" + id + "/extend", "{\"validUntil\":\"" + later.plusSeconds(3600) + "\"}")
            .problem(409);

        Await.until("member.expired in the audit", WAIT, () -> audited(admin, "member.expired") == 1);
        Thread.sleep(2000);
        assertEquals("recorded once, though the pass runs every second", 1, audited(admin, "member.expired"));

        // the admin gives the access a new end (not bound by the profile's months), then none
        String grant = item.get("grantId").asText();
        String user = item.get("userId").asText();
        Instant year = Instant.now().plus(500, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        JsonNode member = admin.put("/tenants/" + T + "/grants/" + grant + "/members/" + user + "/valid-until",
            "{\"validUntil\":\"" + year + "\"}").expect(200).get("members").get(0);
        assertEquals(year.toString(), member.get("validUntil").asText());
        assertTrue("the ended access returns", allowed(MA));
        assertTrue(admin.put("/tenants/" + T + "/grants/" + grant + "/members/" + user + "/valid-until", "{\"validUntil\":null}")
            .expect(200).get("members").get(0).get("validUntil").isNull());
        admin.put("/tenants/" + T + "/grants/" + grant + "/members/" + user + "/valid-until", "{\"validUntil\":\"2000-01-01T00:00:00Z\"}")
            .problem(400);
        assertEquals(2, audited(admin, "member.validUntil"));
    }
}
