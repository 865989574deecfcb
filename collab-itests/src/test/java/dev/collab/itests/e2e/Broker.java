package dev.collab.itests.e2e;

import static dev.collab.itests.Http.json;

import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import dev.collab.itests.Http;
import dev.collab.itests.TenantSeed;
import dev.collab.testkit.Login;

/**
 * A tenant set up as in the article's story: support creates it, switches the feature on and
 * adds the admin; the admin adds customers A, B, C and the profiles MA and GF (GF may hand out MA).
 */
final class Broker {
    static final String ADMIN_PASSWORD = "a long admin password";

    final Http api;
    final String tenant;
    final Login admin;

    private Broker(Http api, String tenant, Login admin) {
        this.api = api;
        this.tenant = tenant;
        this.admin = admin;
    }

    static Broker seed(Http api, String tenant, String name) {
        Broker broker = new Broker(api, tenant, new Login("admin@" + tenant + ".example", ADMIN_PASSWORD));
        TenantSeed.customers(TenantSeed.tenantWithAdmin(api.as(CollabProcess.SUPPORT), tenant, name, broker.admin), tenant, "A", "B", "C");
        api.as(broker.admin).post(broker.path("/profiles"),
            json("{'name':'MA','rights':['contracts.view','documents.view'],'delegableProfiles':[]}")).expect(201);
        api.as(broker.admin).post(broker.path("/profiles"),
            json("{'name':'GF','rights':['contracts.view','claims.view'],'delegableProfiles':['MA']}")).expect(201);
        return broker;
    }

    String path(String below) {
        return "/tenants/" + tenant + below;
    }

    /** POST /grants for a new e-mail: the admin's invitation. */
    Http.Response grant(String name, String profile, List<String> customers, boolean separate, String email) {
        String ids = customers.stream().map(c -> "'" + c + "'").collect(Collectors.joining(",", "[", "]"));
        String body = Http.JSON.createObjectNode().put("name", name).put("profile", profile).put("separateDelegateGrants", separate)
            .put("email", email).set("customers", readTree(json(ids))).toString();
        return api.as(admin).post(path("/grants"), body);
    }

    /** POST /me/delegates as {@code inviter}: a delegate's invitation. */
    Http.Response invite(Login inviter, String email, String profile, List<String> customers) {
        String ids = customers.stream().map(c -> "'" + c + "'").collect(Collectors.joining(",", "[", "]"));
        return api.as(inviter).post(path("/me/delegates"),
            json("{'email':'" + email + "','profile':'" + profile + "','customers':" + ids + "}"));
    }

    /** GET /me/delegates as {@code inviter}: the overview. */
    List<JsonNode> delegates(Login inviter) {
        return Http.items(api.as(inviter).get(path("/me/delegates?limit=500")).expect(200));
    }

    boolean allowed(String user, String customer, String right) {
        return api.as(admin).get(path("/access?user=" + user + "&customer=" + customer + "&right=" + right)).expect(200)
            .path("allowed").asBoolean();
    }

    private static JsonNode readTree(String json) {
        try {
            return Http.JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
