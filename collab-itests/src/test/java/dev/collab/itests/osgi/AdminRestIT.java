package dev.collab.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The admin's later work over HTTP (issue 11): rename and delete a grant, add a member, resend a
 * pending member's invitation, the tenant's admins, the filtered audit trail and its CSV; each
 * with the actor × tenant checks (another tenant's ids are unknown, a portal user is refused).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AdminRestIT extends CollabIT {
    private static final String ADMIN_PASSWORD = "broker admin password";
    private static final String GF_PASSWORD = "gf password 12345";

    private TokenCatcher tokens;

    @Before
    public void catchTokens() {
        tokens = TokenCatcher.register(context);
    }

    @After
    public void stopCatching() {
        tokens.close();
    }

    private static String admin(String tenant) {
        return "admin@" + tenant + ".example";
    }

    private static Http asAdmin(String tenant) {
        return Http.as(admin(tenant), ADMIN_PASSWORD);
    }

    /** A tenant with profiles GF (delegating MA) and MA, customers A, B, C, and the GF registered on grant "Müller GmbH". */
    private String[] seed(String t) {
        Http support = Http.support();
        assertEquals(201, support.put("/tenants/" + t, "{\"name\":\"Makler " + t + "\"}").status());
        assertEquals(200, support.put("/tenants/" + t + "/features/delegatedAccess", "{\"enabled\":true}").status());
        assertEquals(201, support.post("/tenants/" + t + "/admins",
            "{\"email\":\"" + admin(t) + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}").status());
        Http admin = asAdmin(t);
        for (String c : new String[] {"A", "B", "C"}) {
            assertEquals(201, admin.put("/tenants/" + t + "/customers/" + c, "{\"name\":\"Kunde " + c + "\"}").status());
        }
        assertEquals(201, admin.post("/tenants/" + t + "/profiles",
            "{\"name\":\"MA\",\"rights\":[\"contracts.view\"],\"delegableProfiles\":[]}").status());
        assertEquals(201, admin.post("/tenants/" + t + "/profiles",
            "{\"name\":\"GF\",\"rights\":[\"contracts.view\",\"claims.view\"],\"delegableProfiles\":[\"MA\"]}").status());
        Http.Response grant = admin.post("/tenants/" + t + "/grants", "{\"name\":\"Müller GmbH\",\"profile\":\"GF\","
            + "\"customers\":[\"A\",\"B\",\"C\"],\"separateDelegateGrants\":true,\"email\":\"gf@" + t + ".example\"}");
        assertEquals(grant.toString(), 201, grant.status());
        register("gf@" + t + ".example", GF_PASSWORD);
        return new String[] {grant.json().get("id").asText(), grant.json().get("members").get(0).get("userId").asText()};
    }

    private void register(String email, String password) {
        Http.Response accepted = Http.anonymous().post("/invitations/" + tokens.token(email) + "/accept",
            "{\"password\":\"" + password + "\"}");
        assertEquals(accepted.toString(), 200, accepted.status());
    }

    /** The newest token mailed to the e-mail once it differs from {@code previous}. */
    private String newToken(String email, String previous) {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            String token = tokens.token(email);
            if (!token.equals(previous)) {
                return token;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no new invitation mail reached " + email);
    }

    private static void assertProblem(Http.Response response, int status) {
        assertEquals(response.toString(), status, response.status());
        assertTrue(response.toString(), response.contentType().startsWith("application/problem+json"));
    }

    private static List<String> names(JsonNode items, String field) {
        List<String> result = new ArrayList<>();
        items.forEach(i -> result.add(i.get(field).asText()));
        return result;
    }

    @Test
    public void renamingAGrantRenamesItsDelegateGrantsAndDeletingItKeepsTheLogins() {
        String[] seeded = seed("ren");
        String grantId = seeded[0];
        Http admin = asAdmin("ren");
        Http gf = Http.as("gf@ren.example", GF_PASSWORD);
        assertEquals(201, gf.post("/tenants/ren/me/delegates",
            "{\"email\":\"ma@ren.example\",\"profile\":\"MA\",\"customers\":[\"B\"]}").status());
        register("ma@ren.example", "ma password 12345");

        Http.Response renamed = admin.put("/tenants/ren/grants/" + grantId + "/name", "{\"name\":\"Müller AG\"}");
        assertEquals(renamed.toString(), 200, renamed.status());
        assertEquals("Müller AG", renamed.json().get("name").asText());
        assertEquals(List.of("Müller AG", "Müller AG/ma@ren.example"), names(admin.get("/tenants/ren/grants").json().get("items"), "name"));
        String childId = admin.get("/tenants/ren/grants").json().get("items").get(1).get("id").asText();
        assertProblem(admin.put("/tenants/ren/grants/" + childId + "/name", "{\"name\":\"Eigen\"}"), 409);
        assertProblem(admin.put("/tenants/ren/grants/" + grantId + "/name", "{\"name\":\"a/b\"}"), 400);
        assertProblem(admin.put("/tenants/ren/grants/" + grantId + "/name", "{}"), 400);

        // another tenant's admin: this grant is unknown on their own paths, and their login does not exist here
        seed("ren2");
        Http other = asAdmin("ren2");
        assertProblem(other.put("/tenants/ren2/grants/" + grantId + "/name", "{\"name\":\"X\"}"), 404);
        assertProblem(other.delete("/tenants/ren2/grants/" + grantId), 404);
        assertProblem(other.put("/tenants/ren/grants/" + grantId + "/name", "{\"name\":\"X\"}"), 401);
        // a portal user of the tenant is not an admin
        assertProblem(gf.put("/tenants/ren/grants/" + grantId + "/name", "{\"name\":\"X\"}"), 403);
        assertProblem(gf.delete("/tenants/ren/grants/" + grantId), 403);

        assertEquals(204, admin.delete("/tenants/ren/grants/" + grantId).status());
        assertEquals(0, admin.get("/tenants/ren/grants").json().get("items").size());
        assertProblem(admin.get("/tenants/ren/grants/" + childId), 404);
        assertFalse(admin.get("/tenants/ren/access?user=ma@ren.example&customer=B&right=contracts.view").json().get("allowed").asBoolean());
        // logins and mailboxes stay
        assertEquals(200, gf.get("/tenants/ren/me/messages").status());
        assertEquals(0, gf.get("/tenants/ren/me").json().get("memberships").size());
        JsonNode audit = admin.get("/tenants/ren/audit?action=member.removed").json().get("items");
        assertEquals(List.of("member.removed", "member.removed.cascade"), names(audit, "action"));
    }

    @Test
    public void anAdminAddsAMemberAndResendsAPendingInvitation() {
        String[] seeded = seed("add");
        String grantId = seeded[0];
        Http admin = asAdmin("add");
        Http.Response added = admin.post("/tenants/add/grants/" + grantId + "/members",
            "{\"email\":\"prokurist@add.example\",\"customers\":[\"B\"]}");
        assertEquals(added.toString(), 201, added.status());
        JsonNode member = null;
        for (JsonNode m : added.json().get("members")) {
            if (m.get("email").asText().equals("prokurist@add.example")) {
                member = m;
            }
        }
        assertEquals("INVITED", member.get("status").asText());
        String userId = member.get("userId").asText();
        assertTrue(added.header("Location").endsWith("/grants/" + grantId + "/members/" + userId));
        assertProblem(admin.post("/tenants/add/grants/" + grantId + "/members",
            "{\"email\":\"Prokurist@add.example\",\"customers\":[\"A\"]}"), 409);
        assertProblem(admin.post("/tenants/add/grants/" + grantId + "/members", "{\"email\":\"x@add.example\",\"customers\":[\"Z\"]}"), 400);
        assertProblem(admin.post("/tenants/add/grants/" + grantId + "/members", "{\"email\":\"x@add.example\"}"), 400);

        String first = tokens.token("prokurist@add.example");
        Http.Response resent = admin.post("/tenants/add/grants/" + grantId + "/members/" + userId + "/resend", null);
        assertEquals(resent.toString(), 202, resent.status());
        assertTrue(Instant.parse(resent.json().get("expiresAt").asText()).isAfter(Instant.now()));
        String second = newToken("prokurist@add.example", first);
        assertNotEquals(first, second);
        assertEquals(410, Http.anonymous().get("/invitations/" + first).status());
        register("prokurist@add.example", "prokurist password 1");
        assertTrue(admin.get("/tenants/add/access?user=prokurist@add.example&customer=B&right=claims.view").json().get("allowed").asBoolean());
        assertProblem(admin.post("/tenants/add/grants/" + grantId + "/members/" + userId + "/resend", null), 409);
        assertProblem(admin.post("/tenants/add/grants/" + grantId + "/members/nobody/resend", null), 404);

        seed("add2");
        Http other = asAdmin("add2");
        assertProblem(other.post("/tenants/add2/grants/" + grantId + "/members", "{\"email\":\"y@add.example\",\"customers\":[\"A\"]}"), 404);
        assertProblem(other.post("/tenants/add2/grants/" + grantId + "/members/" + userId + "/resend", null), 404);
        Http gf = Http.as("gf@add.example", GF_PASSWORD);
        assertProblem(gf.post("/tenants/add/grants/" + grantId + "/members", "{\"email\":\"y@add.example\",\"customers\":[\"A\"]}"), 403);
        assertProblem(gf.post("/tenants/add/grants/" + grantId + "/members/" + userId + "/resend", null), 403);
    }

    @Test
    public void aTenantsAdminsAreListedAddedAndRemovedButNeverTheLast() {
        seed("adm");
        seed("adm2");
        Http admin = asAdmin("adm");
        JsonNode list = admin.get("/tenants/adm/admins").json();
        assertEquals(List.of(admin("adm")), names(list.get("items"), "email"));
        String firstId = list.get("items").get(0).get("id").asText();
        assertProblem(admin.delete("/tenants/adm/admins/" + firstId), 409);

        Http.Response second = admin.post("/tenants/adm/admins", "{\"email\":\"zweite@adm.example\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
        assertEquals(second.toString(), 201, second.status());
        assertEquals(2, Http.support().get("/tenants/adm/admins").json().get("items").size());
        Http zweite = Http.as("zweite@adm.example", ADMIN_PASSWORD);
        assertEquals(200, zweite.get("/tenants/adm/grants").status());

        String adm2Admin = asAdmin("adm2").get("/tenants/adm2/admins").json().get("items").get(0).get("id").asText();
        assertProblem(admin.delete("/tenants/adm/admins/" + adm2Admin), 404);
        assertProblem(asAdmin("adm2").get("/tenants/adm/admins"), 401);
        Http gf = Http.as("gf@adm.example", GF_PASSWORD);
        assertProblem(gf.get("/tenants/adm/admins"), 403);
        assertProblem(gf.delete("/tenants/adm/admins/" + firstId), 403);
        assertProblem(gf.post("/tenants/adm/admins", "{\"email\":\"me@adm.example\",\"password\":\"" + ADMIN_PASSWORD + "\"}"), 403);

        assertEquals(204, zweite.delete("/tenants/adm/admins/" + firstId).status());
        assertProblem(admin.get("/tenants/adm/grants"), 401);
        assertEquals(List.of("zweite@adm.example"), names(Http.support().get("/tenants/adm/admins").json().get("items"), "email"));
        String zweiteId = Http.support().get("/tenants/adm/admins").json().get("items").get(0).get("id").asText();
        assertProblem(Http.support().delete("/tenants/adm/admins/" + zweiteId), 409);
        JsonNode audit = zweite.get("/tenants/adm/audit?action=admin").json().get("items");
        assertEquals(List.of("admin.created", "admin.created", "admin.removed"), names(audit, "action"));
    }

    @Test
    public void theAuditTrailIsFilteredAndDownloadedAsCsv() {
        seed("aud");
        Http admin = asAdmin("aud");
        Instant middle = Instant.now();
        Http gf = Http.as("gf@aud.example", GF_PASSWORD);
        assertEquals(201, gf.post("/tenants/aud/me/delegates",
            "{\"email\":\"=cmd@aud.example\",\"profile\":\"MA\",\"customers\":[\"B\"]}").status());

        JsonNode all = admin.get("/tenants/aud/audit").json().get("items");
        JsonNode late = admin.get("/tenants/aud/audit?from=" + middle).json().get("items");
        JsonNode early = admin.get("/tenants/aud/audit?to=" + middle).json().get("items");
        assertEquals(all.size(), late.size() + early.size());
        assertEquals(List.of("delegate.invited"), names(late, "action"));
        List<String> byGf = names(admin.get("/tenants/aud/audit?actor=GF@AUD").json().get("items"), "actor");
        assertFalse(byGf.isEmpty());
        assertTrue(byGf.toString(), byGf.stream().allMatch("user:gf@aud.example"::equals));
        assertEquals(List.of("=cmd@aud.example"), names(admin.get("/tenants/aud/audit?target=cmd").json().get("items"), "target"));
        JsonNode page = admin.get("/tenants/aud/audit?action=profile&limit=1").json();
        assertEquals(List.of("profile.created"), names(page.get("items"), "action"));
        JsonNode next = admin.get("/tenants/aud/audit?action=profile&limit=1&cursor=" + page.get("nextCursor").asText()).json();
        assertEquals(List.of("profile.created"), names(next.get("items"), "action"));
        assertTrue(next.get("nextCursor").isNull());
        assertProblem(admin.get("/tenants/aud/audit?from=yesterday"), 400);
        assertProblem(admin.get("/tenants/aud/audit?from=" + middle + "&to=" + middle), 400);

        Http.Response csv = admin.accepting("text/csv").get("/tenants/aud/audit?target=cmd");
        assertEquals(csv.toString(), 200, csv.status());
        assertTrue(csv.contentType(), csv.contentType().startsWith("text/csv"));
        assertTrue(csv.header("Content-Disposition").contains("audit-aud.csv"));
        String[] lines = csv.raw().body().split("\r\n");
        assertEquals("id,at,actor,action,target,details", lines[0]);
        assertEquals(2, lines.length);
        assertTrue(lines[1], lines[1].contains(",delegate.invited,'=cmd@aud.example,\"profile MA, grant"));
        Http.Response whole = admin.accepting("text/csv").get("/tenants/aud/audit");
        assertEquals(all.size() + 1, whole.raw().body().split("\r\n").length);
        assertTrue("JSON stays the default", admin.accepting("*/*").get("/tenants/aud/audit").contentType().startsWith("application/json"));

        assertProblem(gf.get("/tenants/aud/audit"), 403);
        assertProblem(gf.accepting("text/csv").get("/tenants/aud/audit"), 403);
        seed("aud2");
        assertProblem(asAdmin("aud2").get("/tenants/aud/audit"), 401);
        assertEquals(List.of(), names(asAdmin("aud2").get("/tenants/aud2/audit?target=cmd").json().get("items"), "target"));
    }
}
