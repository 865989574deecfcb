package dev.collab.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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
 * The article's story over HTTP: the broker sets up GF and MA, the managing director registers,
 * invites employees for some of their customers, sees and deletes them; the host asks for
 * access decisions all along.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DelegationRestIT extends TokenCatchingIT {
    private static final String ADMIN = "admin@broker.example";
    private static final String ADMIN_PASSWORD = "broker admin password";
    private static final String GF = "gf@mueller.example";
    private static final String GF_PASSWORD = "gf password 12345";

    /** A tenant with GF (delegating MA) and MA, customers A, B, C, and the GF's grant, registered. */
    private Http seed(String tenant, boolean separate) {
        Http admin = TenantSeed.tenantWithAdmin(Http.support(), tenant, "Makler " + tenant, new Login(ADMIN, ADMIN_PASSWORD));
        TenantSeed.customers(admin, tenant, "A", "B", "C");
        assertEquals(201, admin.post("/tenants/" + tenant + "/profiles",
            "{\"name\":\"MA\",\"rights\":[\"contracts.view\",\"documents.view\"],\"delegableProfiles\":[]}").status());
        assertEquals(201, admin.post("/tenants/" + tenant + "/profiles",
            "{\"name\":\"GF\",\"rights\":[\"contracts.view\",\"claims.view\"],\"delegableProfiles\":[\"MA\"]}").status());
        Http.Response grant = admin.post("/tenants/" + tenant + "/grants", "{\"name\":\"Müller GmbH\",\"profile\":\"GF\","
            + "\"customers\":[\"A\",\"B\",\"C\"],\"separateDelegateGrants\":" + separate + ",\"email\":\"" + GF + "\"}");
        assertEquals(grant.toString(), 201, grant.status());
        assertEquals("INVITED", grant.json().get("members").get(0).get("status").asText());
        register(GF, GF_PASSWORD);
        return Http.as(GF, GF_PASSWORD);
    }

    private void register(String email, String password) {
        String token = tokens.token(email);
        Http.Response info = Http.anonymous().get("/invitations/" + token);
        assertEquals(info.toString(), 200, info.status());
        assertEquals(email, info.json().get("email").asText());
        Http.Response accepted = Http.anonymous().post("/invitations/" + token + "/accept", "{\"password\":\"" + password + "\"}");
        assertEquals(accepted.toString(), 200, accepted.status());
        assertEquals(410, Http.anonymous().post("/invitations/" + token + "/accept", "{\"password\":\"" + password + "\"}").status());
    }

    private static boolean allowed(String tenant, String user, String customer, String right) {
        Http.Response decision = Http.as(ADMIN, ADMIN_PASSWORD)
            .get("/tenants/" + tenant + "/access?user=" + user + "&customer=" + customer + "&right=" + right);
        assertEquals(decision.toString(), 200, decision.status());
        return decision.json().get("allowed").asBoolean();
    }

    @Test
    public void theManagingDirectorInvitesSeesAndDeletesEmployees() {
        Http gf = seed("story", true);
        JsonNode options = gf.get("/tenants/story/me/delegation").json();
        assertEquals("MA", options.get("profiles").get(0).get("name").asText());
        assertEquals(3, options.get("customers").size());

        Http.Response invited = gf.post("/tenants/story/me/delegates",
            "{\"email\":\"ma1@mueller.example\",\"profile\":\"MA\",\"customers\":[\"B\",\"C\"]}");
        assertEquals(invited.toString(), 201, invited.status());
        assertEquals("Müller GmbH/ma1@mueller.example", invited.json().get("grant").asText());
        assertEquals("INVITED", invited.json().get("status").asText());
        Http.Response allBut = gf.post("/tenants/story/me/delegates",
            "{\"email\":\"ma2@mueller.example\",\"profile\":\"MA\",\"allCustomers\":true,\"exceptCustomers\":[\"A\"]}");
        assertEquals(allBut.toString(), 201, allBut.status());
        assertEquals(2, allBut.json().get("customers").size());

        assertEquals(409, gf.post("/tenants/story/me/delegates",
            "{\"email\":\"MA1@Mueller.example\",\"profile\":\"MA\",\"customers\":[\"B\"]}").status());
        assertEquals(400, gf.post("/tenants/story/me/delegates",
            "{\"email\":\"x@mueller.example\",\"profile\":\"GF\",\"customers\":[\"B\"]}").status());
        assertEquals(400, gf.post("/tenants/story/me/delegates",
            "{\"email\":\"x@mueller.example\",\"profile\":\"MA\",\"customers\":[\"Z\"]}").status());

        register("ma1@mueller.example", "ma1 password 12345");
        assertTrue(allowed("story", "ma1@mueller.example", "C", "documents.view"));
        assertFalse(allowed("story", "ma1@mueller.example", "A", "documents.view"));
        assertFalse("MA has no claims.view", allowed("story", "ma1@mueller.example", "B", "claims.view"));

        assertEquals(200, Http.as("ma1@mueller.example", "ma1 password 12345").get("/tenants/story/me").status());
        JsonNode delegates = gf.get("/tenants/story/me/delegates").json().get("items");
        assertEquals(2, delegates.size());
        String ma1 = delegates.get(0).get("id").asText();
        assertEquals("ACTIVE", delegates.get(0).get("status").asText());
        assertFalse(delegates.get(0).get("lastActiveAt").isNull());
        assertEquals("INVITED", delegates.get(1).get("status").asText());

        Http.Response patch = gf.send("PATCH", "/tenants/story/me/delegates/" + ma1, "{\"customers\":[\"B\"]}", "application/json");
        assertEquals(409, patch.status());
        assertTrue(patch.json().get("detail").asText().contains("invite"));

        // The broker takes C away from the GF: everybody below loses it at once.
        Http admin = Http.as(ADMIN, ADMIN_PASSWORD);
        JsonNode grant = admin.get("/tenants/story/grants").json().get("items").get(0);
        String gfUser = grant.get("members").get(0).get("userId").asText();
        assertEquals(200, admin.put("/tenants/story/grants/" + grant.get("id").asText() + "/members/" + gfUser,
            "{\"customers\":[\"A\",\"B\"]}").status());
        assertFalse(allowed("story", "ma1@mueller.example", "C", "documents.view"));
        assertTrue(allowed("story", "ma1@mueller.example", "B", "documents.view"));
        // A re-scope naming a customer the directory does not know changes nothing and says which one.
        Http.Response refused = admin.put("/tenants/story/grants/" + grant.get("id").asText() + "/members/" + gfUser,
            "{\"customers\":[\"A\",\"NOPE\",\"B\"]}");
        assertEquals(refused.toString(), 400, refused.status());
        assertTrue(refused.toString(), refused.contentType().startsWith("application/problem+json"));
        assertEquals("customers[1]", refused.json().get("errors").get(0).get("field").asText());
        assertTrue(allowed("story", "ma1@mueller.example", "B", "documents.view"));
        assertTrue(allowed("story", GF, "A", "contracts.view"));

        Http.Response deleted = gf.post("/tenants/story/me/delegates/delete",
            "{\"ids\":[\"" + ma1 + "\",\"" + delegates.get(1).get("id").asText() + "\"]}");
        assertEquals(deleted.toString(), 200, deleted.status());
        assertEquals(2, deleted.json().get("deleted").size());
        assertEquals(0, gf.get("/tenants/story/me/delegates").json().get("items").size());
        assertFalse(allowed("story", "ma1@mueller.example", "B", "documents.view"));

        // The deleted employee still logs in and reaches the mailbox, but no portfolio.
        Http ma = Http.as("ma1@mueller.example", "ma1 password 12345");
        assertEquals(0, ma.get("/tenants/story/me").json().get("memberships").size());
        assertEquals(200, ma.get("/tenants/story/me/messages").status());
        JsonNode access = admin.get("/tenants/story/access/users/ma1@mueller.example").json();
        assertEquals(0, access.get("customers").size());
        assertTrue(access.get("mailbox").asBoolean());

        JsonNode audit = admin.get("/tenants/story/audit?limit=500").json().get("items");
        String actions = audit.toString();
        assertTrue(actions, actions.contains("delegate.invited") && actions.contains("member.rescoped")
            && actions.contains("member.removed") && actions.contains("invitation.accepted"));
    }

    @Test
    public void theOverviewAndAGrantsMembersComePageByPageFilteredAndInOrder() {
        Http gf = seed("paging", false);
        List<String> emails = List.of("Dora@mueller.example", "anna@mueller.example", "carl@mueller.example",
            "Bert@mueller.example", "emil@mueller.example");
        for (String email : emails) {
            assertEquals(201, gf.post("/tenants/paging/me/delegates",
                "{\"email\":\"" + email + "\",\"profile\":\"MA\",\"customers\":[\"A\"]}").status());
        }
        List<String> seen = new ArrayList<>();
        String next = "";
        int pages = 0;
        do {
            Http.Response page = gf.get("/tenants/paging/me/delegates?limit=2" + next);
            assertEquals(page.toString(), 200, page.status());
            page.json().get("items").forEach(d -> seen.add(d.get("email").asText()));
            JsonNode cursor = page.json().get("nextCursor");
            assertTrue(page.toString(), cursor != null);
            next = cursor.isNull() ? null : "&cursor=" + cursor.asText();
            pages++;
        } while (next != null);
        assertEquals(3, pages);
        assertEquals(List.of("anna@mueller.example", "Bert@mueller.example", "carl@mueller.example", "Dora@mueller.example",
            "emil@mueller.example"), seen);

        JsonNode filtered = gf.get("/tenants/paging/me/delegates?q=DORA").json();
        assertEquals(1, filtered.get("items").size());
        assertEquals("Dora@mueller.example", filtered.get("items").get(0).get("email").asText());
        assertEquals("Kunde A", filtered.get("items").get(0).get("customers").get(0).get("name").asText());
        assertTrue(filtered.get("nextCursor").isNull());

        for (String bad : new String[] {"?cursor=garbage", "?limit=0", "?limit=501", "?q=" + "x".repeat(2001)}) {
            Http.Response refused = gf.get("/tenants/paging/me/delegates" + bad);
            assertEquals(refused.toString(), 400, refused.status());
            assertTrue(refused.toString(), refused.contentType().startsWith("application/problem+json"));
        }

        Http admin = Http.as(ADMIN, ADMIN_PASSWORD);
        String shared = gf.get("/tenants/paging/me/delegates?limit=1").json().get("items").get(0).get("grantId").asText();
        Http.Response members = admin.get("/tenants/paging/grants/" + shared + "/members?limit=3");
        assertEquals(members.toString(), 200, members.status());
        assertEquals(3, members.json().get("items").size());
        assertEquals("anna@mueller.example", members.json().get("items").get(0).get("email").asText());
        assertEquals(GF, members.json().get("items").get(0).get("invitedBy").asText());
        Http.Response rest = admin.get("/tenants/paging/grants/" + shared + "/members?limit=3&cursor="
            + members.json().get("nextCursor").asText());
        assertEquals(2, rest.json().get("items").size());
        assertTrue(rest.json().get("nextCursor").isNull());
        assertEquals(1, admin.get("/tenants/paging/grants/" + shared + "/members?q=bert").json().get("items").size());
        assertEquals(403, gf.get("/tenants/paging/grants/" + shared + "/members").status());
        assertEquals(404, admin.get("/tenants/paging/grants/nope/members").status());
    }

    @Test
    public void sharedGrantsAreNamedAfterTheProfileAndKeepEachPersonsCustomers() {
        Http gf = seed("shared", false);
        assertEquals(201, gf.post("/tenants/shared/me/delegates",
            "{\"email\":\"s1@mueller.example\",\"profile\":\"MA\",\"customers\":[\"A\"]}").status());
        assertEquals(201, gf.post("/tenants/shared/me/delegates",
            "{\"email\":\"s2@mueller.example\",\"profile\":\"MA\",\"customers\":[\"B\",\"C\"]}").status());
        JsonNode grants = Http.as(ADMIN, ADMIN_PASSWORD).get("/tenants/shared/grants").json().get("items");
        JsonNode shared = null;
        for (JsonNode g : grants) {
            if ("Müller GmbH/MA".equals(g.get("name").asText())) {
                shared = g;
            }
        }
        assertTrue(grants.toString(), shared != null);
        assertEquals(2, shared.get("members").size());
        assertEquals(1, shared.get("members").get(0).get("customers").size());
        assertEquals(2, shared.get("members").get(1).get("customers").size());
    }

    @Test
    public void manySimultaneousInvitesOfOneEmailGiveExactlyOneCreated() throws Exception {
        Http gf = seed("race", true);
        int callers = 12;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            Callable<Integer> invite = () -> {
                start.await();
                return gf.post("/tenants/race/me/delegates",
                    "{\"email\":\"same@mueller.example\",\"profile\":\"MA\",\"customers\":[\"B\"]}").status();
            };
            results.add(pool.submit(invite));
        }
        start.countDown();
        int created = 0;
        int conflicts = 0;
        for (Future<Integer> result : results) {
            int status = result.get(60, TimeUnit.SECONDS);
            if (status == 201) {
                created++;
            } else if (status == 409) {
                conflicts++;
            }
        }
        pool.shutdownNow();
        assertEquals(1, created);
        assertEquals(callers - 1, conflicts);
    }

    @Test
    public void invitingStopsWhenTheFeatureIsOffWhileAccessStays() {
        Http gf = seed("toggle", true);
        assertEquals(201, gf.post("/tenants/toggle/me/delegates",
            "{\"email\":\"t1@mueller.example\",\"profile\":\"MA\",\"customers\":[\"A\"]}").status());
        register("t1@mueller.example", "t1 password 123456");
        assertEquals(200, Http.support().put("/tenants/toggle/features/delegatedAccess", "{\"enabled\":false}").status());
        Http.Response refused = gf.post("/tenants/toggle/me/delegates",
            "{\"email\":\"t2@mueller.example\",\"profile\":\"MA\",\"customers\":[\"A\"]}");
        assertEquals(403, refused.status());
        assertTrue(refused.json().get("type").asText().endsWith(":feature-disabled"));
        assertTrue(allowed("toggle", "t1@mueller.example", "A", "contracts.view"));
        assertEquals(1, gf.get("/tenants/toggle/me/delegates").json().get("items").size());
    }
}
