package dev.collab.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Dictionary;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

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
    /** The service class of collab-profiles' private package, named as the framework lists it. */
    private static final String DATABASE = "dev.collab.profiles.internal.persistence.Database";

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

    /**
     * Karaf's FileInstall adds its file's name to a configuration a feature has just created:
     * that update must not close the database under the components starting against it. A
     * changed setting reopens it.
     */
    @Test
    public void anUpdateThatChangesNoSettingKeepsTheDatabaseOpenAndAChangedOneReopensIt() throws Exception {
        Http support = Http.support();
        TenantSeed.tenantWithAdmin(support, "settings", "Settings AG", new Login("a@settings.example", "settings password 123"));
        AtomicInteger registered = new AtomicInteger();
        AtomicInteger unregistering = new AtomicInteger();
        ServiceListener events = event -> {
            if (event.getType() == ServiceEvent.REGISTERED) {
                registered.incrementAndGet();
            } else if (event.getType() == ServiceEvent.UNREGISTERING) {
                unregistering.incrementAndGet();
            }
        };
        context.addServiceListener(events, "(objectClass=" + DATABASE + ")");
        try {
            long opened = (Long) databaseService("(objectClass=*)").getProperty(Constants.SERVICE_ID);
            ConfigurationAdmin configurations = context.getService(context.getServiceReference(ConfigurationAdmin.class));
            Configuration settings = configurations.listConfigurations("(service.pid=dev.collab.persistence)")[0];
            Dictionary<String, Object> properties = settings.getProperties();
            properties.put("felix.fileinstall.filename", "file:/opt/karaf/etc/dev.collab.persistence.cfg");
            settings.update(properties);
            // the database service shows the update's properties: kept open, or closed and opened again
            Await.until("the database to take the update", Duration.ofSeconds(60),
                () -> databaseService("(felix.fileinstall.filename=*)") != null);
            assertEquals("not closed for an update that changes no setting", 0, unregistering.get());
            assertEquals(opened, databaseService("(objectClass=*)").getProperty(Constants.SERVICE_ID));

            String level = "SEVERE".equals(properties.get("logLevel")) ? "WARNING" : "SEVERE";
            properties.put("logLevel", level);
            settings.update(properties);
            Await.until("the database reopened with log level " + level, Duration.ofSeconds(60), () -> {
                ServiceReference<?> open = databaseService("(logLevel=" + level + ")");
                // the registry lists a new service a moment before its listeners hear of it
                return open != null && !Long.valueOf(opened).equals(open.getProperty(Constants.SERVICE_ID)) && registered.get() > 0;
            });
            assertEquals("closed once, for the changed setting", 1, unregistering.get());
            assertEquals("opened once, with the changed setting", 1, registered.get());
        } finally {
            context.removeServiceListener(events);
        }
        Await.health(200);
        Await.until("the tenant to be readable again", Duration.ofSeconds(20), () -> support.get("/tenants/settings").status() == 200);
        assertEquals("Settings AG", support.get("/tenants/settings").json().get("name").asText());
    }

    /** @return the suite's database service if one matching the filter is registered, else null */
    private ServiceReference<?> databaseService(String filter) {
        try {
            ServiceReference<?>[] found = context.getAllServiceReferences(DATABASE, filter);
            return found == null ? null : found[0];
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(filter, e);
        }
    }
}
