package dev.collab.itests.e2e;

import static dev.collab.itests.e2e.Rest.json;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tenant set up as in the article's story: support creates it, switches the feature on and
 * adds the admin; the admin adds customers A, B, C and the profiles MA and GF (GF may hand out MA).
 */
final class Broker {
    static final String ADMIN_PASSWORD = "a long admin password";

    final Rest api;
    final String tenant;
    final Rest.Login admin;

    private Broker(Rest api, String tenant, Rest.Login admin) {
        this.api = api;
        this.tenant = tenant;
        this.admin = admin;
    }

    static Broker seed(Rest api, String tenant, String name) {
        Rest.Login support = CollabProcess.SUPPORT;
        api.expect(201, api.put("/tenants/" + tenant, support, Rest.JSON.createObjectNode().put("name", name).toString()));
        api.expect(200, api.put("/tenants/" + tenant + "/features/delegatedAccess", support, json("{'enabled':true}")));
        String adminEmail = "admin@" + tenant + ".example";
        api.expect(201, api.post("/tenants/" + tenant + "/admins", support,
            json("{'email':'" + adminEmail + "','password':'" + ADMIN_PASSWORD + "'}")));
        Broker broker = new Broker(api, tenant, new Rest.Login(adminEmail, ADMIN_PASSWORD));
        for (String c : List.of("A", "B", "C")) {
            api.expect(201, api.put(broker.path("/customers/" + c), broker.admin, json("{'name':'Kunde " + c + "'}")));
        }
        api.expect(201, api.post(broker.path("/profiles"), broker.admin,
            json("{'name':'MA','rights':['contracts.view','documents.view'],'delegableProfiles':[]}")));
        api.expect(201, api.post(broker.path("/profiles"), broker.admin,
            json("{'name':'GF','rights':['contracts.view','claims.view'],'delegableProfiles':['MA']}")));
        return broker;
    }

    String path(String below) {
        return "/tenants/" + tenant + below;
    }

    /** POST /grants for a new e-mail: the admin's invitation. */
    HttpResponse<String> grant(String name, String profile, List<String> customers, boolean separate, String email) {
        String ids = customers.stream().map(c -> "'" + c + "'").collect(Collectors.joining(",", "[", "]"));
        String body = Rest.JSON.createObjectNode().put("name", name).put("profile", profile).put("separateDelegateGrants", separate)
            .put("email", email).set("customers", readTree(json(ids))).toString();
        return api.post(path("/grants"), admin, body);
    }

    /** POST /me/delegates as {@code inviter}: a delegate's invitation. */
    HttpResponse<String> invite(Rest.Login inviter, String email, String profile, List<String> customers) {
        String ids = customers.stream().map(c -> "'" + c + "'").collect(Collectors.joining(",", "[", "]"));
        return api.post(path("/me/delegates"), inviter,
            json("{'email':'" + email + "','profile':'" + profile + "','customers':" + ids + "}"));
    }

    /** GET /me/delegates as {@code inviter}: the overview. */
    List<JsonNode> delegates(Rest.Login inviter) {
        return Rest.items(api.expect(200, api.get(path("/me/delegates?limit=500"), inviter)));
    }

    boolean allowed(String user, String customer, String right) {
        return api.expect(200, api.get(path("/access?user=" + user + "&customer=" + customer + "&right=" + right), admin))
            .path("allowed").asBoolean();
    }

    private static JsonNode readTree(String json) {
        try {
            return Rest.JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
