package dev.collab.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

import com.fasterxml.jackson.databind.JsonNode;

import dev.collab.itests.Http;

/** Rights contributed by other bundles appear in the catalog while they are there, and only then. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PartnerRightsIT extends CollabIT {
    private static final String PASSWORD = "partner admin password";

    @Test
    public void aPartnersRightJoinsTheCatalogAndLeavesWithItsBundle() {
        Http support = Http.support();
        support.put("/tenants/partner", "{\"name\":\"Partner Test\"}");
        support.put("/tenants/partner/features/delegatedAccess", "{\"enabled\":true}");
        support.post("/tenants/partner/admins", "{\"email\":\"admin@partner.example\",\"password\":\"" + PASSWORD + "\"}");
        Http admin = Http.as("admin@partner.example", PASSWORD);
        assertEquals(6, admin.get("/tenants/partner/rights").json().get("items").size());

        ServiceRegistration<?> partner = PartnerRights.register(context, 10, "invoices.view", "View invoices");
        ServiceRegistration<?> retitle = PartnerRights.register(context, 20, "claims.view", "Schäden ansehen");
        try {
            JsonNode items = admin.get("/tenants/partner/rights").json().get("items");
            assertEquals(7, items.size());
            assertTrue(items.toString().contains("\"invoices.view\""));
            assertTrue("the higher-ranked provider titles a right", items.toString().contains("Schäden ansehen"));
            Http.Response profile = admin.post("/tenants/partner/profiles",
                "{\"name\":\"Buchhaltung\",\"rights\":[\"invoices.view\"]}");
            assertEquals(profile.toString(), 201, profile.status());
        } finally {
            partner.unregister();
            retitle.unregister();
        }
        JsonNode after = admin.get("/tenants/partner/rights").json().get("items");
        assertEquals(6, after.size());
        assertFalse(after.toString().contains("invoices.view"));
        assertTrue(after.toString().contains("View claims"));
        assertEquals("an unknown right is refused once its provider left", 400,
            admin.post("/tenants/partner/profiles", "{\"name\":\"Again\",\"rights\":[\"invoices.view\"]}").status());
    }
}
