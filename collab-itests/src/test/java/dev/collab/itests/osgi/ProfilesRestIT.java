package dev.collab.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

import dev.collab.itests.Http;

/** Tenants, the feature switch, admins and access profiles over real HTTP. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProfilesRestIT extends CollabIT {
    private static final String ADMIN_PASSWORD = "admin password 1234";

    /** Creates a tenant with an admin; the feature stays as given. */
    private Http tenantWithAdmin(String tenant, boolean enabled) {
        Http support = Http.support();
        assertTrue(support.put("/tenants/" + tenant, "{\"name\":\"" + tenant + " GmbH\"}").status() / 100 == 2);
        assertEquals(200, support.put("/tenants/" + tenant + "/features/delegatedAccess", "{\"enabled\":" + enabled + "}").status());
        String email = "admin@" + tenant + ".example";
        Http.Response admin = support.post("/tenants/" + tenant + "/admins",
            "{\"email\":\"" + email + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
        assertEquals(admin.toString(), 201, admin.status());
        return Http.as(email, ADMIN_PASSWORD);
    }

    private static void assertProblem(Http.Response response, int status, String kind) {
        assertEquals(response.toString(), status, response.status());
        assertTrue(response.toString(), response.contentType().startsWith("application/problem+json"));
        JsonNode problem = response.json();
        assertEquals(status, problem.get("status").asInt());
        assertTrue(response.toString(), problem.get("type").asText().endsWith(":" + kind));
        assertNotNull(problem.get("title"));
        assertNotNull(problem.get("detail"));
        assertFalse("no stack trace: " + response, response.raw().body().contains("Exception"));
    }

    @Test
    public void featureOffRefusesProfileAdministrationWithAClearProblem() {
        Http admin = tenantWithAdmin("off", false);
        assertProblem(admin.get("/tenants/off/profiles"), 403, "feature-disabled");
        assertProblem(admin.post("/tenants/off/profiles", "{\"name\":\"GF\",\"rights\":[]}"), 403, "feature-disabled");

        assertEquals(200, Http.support().put("/tenants/off/features/delegatedAccess", "{\"enabled\":true}").status());
        assertEquals(201, admin.post("/tenants/off/profiles", "{\"name\":\"GF\",\"rights\":[]}").status());

        // Switching off again keeps the data: nothing is deleted.
        assertEquals(200, Http.support().put("/tenants/off/features/delegatedAccess", "{\"enabled\":false}").status());
        assertEquals(200, Http.support().put("/tenants/off/features/delegatedAccess", "{\"enabled\":true}").status());
        assertEquals(1, admin.get("/tenants/off/profiles").json().get("items").size());
    }

    @Test
    public void adminDefinesTheSeedsProfiles() {
        Http admin = tenantWithAdmin("seed", true);
        Http.Response ma = admin.post("/tenants/seed/profiles",
            "{\"name\":\"MA\",\"description\":\"Mitarbeiter\",\"rights\":[\"contracts.view\",\"documents.view\"],\"delegableProfiles\":[]}");
        assertEquals(ma.toString(), 201, ma.status());
        assertTrue(ma.header("Location").endsWith("/tenants/seed/profiles/" + ma.json().get("id").asText()));
        Http.Response gf = admin.post("/tenants/seed/profiles",
            "{\"name\":\"GF\",\"rights\":[\"contracts.view\"],\"delegableProfiles\":[\"MA\"]}");
        assertEquals(gf.toString(), 201, gf.status());
        assertEquals("MA", gf.json().get("delegableProfiles").get(0).asText());

        JsonNode list = admin.get("/tenants/seed/profiles").json();
        assertEquals(2, list.get("items").size());
        assertTrue(list.get("nextCursor").isNull());

        String maId = ma.json().get("id").asText();
        Http.Response replaced = admin.put("/tenants/seed/profiles/" + maId,
            "{\"name\":\"MA\",\"rights\":[\"claims.view\"],\"delegableProfiles\":[]}");
        assertEquals(replaced.toString(), 200, replaced.status());
        assertEquals("claims.view", admin.get("/tenants/seed/profiles/" + maId).json().get("rights").get(0).asText());

        assertProblem(admin.delete("/tenants/seed/profiles/" + maId), 409, "conflict");
        assertEquals(204, admin.delete("/tenants/seed/profiles/" + gf.json().get("id").asText()).status());
        assertEquals(204, admin.delete("/tenants/seed/profiles/" + maId).status());
        assertProblem(admin.get("/tenants/seed/profiles/" + maId), 404, "not-found");
    }

    @Test
    public void badInputIsAProblemThatNamesTheFieldsAndChangesNothing() {
        Http admin = tenantWithAdmin("bad", true);
        Http.Response unknown = admin.post("/tenants/bad/profiles",
            "{\"name\":\"A/B\",\"rights\":[\"contracts.view\",\"no.such\"],\"delegableProfiles\":[\"Ghost\"]}");
        assertProblem(unknown, 400, "validation");
        JsonNode errors = unknown.json().get("errors");
        assertEquals(3, errors.size());
        assertEquals("name", errors.get(0).get("field").asText());
        assertEquals("rights[1]", errors.get(1).get("field").asText());
        assertEquals("delegableProfiles[0]", errors.get(2).get("field").asText());

        assertProblem(admin.post("/tenants/bad/profiles", "{\"name\":"), 400, "validation");
        assertProblem(admin.post("/tenants/bad/profiles", "{\"name\":\"X\",\"rights\":[],\"colour\":\"red\"}"), 400, "validation");
        assertProblem(admin.post("/tenants/bad/profiles", "{\"name\":\"X\",\"rights\":\"contracts.view\"}"), 400, "validation");
        assertProblem(admin.send("POST", "/tenants/bad/profiles", "name=X", "text/plain"), 415, "unsupported-media-type");
        assertProblem(admin.post("/tenants/bad/profiles", ""), 400, "validation");
        assertProblem(admin.get("/tenants/bad/profiles?limit=0"), 400, "validation");
        assertProblem(admin.get("/tenants/bad/profiles?cursor=bogus"), 400, "validation");

        assertEquals(201, admin.post("/tenants/bad/profiles", "{\"name\":\"Dup\",\"rights\":[]}").status());
        assertProblem(admin.post("/tenants/bad/profiles", "{\"name\":\"dup\",\"rights\":[]}"), 409, "conflict");
        assertEquals("nothing half-written", 1, admin.get("/tenants/bad/profiles").json().get("items").size());

        assertProblem(Http.support().put("/tenants/Bad%20Id!", "{\"name\":\"x\"}"), 400, "validation");
        assertProblem(Http.support().post("/tenants/bad/admins", "{\"email\":\"not-an-email\",\"password\":\"short\"}"), 400, "validation");
        assertProblem(Http.anonymous().get("/no/such/path"), 404, "not-found");
    }

    @Test
    public void rolesAreEnforced() {
        Http admin = tenantWithAdmin("roles", true);
        assertProblem(Http.anonymous().get("/tenants/roles/profiles"), 401, "unauthenticated");
        assertNotNull(Http.anonymous().get("/tenants/roles/profiles").header("WWW-Authenticate"));
        assertProblem(Http.as("admin@roles.example", "wrong password!!").get("/tenants/roles/profiles"), 401, "unauthenticated");
        assertProblem(Http.support().get("/tenants/roles/profiles"), 403, "forbidden");
        assertProblem(admin.put("/tenants/roles", "{\"name\":\"mine now\"}"), 403, "forbidden");
        assertProblem(admin.put("/tenants/roles/features/delegatedAccess", "{\"enabled\":false}"), 403, "forbidden");

        JsonNode rights = admin.get("/tenants/roles/rights").json().get("items");
        assertEquals(6, rights.size());
    }

    @Test
    public void aTenantNeverSeesAnotherTenantsData() {
        Http alpha = tenantWithAdmin("alpha", true);
        Http beta = tenantWithAdmin("beta", true);
        String alphaProfile = alpha.post("/tenants/alpha/profiles", "{\"name\":\"GF\",\"rights\":[]}").json().get("id").asText();
        assertEquals(201, beta.post("/tenants/beta/profiles", "{\"name\":\"GF\",\"rights\":[]}").status());

        assertProblem(beta.get("/tenants/beta/profiles/" + alphaProfile), 404, "not-found");
        assertProblem(beta.delete("/tenants/beta/profiles/" + alphaProfile), 404, "not-found");
        assertProblem(beta.get("/tenants/alpha/profiles"), 401, "unauthenticated");
        assertProblem(beta.get("/tenants/alpha/profiles/" + alphaProfile), 401, "unauthenticated");
        assertEquals(1, alpha.get("/tenants/alpha/profiles").json().get("items").size());
        assertProblem(Http.support().get("/tenants/gamma"), 404, "not-found");
    }
}
