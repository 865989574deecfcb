package dev.collab.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
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
 * "Mehrere Mitarbeiter einladen" over HTTP (issue 13, item 4): the list as CSV and as JSON, every
 * row's result, all or nothing, the row limit, one mail and one audit entry per delegate, and the
 * endpoint in the served OpenAPI document.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BulkInviteRestIT extends TokenCatchingIT {
    private static final String ADMIN = "admin@broker.example";
    private static final String ADMIN_PASSWORD = "broker admin password";
    private static final String GF = "gf@mueller.example";
    private static final String GF_PASSWORD = "gf password 12345";
    private static final String CSV = "text/csv; charset=UTF-8";

    /** A tenant with GF (delegating MA) and MA, customers A, B, C, D, and the GF registered on A, B, C. */
    private Http seed(String tenant) {
        Http admin = TenantSeed.tenantWithAdmin(Http.support(), tenant, "Makler " + tenant, new Login(ADMIN, ADMIN_PASSWORD));
        TenantSeed.customers(admin, tenant, "A", "B", "C", "D");
        admin.post("/tenants/" + tenant + "/profiles",
            "{\"name\":\"MA\",\"rights\":[\"contracts.view\",\"documents.view\"],\"delegableProfiles\":[]}").expect(201);
        admin.post("/tenants/" + tenant + "/profiles",
            "{\"name\":\"GF\",\"rights\":[\"contracts.view\",\"claims.view\"],\"delegableProfiles\":[\"MA\"]}").expect(201);
        admin.post("/tenants/" + tenant + "/grants", "{\"name\":\"Müller GmbH\",\"profile\":\"GF\","
            + "\"customers\":[\"A\",\"B\",\"C\"],\"separateDelegateGrants\":true,\"email\":\"" + GF + "\"}").expect(201);
        String token = tokens.token(GF);
        Http.anonymous().post("/invitations/" + token + "/accept", "{\"password\":\"" + GF_PASSWORD + "\"}").expect(200);
        return Http.as(GF, GF_PASSWORD);
    }

    private static List<String> outcomes(JsonNode rows) {
        List<String> result = new ArrayList<>();
        rows.forEach(r -> result.add(r.get("outcome").asText()));
        return result;
    }

    private List<String> mailsTo(String domain) {
        return tokens.recipients().stream().filter(to -> to.endsWith(domain)).toList();
    }

    @Test
    public void aPastedListIsCheckedRowByRowAndAFailedRowCreatesNobody() {
        Http gf = seed("bulkcsv");
        String list = "E-Mail;Profil;Kunden\n"
            + "anna@firma.example;;A B\n"
            + "kein-mail\n"
            + "\n"
            + "ANNA@firma.example\n"
            + "bert@firma.example;GF\n"
            + "carl@firma.example;MA;D\n";
        JsonNode check = gf.send("POST", "/tenants/bulkcsv/me/delegates/bulk?profile=MA&customers=A,B&dryRun=true", list, CSV)
            .expect(200);
        assertFalse(check.get("created").asBoolean());
        assertTrue(check.get("dryRun").asBoolean());
        assertEquals(List.of("INVITABLE", "INVALID_ADDRESS", "DUPLICATE", "PROFILE_NOT_DELEGABLE", "CUSTOMER_NOT_ALLOWED"),
            outcomes(check.get("rows")));
        assertEquals(4, check.get("failed").asInt());
        List<Integer> lines = new ArrayList<>();
        check.get("rows").forEach(r -> lines.add(r.get("line").asInt()));
        assertEquals("the CSV line of each row (header and blank line counted)", List.of(2, 3, 5, 6, 7), lines);
        assertEquals("A", check.get("rows").get(0).get("customers").get(0).get("id").asText());
        assertEquals("bulk.duplicateRow", check.get("rows").get(2).get("messageKey").asText());

        Http.Response refused = gf.speaking("de").send("POST", "/tenants/bulkcsv/me/delegates/bulk?profile=MA&customers=A&customers=B",
            list, CSV);
        JsonNode problem = refused.problem(400);
        assertEquals("urn:collab:problem:validation", problem.get("type").asText());
        assertEquals(5, problem.get("rows").size());
        assertEquals("INVITABLE", problem.get("rows").get(0).get("outcome").asText());
        assertEquals(4, problem.get("errors").size());
        assertEquals("rows[1].email", problem.get("errors").get(0).get("field").asText());
        assertTrue(problem.get("detail").asText(), problem.get("detail").asText().contains("niemand"));
        assertTrue(problem.get("rows").get(2).get("message").asText(), problem.get("rows").get(2).get("message").asText()
            .contains("bereits in der Liste"));
        assertEquals("nothing was created", 0, gf.get("/tenants/bulkcsv/me/delegates").json().get("items").size());
        assertEquals(List.of(), mailsTo("@firma.example"));

        Http.Response malformed = gf.send("POST", "/tenants/bulkcsv/me/delegates/bulk?profile=MA&allCustomers=true",
            "a@firma.example,MA,A,zu viel\n", CSV);
        assertEquals("body", malformed.problem(400).get("errors").get(0).get("field").asText());
    }

    @Test
    public void aValidListIsInvitedInOneStepWithOneMailAndAuditEntryEach() {
        Http gf = seed("bulkjson");
        JsonNode created = gf.post("/tenants/bulkjson/me/delegates/bulk", "{\"profile\":\"MA\",\"allCustomers\":true,\"rows\":["
            + "{\"email\":\"anna@firma.example\"},{\"email\":\"bert@firma.example\",\"customers\":[\"B\"]},"
            + "{\"email\":\"carl@firma.example\",\"profile\":\"MA\",\"customers\":[\"A\",\"C\"]}]}").expect(200);
        assertTrue(created.get("created").asBoolean());
        assertEquals(3, created.get("invited").asInt());
        assertEquals(List.of("INVITED", "INVITED", "INVITED"), outcomes(created.get("rows")));
        assertTrue(created.get("rows").get(1).get("line").isNull());

        JsonNode delegates = gf.get("/tenants/bulkjson/me/delegates").json().get("items");
        assertEquals(3, delegates.size());
        assertEquals("Müller GmbH/anna@firma.example", delegates.get(0).get("grant").asText());
        assertEquals(3, delegates.get(0).get("customers").size());
        assertEquals(created.get("rows").get(0).get("delegateId").asText(), delegates.get(0).get("id").asText());
        Await.until("three invitation mails", Duration.ofSeconds(30), () -> mailsTo("@firma.example").size() >= 3);
        assertEquals(List.of("anna@firma.example", "bert@firma.example", "carl@firma.example"),
            mailsTo("@firma.example").stream().sorted().toList());

        String bert = tokens.token("bert@firma.example");
        Http.anonymous().post("/invitations/" + bert + "/accept", "{\"password\":\"bert password 1234\"}").expect(200);
        Http admin = Http.as(ADMIN, ADMIN_PASSWORD);
        assertTrue(admin.get("/tenants/bulkjson/access?user=bert@firma.example&customer=B&right=documents.view").json()
            .get("allowed").asBoolean());
        assertFalse(admin.get("/tenants/bulkjson/access?user=bert@firma.example&customer=A&right=documents.view").json()
            .get("allowed").asBoolean());

        String audit = admin.get("/tenants/bulkjson/audit?limit=500").json().get("items").toString();
        for (String email : List.of("anna", "bert", "carl")) {
            assertTrue(audit, audit.contains("\"action\":\"delegate.invited\",\"target\":\"" + email + "@firma.example\""));
        }
        assertTrue(audit, audit.contains("delegates.bulkInvited"));

        JsonNode again = gf.post("/tenants/bulkjson/me/delegates/bulk",
            "{\"profile\":\"MA\",\"customers\":[\"A\"],\"rows\":[{\"email\":\"anna@firma.example\"},{\"email\":\"bert@firma.example\"}]}")
            .problem(400);
        assertEquals(List.of("DUPLICATE", "ALREADY_MEMBER"), outcomes(again.get("rows")));
    }

    @Test
    public void atMostFiveHundredRowsAndTheEndpointIsDocumented() {
        Http gf = seed("bulklimit");
        StringBuilder list = new StringBuilder();
        for (int i = 0; i <= 500; i++) {
            list.append("ma").append(i).append("@firma.example\n");
        }
        JsonNode tooMany = gf.send("POST", "/tenants/bulklimit/me/delegates/bulk?profile=MA&customers=A", list.toString(), CSV)
            .problem(400);
        assertEquals("rows", tooMany.get("errors").get(0).get("field").asText());
        assertEquals(0, gf.get("/tenants/bulklimit/me/delegates").json().get("items").size());

        JsonNode document = Http.anonymous().get("/openapi.json").expect(200);
        JsonNode operation = document.get("paths").get("/tenants/{tenantId}/me/delegates/bulk").get("post");
        assertEquals("inviteDelegates", operation.get("operationId").asText());
        assertTrue(operation.get("requestBody").get("content").has("text/csv"));
        assertTrue(document.get("components").get("schemas").has("BulkInviteResult"));

        assertEquals(403, Http.as(ADMIN, ADMIN_PASSWORD).post("/tenants/bulklimit/me/delegates/bulk",
            "{\"rows\":[{\"email\":\"x@firma.example\"}]}").status());
    }
}
