package dev.collab.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.ResourceDTO;
import org.osgi.service.jaxrs.runtime.dto.RuntimeDTO;

import com.fasterxml.jackson.databind.JsonNode;

import dev.collab.api.CollabRest;
import dev.collab.itests.Http;
import dev.collab.itests.TenantSeed;
import dev.collab.testkit.Login;

/**
 * The README's REST extension point, proven with the partner example: its invoice resource
 * selects the suite's application from another bundle, is published there without failures,
 * answers with the suite's authentication, access decisions and problem+json, and leaves the
 * application when its jar leaves the deploy folder (and comes back with it). The decisions are
 * the suite's, live: when the admin moves the user to another customer, the answers follow.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PartnerRestIT extends TokenCatchingIT {
    /** The partner resource's {@code osgi.jaxrs.name}. */
    private static final String INVOICES = "dev.collab.partner.example.invoices";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TENANT = "invoicing";
    private static final String ADMIN = "admin@invoicing.example";
    private static final String ADMIN_PASSWORD = "invoicing admin password";
    private static final String CLERK = "buchhaltung@firma.example";
    private static final String CLERK_PASSWORD = "clerk password 12345";

    // Pax Exam waits 10 s by default: too short for a container starting on a busy 2-core machine
    @Inject
    @Filter(timeout = Await.SERVICE_TIMEOUT_MILLIS)
    JaxrsServiceRuntime jaxrs;

    private static String invoices(String customer) {
        return "/tenants/" + TENANT + "/invoices/" + customer;
    }

    /** The collab application as the whiteboard runs it now. */
    private ApplicationDTO application() {
        RuntimeDTO runtime = jaxrs.getRuntimeDTO();
        ApplicationDTO collab = Arrays.stream(runtime.applicationDTOs)
            .filter(a -> CollabRest.APP.equals(a.name)).findFirst().orElse(null);
        assertNotNull("the collab application is published", collab);
        return collab;
    }

    private ResourceDTO partnerResource() {
        return Arrays.stream(application().resourceDTOs).filter(r -> INVOICES.equals(r.name)).findFirst().orElse(null);
    }

    private void assertNoFailures() {
        RuntimeDTO runtime = jaxrs.getRuntimeDTO();
        assertEquals("no failed applications", 0, runtime.failedApplicationDTOs.length);
        assertEquals("no failed resources", 0, runtime.failedResourceDTOs.length);
        assertEquals("no failed extensions", 0, runtime.failedExtensionDTOs.length);
    }

    @Test
    public void thePartnersEndpointJoinsTheApplicationAnswersWithTheSuitesRulesAndLeavesWithItsJar() throws Exception {
        Http admin = TenantSeed.tenantWithAdmin(Http.support(), TENANT, "Makler Rechnungen", new Login(ADMIN, ADMIN_PASSWORD));
        TenantSeed.customers(admin, TENANT, "K1", "K2");
        assertNull("no partner resource before the jar is there", partnerResource());

        Path deployed = PartnerExample.deploy(context);
        Await.until("the partner resource in the collab application", WAIT, () -> partnerResource() != null);
        assertNoFailures();
        assertTrue("the resource method is published: " + Arrays.toString(partnerResource().resourceMethods),
            Arrays.stream(partnerResource().resourceMethods)
                .anyMatch(m -> "GET".equals(m.method) && m.path.endsWith("invoices/{customerId}")));

        Await.until("the partner's right in the catalog", WAIT,
            () -> admin.get("/tenants/" + TENANT + "/rights").raw().body().contains("\"invoices.view\""));
        assertEquals(201, admin.post("/tenants/" + TENANT + "/profiles",
            "{\"name\":\"Buchhaltung\",\"rights\":[\"invoices.view\"]}").status());
        Http.Response grant = admin.post("/tenants/" + TENANT + "/grants", "{\"name\":\"Firma Eins\",\"profile\":\"Buchhaltung\","
            + "\"customers\":[\"K1\"],\"separateDelegateGrants\":false,\"email\":\"" + CLERK + "\"}");
        assertEquals(grant.toString(), 201, grant.status());
        String grantId = grant.json().get("id").asText();
        String clerkId = grant.json().get("members").get(0).get("userId").asText();
        Http.Response accepted = Http.anonymous().post("/invitations/" + tokens.token(CLERK) + "/accept",
            "{\"password\":\"" + CLERK_PASSWORD + "\"}");
        assertEquals(accepted.toString(), 200, accepted.status());
        Http clerk = Http.as(CLERK, CLERK_PASSWORD);

        Http.Response own = clerk.get(invoices("K1"));
        assertEquals(own.toString(), 200, own.status());
        assertTrue(own.toString(), own.contentType().startsWith("application/json"));
        JsonNode body = own.json();
        assertEquals("K1", body.get("customer").get("id").asText());
        assertEquals("Kunde K1", body.get("customer").get("name").asText());
        assertTrue(own.toString(), body.get("items").size() >= 1);
        assertTrue(own.toString(), body.get("nextCursor").isNull());
        for (JsonNode invoice : body.get("items")) {
            assertTrue(own.toString(), invoice.get("number").asText().startsWith("RE-"));
            assertTrue(own.toString(), invoice.get("amount").isNumber());
        }
        JsonNode open = clerk.get(invoices("K1") + "?status=open").json().get("items");
        assertEquals("the newest invoice is open", 1, open.size());

        JsonNode outside = clerk.get(invoices("K2")).problem(403);
        assertEquals("urn:collab:problem:forbidden", outside.get("type").asText());
        assertEquals("urn:collab:problem:not-found", clerk.get(invoices("K9")).problem(404).get("type").asText());
        JsonNode invalid = clerk.get(invoices("K1") + "?status=late").problem(400);
        assertEquals("status", invalid.get("errors").get(0).get("field").asText());
        Http.Response anonymous = Http.anonymous().get(invoices("K1"));
        anonymous.problem(401);
        assertTrue(anonymous.toString(), anonymous.header("WWW-Authenticate").startsWith("Basic"));
        Http.as(CLERK, "not the password").get(invoices("K1")).problem(401);
        admin.get(invoices("K1")).problem(403);

        Http.Response moved = admin.put("/tenants/" + TENANT + "/grants/" + grantId + "/members/" + clerkId, "{\"customers\":[\"K2\"]}");
        assertEquals(moved.toString(), 200, moved.status());
        clerk.get(invoices("K1")).problem(403);
        Http.Response other = clerk.get(invoices("K2"));
        assertEquals(other.toString(), 200, other.status());
        assertEquals("K2", other.json().get("customer").get("id").asText());

        PartnerExample.remove(context, deployed);
        Await.until("the partner resource to leave the collab application", WAIT, () -> partnerResource() == null);
        assertNoFailures();
        clerk.get(invoices("K2")).problem(404);
        assertEquals("the suite's own endpoints still answer", 200, clerk.get("/tenants/" + TENANT + "/me").status());

        PartnerExample.deploy(context);
        Await.until("the partner resource back in the collab application", WAIT, () -> partnerResource() != null);
        assertNoFailures();
        Http.Response back = clerk.get(invoices("K2"));
        assertEquals(back.toString(), 200, back.status());
        assertEquals("K2", back.json().get("customer").get("id").asText());
        clerk.get(invoices("K1")).problem(403);
    }
}
