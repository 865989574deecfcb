package dev.collab.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

import dev.collab.itests.Http;
import dev.collab.itests.TenantSeed;
import dev.collab.testkit.Login;

/**
 * "Ansprechpartner wechselt" over HTTP, in the suite's real bundles: a team leader leaves, the GF
 * hands her people to another team leader (and the admin hands the GF's people to a new GF); the
 * host's access decisions follow at once, refusals are problem+json in the caller's language.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HandOverRestIT extends TokenCatchingIT {
    private static final String ADMIN = "admin@broker.example";
    private static final String ADMIN_PASSWORD = "broker admin password";
    private static final String GF = "gf@mueller.example";
    private static final String PASSWORD = "a long password 123";

    /** GF on A, B, C hands out TL and MA; a TL hands out MA. */
    private Http seed(String tenant) {
        Http admin = TenantSeed.tenantWithAdmin(Http.support(), tenant, "Makler " + tenant, new Login(ADMIN, ADMIN_PASSWORD));
        TenantSeed.customers(admin, tenant, "A", "B", "C");
        assertEquals(201, admin.post("/tenants/" + tenant + "/profiles",
            "{\"name\":\"MA\",\"rights\":[\"contracts.view\"],\"delegableProfiles\":[]}").status());
        assertEquals(201, admin.post("/tenants/" + tenant + "/profiles",
            "{\"name\":\"TL\",\"rights\":[\"contracts.view\",\"documents.view\"],\"delegableProfiles\":[\"MA\"]}").status());
        assertEquals(201, admin.post("/tenants/" + tenant + "/profiles",
            "{\"name\":\"GF\",\"rights\":[\"contracts.view\",\"claims.view\"],\"delegableProfiles\":[\"TL\",\"MA\"]}").status());
        Http.Response grant = admin.post("/tenants/" + tenant + "/grants", "{\"name\":\"Müller GmbH\",\"profile\":\"GF\","
            + "\"customers\":[\"A\",\"B\",\"C\"],\"separateDelegateGrants\":true,\"email\":\"" + GF + "\"}");
        assertEquals(grant.toString(), 201, grant.status());
        register(GF);
        return Http.as(GF, PASSWORD);
    }

    private void register(String email) {
        Http.Response accepted = Http.anonymous().post("/invitations/" + tokens.token(email) + "/accept",
            "{\"password\":\"" + PASSWORD + "\"}");
        assertEquals(accepted.toString(), 200, accepted.status());
    }

    private String invite(Http inviter, String tenant, String email, String profile, String customers) {
        Http.Response invited = inviter.post("/tenants/" + tenant + "/me/delegates",
            "{\"email\":\"" + email + "\",\"profile\":\"" + profile + "\",\"customers\":[" + customers + "]}");
        assertEquals(invited.toString(), 201, invited.status());
        return invited.json().get("id").asText();
    }

    private static boolean allowed(String tenant, String user, String customer, String right) {
        Http.Response decision = Http.as(ADMIN, ADMIN_PASSWORD)
            .get("/tenants/" + tenant + "/access?user=" + user + "&customer=" + customer + "&right=" + right);
        assertEquals(decision.toString(), 200, decision.status());
        return decision.json().get("allowed").asBoolean();
    }

    @Test
    public void theGfHandsALeavingTeamLeadersPeopleToAnotherAndTheHostSeesItAtOnce() {
        Http gf = seed("handover");
        String tl1 = invite(gf, "handover", "tl1@mueller.example", "TL", "\"A\",\"B\"");
        register("tl1@mueller.example");
        String tl2 = invite(gf, "handover", "tl2@mueller.example", "TL", "\"B\",\"C\"");
        register("tl2@mueller.example");
        String maSolo = invite(gf, "handover", "solo@mueller.example", "MA", "\"A\"");
        register("solo@mueller.example");
        Http lead = Http.as("tl1@mueller.example", PASSWORD);
        invite(lead, "handover", "ma1@mueller.example", "MA", "\"A\",\"B\"");
        register("ma1@mueller.example");
        invite(lead, "handover", "ma2@mueller.example", "MA", "\"B\"");
        assertTrue(allowed("handover", "ma1@mueller.example", "A", "contracts.view"));

        // What the delete confirmation shows: two more people would go; tl2 and the GF can take over.
        Http.Response options = gf.get("/tenants/handover/me/delegates/" + tl1 + "/hand-over");
        assertEquals(options.toString(), 200, options.status());
        assertEquals(2, options.json().get("cascade").asInt());
        List<String> successors = new ArrayList<>();
        options.json().get("successors").forEach(s -> successors.add(s.get("email").asText()));
        assertEquals(List.of(GF, "tl2@mueller.example"), successors);

        // Refusals: problem+json, in German when asked, naming the rule; nothing moves.
        Http.Response narrower = gf.speaking("de").post("/tenants/handover/me/delegates/" + tl1 + "/hand-over",
            "{\"successorId\":\"" + maSolo + "\"}");
        assertEquals(narrower.toString(), 400, narrower.status());
        assertTrue(narrower.toString(), narrower.header("Content-Type").startsWith("application/problem+json"));
        assertEquals("successorId", narrower.json().get("errors").get(0).get("field").asText());
        assertTrue(narrower.toString(), narrower.json().get("detail").asText().contains("enger"));
        Http.Response same = gf.post("/tenants/handover/me/delegates/" + tl1 + "/hand-over", "{\"successorId\":\"" + tl1 + "\"}");
        assertEquals(same.toString(), 400, same.status());
        assertTrue(same.toString(), same.json().get("detail").asText().contains("another person"));
        assertEquals(400, gf.post("/tenants/handover/me/delegates/" + tl1 + "/hand-over", "{}").status());
        assertEquals(400, gf.post("/tenants/handover/me/delegates/" + tl1 + "/hand-over", "{\"successor\":\"x\"}").status());
        assertEquals(404, gf.post("/tenants/handover/me/delegates/nope/hand-over", "{\"successorId\":\"" + tl2 + "\"}").status());
        assertEquals(404, lead.get("/tenants/handover/me/delegates/" + tl2 + "/hand-over").status());
        assertTrue(allowed("handover", "tl1@mueller.example", "A", "documents.view"));

        Http.Response done = gf.post("/tenants/handover/me/delegates/" + tl1 + "/hand-over", "{\"successorId\":\"" + tl2 + "\"}");
        assertEquals(done.toString(), 200, done.status());
        JsonNode result = done.json();
        assertEquals("tl1@mueller.example", result.get("leaver").asText());
        assertEquals("Müller GmbH/tl2@mueller.example", result.get("successorGrant").asText());
        assertEquals(2, result.get("moved").size());
        assertEquals("Müller GmbH/tl2@mueller.example/ma1@mueller.example", result.get("moved").get(0).get("grant").asText());
        assertEquals("A", result.get("moved").get(0).get("customersDropped").get(0).asText());

        // The host's next question sees it: ma1 keeps B only (tl2 does not see A), tl1's access ended.
        assertTrue(allowed("handover", "ma1@mueller.example", "B", "contracts.view"));
        assertFalse(allowed("handover", "ma1@mueller.example", "A", "contracts.view"));
        assertFalse(allowed("handover", "tl1@mueller.example", "A", "documents.view"));
        assertFalse(allowed("handover", "tl1@mueller.example", "B", "contracts.view"));
        Http.Response via = Http.as(ADMIN, ADMIN_PASSWORD)
            .get("/tenants/handover/access?user=ma1@mueller.example&customer=B&right=contracts.view");
        assertEquals("Müller GmbH/tl2@mueller.example/ma1@mueller.example", via.json().get("via").get(0).asText());

        // ma2's pending invitation moved with her: the mailed link still works, now under tl2.
        register("ma2@mueller.example");
        assertTrue(allowed("handover", "ma2@mueller.example", "B", "contracts.view"));
        JsonNode tl2Delegates = Http.as("tl2@mueller.example", PASSWORD).get("/tenants/handover/me/delegates").json().get("items");
        assertEquals(2, tl2Delegates.size());
        assertEquals(0, lead.get("/tenants/handover/me").json().get("memberships").size());
        assertEquals(200, lead.get("/tenants/handover/me/messages").status());

        String audit = Http.as(ADMIN, ADMIN_PASSWORD).get("/tenants/handover/audit?action=member.handedOver&limit=50").json()
            .get("items").toString();
        assertTrue(audit, audit.contains("ma1@mueller.example") && audit.contains("user:" + GF));
        assertTrue(Http.as(ADMIN, ADMIN_PASSWORD).get("/tenants/handover/audit?action=member.removed&limit=50").json()
            .get("items").toString().contains("member.removed.handOver"));
    }

    @Test
    public void theAdminHandsTheGfsPeopleToANewGfOfTheSameGrant() {
        Http gf = seed("handover-admin");
        invite(gf, "handover-admin", "tl@mueller.example", "TL", "\"A\",\"C\"");
        register("tl@mueller.example");
        Http admin = Http.as(ADMIN, ADMIN_PASSWORD);
        JsonNode grant = admin.get("/tenants/handover-admin/grants").json().get("items").get(0);
        String grantId = grant.get("id").asText();
        String oldGf = grant.get("members").get(0).get("userId").asText();
        Http.Response added = admin.post("/tenants/handover-admin/grants/" + grantId + "/members",
            "{\"email\":\"gf2@mueller.example\",\"customers\":[\"A\",\"B\"]}");
        assertEquals(added.toString(), 201, added.status());
        register("gf2@mueller.example");
        String newGf = null;
        for (JsonNode m : admin.get("/tenants/handover-admin/grants/" + grantId).json().get("members")) {
            if (m.get("email").asText().equals("gf2@mueller.example")) {
                newGf = m.get("userId").asText();
            }
        }

        Http.Response options = admin.get("/tenants/handover-admin/grants/" + grantId + "/members/" + oldGf + "/hand-over");
        assertEquals(options.toString(), 200, options.status());
        assertEquals(1, options.json().get("cascade").asInt());
        assertEquals("gf2@mueller.example", options.json().get("successors").get(0).get("email").asText());
        assertEquals(403, gf.get("/tenants/handover-admin/grants/" + grantId + "/members/" + oldGf + "/hand-over").status());
        assertEquals(400, admin.post("/tenants/handover-admin/grants/" + grantId + "/members/" + oldGf + "/hand-over",
            "{\"grantId\":\"" + grantId + "\"}").status());

        Http.Response done = admin.post("/tenants/handover-admin/grants/" + grantId + "/members/" + oldGf + "/hand-over",
            "{\"grantId\":\"" + grantId + "\",\"userId\":\"" + newGf + "\"}");
        assertEquals(done.toString(), 200, done.status());
        assertEquals("Müller GmbH/tl@mueller.example", done.json().get("moved").get(0).get("grant").asText());
        assertTrue(allowed("handover-admin", "tl@mueller.example", "A", "documents.view"));
        assertFalse("gf2 does not see C", allowed("handover-admin", "tl@mueller.example", "C", "documents.view"));
        assertFalse(allowed("handover-admin", GF, "A", "contracts.view"));
        JsonNode members = admin.get("/tenants/handover-admin/grants/" + grantId).json().get("members");
        assertEquals(1, members.size());
        assertEquals("gf2@mueller.example", members.get(0).get("email").asText());
    }
}
