package dev.collab.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

import com.fasterxml.jackson.databind.JsonNode;

import dev.collab.itests.Http;

/** A host's customer directory and login win over the embedded defaults, which return when they leave. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HostExtensionsIT extends CollabIT {
    private static final String PASSWORD = "host extension admin";

    private Http admin() {
        Http support = Http.support();
        if (support.get("/tenants/host").status() == 404) {
            assertEquals(201, support.put("/tenants/host", "{\"name\":\"Host Test\"}").status());
            assertEquals(201, support.post("/tenants/host/admins", "{\"email\":\"a@host.example\",\"password\":\"" + PASSWORD + "\"}").status());
        }
        return Http.as("a@host.example", PASSWORD);
    }

    @Test
    public void theHostsCustomerDirectoryReplacesTheDemoDirectory() {
        Http admin = admin();
        assertEquals(201, admin.put("/tenants/host/customers/DEMO1", "{\"name\":\"Demo customer\"}").status());
        ServiceRegistration<?> host = HostServices.directory(context, Map.of("H1", "Host customer 1", "H2", "Host customer 2"));
        try {
            JsonNode items = admin.get("/tenants/host/customers").json().get("items");
            assertEquals(2, items.size());
            assertEquals("H1", items.get(0).get("id").asText());
            Http.Response write = admin.put("/tenants/host/customers/X", "{\"name\":\"refused\"}");
            assertEquals(write.toString(), 405, write.status());
            assertTrue(write.contentType().startsWith("application/problem+json"));
        } finally {
            host.unregister();
        }
        JsonNode back = admin.get("/tenants/host/customers").json().get("items");
        assertEquals("the demo directory is back", "DEMO1", back.get(0).get("id").asText());
    }

    @Test
    public void theHostsLoginReplacesHttpBasic() {
        Http admin = admin();
        assertEquals(200, admin.get("/tenants/host/rights").status());
        ServiceRegistration<?> login = HostServices.login(context, "host-admin");
        try {
            Http viaHost = Http.withAuthorization("HostToken admin@host.example");
            assertEquals(200, viaHost.get("/tenants/host/rights").status());
            assertEquals("the host's login replaced Basic", 401, admin.get("/tenants/host/rights").status());
        } finally {
            login.unregister();
        }
        assertEquals("HTTP Basic is back", 200, admin.get("/tenants/host/rights").status());
    }
}
