package dev.collab.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
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
 * The admin's later work over HTTP (issue 11): rename and delete a grant, add a member, resend a
 * pending member's invitation, the tenant's admins, the filtered audit trail and its CSV; each
 * with the actor × tenant checks (another tenant's ids are unknown, a portal user is refused).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AdminRestIT extends TokenCatchingIT {
    private static final String ADMIN_PASSWORD = "broker admin password";
    private static final String GF_PASSWORD = "gf password 12345";

    private static String admin(String tenant) {
        return "admin@" + tenant + ".example";
    }

    private static Http asAdmin(String tenant) {
        return Http.as(admin(tenant), ADMIN_PASSWORD);
    }

    /** A tenant with profiles GF (delegating MA) and MA, customers A, B, C, and the GF registered on grant "Müller GmbH". */
    private String[] seed(String t) {
        Http admin = TenantSeed.tenantWithAdmin(Http.support(), t, "Makler " + t, new Login(admin(t), ADMIN_PASSWORD));
        TenantSeed.customers(admin, t, "A", "B", "C");
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
        // an unreadable Accept-Language does not matter here (it once made the CSV choice fail with a 500)
        Http.Response hostile = admin.speaking(";;;,").get("/tenants/aud/audit");
        assertEquals(hostile.toString(), 200, hostile.status());
        assertEquals(all.size(), hostile.json().get("items").size());
        assertTrue(admin.speaking(";;;,").accepting("text/csv").get("/tenants/aud/audit").contentType().startsWith("text/csv"));

        assertProblem(gf.get("/tenants/aud/audit"), 403);
        assertProblem(gf.accepting("text/csv").get("/tenants/aud/audit"), 403);
        seed("aud2");
        assertProblem(asAdmin("aud2").get("/tenants/aud/audit"), 401);
        assertEquals(List.of(), names(asAdmin("aud2").get("/tenants/aud2/audit?target=cmd").json().get("items"), "target"));
    }

    /**
     * Issue 11: problems and right titles in the caller's language (German when Accept-Language
     * prefers it, English otherwise), with type, status, fields and ids unchanged; and the
     * tenant's time zone, shown and set by support.
     */
    @Test
    public void problemsAndRightTitlesSpeakTheCallersLanguageAndSupportSetsTheTenantsTimeZone() {
        seed("lang");
        Http admin = asAdmin("lang");
        String gf = null;
        for (JsonNode p : admin.get("/tenants/lang/profiles").json().get("items")) {
            if ("GF".equals(p.get("name").asText())) {
                gf = p.get("id").asText();
            }
        }

        // a 409: the profile is in use by the grant "Müller GmbH"
        Http.Response german = admin.speaking("de-DE,de;q=0.9,en;q=0.8").delete("/tenants/lang/profiles/" + gf);
        assertProblem(german, 409);
        assertEquals("urn:collab:problem:conflict", german.json().get("type").asText());
        assertEquals("Konflikt", german.json().get("title").asText());
        assertEquals("Das Profil „GF“ wird von 1 Freischaltung verwendet, z. B. Müller GmbH. Ändern oder löschen Sie diese zuerst.",
            german.json().get("detail").asText());
        assertEquals("de", german.header("Content-Language"));
        for (Http english : List.of(admin.speaking("en-GB,de;q=0.5"), admin, admin.speaking("fr"))) {
            Http.Response refused = english.delete("/tenants/lang/profiles/" + gf);
            assertProblem(refused, 409);
            assertEquals("Conflict", refused.json().get("title").asText());
            assertEquals("Profile 'GF' is in use by 1 grant(s), e.g. Müller GmbH. Change or remove them first.",
                refused.json().get("detail").asText());
        }

        // a 409 the database finds (the grant's name is taken: no check before the insert) is worded too
        String again = "{\"name\":\"Müller GmbH\",\"profile\":\"GF\",\"customers\":[\"A\"],\"separateDelegateGrants\":true,"
            + "\"email\":\"zweite@lang.example\"}";
        Http.Response taken = admin.speaking("de-DE,de;q=0.9").post("/tenants/lang/grants", again);
        assertProblem(taken, 409);
        assertEquals("Konflikt", taken.json().get("title").asText());
        assertEquals("Es gibt bereits eine Freischaltung „Müller GmbH“.", taken.json().get("detail").asText());
        assertEquals("A grant named 'Müller GmbH' exists already.", admin.post("/tenants/lang/grants", again).json().get("detail").asText());

        // a 400 with field errors: the same fields, the messages in the caller's language
        String bad = "{\"name\":\" \",\"rights\":[\"contracts.view\",\"nope.nothing\"],\"delegableProfiles\":[]}";
        Http.Response invalid = admin.speaking("de").post("/tenants/lang/profiles", bad);
        assertProblem(invalid, 400);
        assertEquals("urn:collab:problem:validation", invalid.json().get("type").asText());
        assertEquals("Ungültige Eingabe", invalid.json().get("title").asText());
        assertEquals(List.of("name", "rights[1]"), names(invalid.json().get("errors"), "field"));
        assertEquals(List.of("Bitte geben Sie einen Namen an.", "Unbekanntes Recht „nope.nothing“."),
            names(invalid.json().get("errors"), "message"));
        assertEquals("Ungültige Eingabe: Bitte geben Sie einen Namen an. (und 1 weitere)", invalid.json().get("detail").asText());
        Http.Response english = admin.post("/tenants/lang/profiles", bad);
        assertEquals(List.of("name", "rights[1]"), names(english.json().get("errors"), "field"));
        assertEquals(List.of("A name is required.", "Unknown right 'nope.nothing'."), names(english.json().get("errors"), "message"));
        assertEquals("Invalid input", english.json().get("title").asText());

        // the rights catalog titled in the caller's language, the ids unchanged
        JsonNode deRights = admin.speaking("de").get("/tenants/lang/rights").json().get("items");
        JsonNode enRights = admin.get("/tenants/lang/rights").json().get("items");
        assertEquals(names(enRights, "id"), names(deRights, "id"));
        int contracts = names(deRights, "id").indexOf("contracts.view");
        assertEquals("Verträge ansehen", deRights.get(contracts).get("title").asText());
        assertEquals("View contracts", enRights.get(contracts).get("title").asText());
        assertEquals("View contracts", admin.speaking("en").get("/tenants/lang/rights").json().get("items").get(contracts)
            .get("title").asText());

        // the tenant's time zone: Europe/Berlin until support sets another; an unknown one is a 400 naming it
        Http support = Http.support();
        assertEquals("Europe/Berlin", support.get("/tenants/lang").json().get("timeZone").asText());
        Http.Response vienna = support.put("/tenants/lang", "{\"name\":\"Makler lang\",\"timeZone\":\"Europe/Vienna\"}");
        assertEquals(vienna.toString(), 200, vienna.status());
        assertEquals("Europe/Vienna", vienna.json().get("timeZone").asText());
        assertEquals("Europe/Vienna", support.get("/tenants/lang").json().get("timeZone").asText());
        Http.Response unknown = support.speaking("de").put("/tenants/lang", "{\"name\":\"Makler lang\",\"timeZone\":\"Mars/Base\"}");
        assertProblem(unknown, 400);
        assertEquals(List.of("timeZone"), names(unknown.json().get("errors"), "field"));
        assertEquals("„Mars/Base“ ist keine Zeitzone: Geben Sie eine IANA-Kennung wie Europe/Berlin an.",
            unknown.json().get("errors").get(0).get("message").asText());
        assertEquals("Europe/Vienna", support.get("/tenants/lang").json().get("timeZone").asText());
        // the name alone keeps the zone
        assertEquals("Europe/Vienna", support.put("/tenants/lang", "{\"name\":\"Makler Lang\"}").json().get("timeZone").asText());
    }
}
