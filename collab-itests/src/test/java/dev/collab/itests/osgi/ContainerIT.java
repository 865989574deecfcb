package dev.collab.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.RuntimeDTO;

import com.fasterxml.jackson.databind.JsonNode;

import dev.collab.itests.Http;

/** The container as a whole: the suite arrives through the deploy folder and wires up cleanly. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ContainerIT extends CollabIT {

    // Pax Exam waits 10 s by default: too short for a container starting on a busy 2-core machine
    @Inject
    @Filter(timeout = Await.SERVICE_TIMEOUT_MILLIS)
    JaxrsServiceRuntime jaxrs;

    @Test
    public void suiteBundlesAreInstalledFromTheDeployFolderByFileInstall() {
        for (String name : Await.SUITE) {
            Bundle bundle = Await.bundle(context, name);
            assertNotNull(name + " is installed", bundle);
            assertEquals(name + " is active", Bundle.ACTIVE, bundle.getState());
            assertTrue(name + " comes from the deploy folder, not the launcher: " + bundle.getLocation(),
                bundle.getLocation().contains("/deploy/" + name.substring("dev.collab.".length()) + ".jar"));
        }
    }

    @Test
    public void theWhiteboardRunsTheApplicationWithoutFailures() {
        RuntimeDTO runtime = jaxrs.getRuntimeDTO();
        ApplicationDTO collab = Arrays.stream(runtime.applicationDTOs)
            .filter(a -> "dev.collab.rest".equals(a.name)).findFirst().orElse(null);
        assertNotNull("the collab application is published", collab);
        assertEquals("collab/api/v1", collab.base.replaceFirst("^/", ""));
        // The resources and extensions are the application's own singletons: one publication.
        assertTrue("the application's resource methods are published: " + collab.resourceMethods.length,
            collab.resourceMethods.length >= 30);
        assertEquals("no failed applications", 0, runtime.failedApplicationDTOs.length);
        assertEquals("no failed resources", 0, runtime.failedResourceDTOs.length);
        assertEquals("no failed extensions", 0, runtime.failedExtensionDTOs.length);
    }

    @Test
    public void healthNamesEveryPartAsUp() {
        Http.Response health = Http.anonymous().get("/health");
        assertEquals(health.toString(), 200, health.status());
        JsonNode body = health.json();
        assertEquals("UP", body.get("status").asText());
        for (String part : new String[] {"tenants", "accounts", "profiles", "rights", "authentication", "database"}) {
            assertEquals(part, "UP", body.get("components").get(part).asText());
        }
        assertEquals(0, body.get("missing").size());
    }

    @Test
    public void theOpenApiDocumentIsServed() {
        Http.Response doc = Http.anonymous().get("/openapi.json");
        assertEquals(200, doc.status());
        assertTrue(doc.json().get("openapi").asText().startsWith("3."));
        assertTrue(doc.json().get("paths").has("/tenants/{tenantId}/profiles/{profileId}"));
    }
}
