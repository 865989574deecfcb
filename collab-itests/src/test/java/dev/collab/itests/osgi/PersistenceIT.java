package dev.collab.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import com.fasterxml.jackson.databind.JsonNode;

import dev.collab.itests.Http;
import dev.collab.itests.TenantSeed;
import dev.collab.testkit.Login;

/**
 * Data lives in Derby under the data folder and survives the persistence bundle going away:
 * stopping collab-profiles shuts the database down, starting it opens the same files again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PersistenceIT extends CollabIT {

    @Test
    public void dataSurvivesAStopAndStartOfThePersistenceBundle() throws Exception {
        Http support = Http.support();
        Http admin = TenantSeed.tenantWithAdmin(support, "keep", "Keep AG", new Login("a@keep.example", "keep password 123"));
        String id = admin.post("/tenants/keep/profiles", "{\"name\":\"GF\",\"rights\":[\"claims.view\"]}").json().get("id").asText();

        Bundle profiles = Await.bundle(context, "dev.collab.collab-profiles");
        profiles.stop();
        Await.health(503);
        JsonNode down = Http.anonymous().get("/health").json();
        assertEquals("DOWN", down.get("status").asText());
        assertTrue(down.get("missing").toString(), down.get("missing").toString().contains("database"));
        Http.Response unavailable = support.get("/tenants/keep");
        assertEquals(unavailable.toString(), 503, unavailable.status());
        assertTrue(unavailable.contentType().startsWith("application/problem+json"));

        profiles.start();
        Await.health(200);
        Await.until("the tenant to be readable again", Duration.ofSeconds(20), () -> support.get("/tenants/keep").status() == 200);
        JsonNode tenant = support.get("/tenants/keep").json();
        assertTrue(tenant.get("features").get("delegatedAccess").asBoolean());
        JsonNode profile = admin.get("/tenants/keep/profiles/" + id).json();
        assertEquals("GF", profile.get("name").asText());
        assertEquals("claims.view", profile.get("rights").get(0).asText());
    }
}
