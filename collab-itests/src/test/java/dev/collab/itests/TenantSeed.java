package dev.collab.itests;

import dev.collab.testkit.Login;

/**
 * The start every REST test of a tenant shares, as API.md orders it: support creates the tenant,
 * switches delegated access on and adds the first admin; the admin enters customers in the
 * host's directory. Each step must succeed, or the test fails naming the answer.
 */
public final class TenantSeed {
    private TenantSeed() {
    }

    /** @return the admin's client on the same container */
    public static Http tenantWithAdmin(Http support, String tenant, String name, Login admin) {
        support.put("/tenants/" + tenant, Http.JSON.createObjectNode().put("name", name).toString()).expect(201);
        support.put("/tenants/" + tenant + "/features/delegatedAccess", "{\"enabled\":true}").expect(200);
        support.post("/tenants/" + tenant + "/admins",
            Http.JSON.createObjectNode().put("email", admin.user()).put("password", admin.password()).toString()).expect(201);
        return support.as(admin);
    }

    /** Customers named "Kunde " and their id. */
    public static void customers(Http admin, String tenant, String... ids) {
        for (String id : ids) {
            admin.put("/tenants/" + tenant + "/customers/" + id, "{\"name\":\"Kunde " + id + "\"}").expect(201);
        }
    }
}
