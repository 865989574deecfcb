package dev.collab.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;

import dev.collab.itests.Http;
import dev.collab.itests.TenantSeed;
import dev.collab.testkit.Login;
import dev.collab.testkit.Outbox;

/**
 * The access review's pass in the container, over HTTP: the pass's time comes from a
 * {@link Clock} service the test registers ({@code collab.clock=review}) and moves ahead, so a
 * month passes without waiting. The GF's review is asked for exactly once, also across a stop
 * and start of the core (the state is the database), the review answers over REST with its
 * deadline, a completion with a delegate left out is refused naming them, and past the deadline
 * (mode REVOKE) the delegates the GF did not confirm lose their access, audited as the pass's.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ReviewIT extends CollabIT {
    private static final String PROFILES = "dev.collab.collab-profiles";
    private static final String T = "review";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    public void theReviewIsAskedOnceAndUnconfirmedDelegatesLoseAccessAfterTheDeadline() throws Exception {
        Configuration reminders = context.getService(context.getServiceReference(ConfigurationAdmin.class))
            .getConfiguration("dev.collab.reminders", "?");
        Dictionary<String, Object> config = new Hashtable<>();
        config.put("intervalSeconds", 1);
        reminders.update(config);

        Outbox outbox = Outbox.of(CollabContainer.dataDir());
        Http support = Http.support();
        Login adminLogin = new Login("admin@review.example", "reviewing admin password");
        Http admin = TenantSeed.tenantWithAdmin(support, T, "Überprüfungs-Makler", adminLogin);
        TenantSeed.customers(admin, T, "A", "B");
        support.put("/tenants/" + T + "/features/delegatedAccess", "{\"enabled\":true}").expect(200);
        admin.post("/tenants/" + T + "/profiles", "{\"name\":\"MA\",\"rights\":[\"contracts.view\"],\"delegableProfiles\":[]}").expect(201);
        admin.post("/tenants/" + T + "/profiles", "{\"name\":\"GF\",\"rights\":[\"contracts.view\"],\"delegableProfiles\":[\"MA\"]}")
            .expect(201);
        admin.post("/tenants/" + T + "/grants", "{\"name\":\"Schmidt KG\",\"profile\":\"GF\",\"customers\":[\"A\",\"B\"],"
            + "\"separateDelegateGrants\":true,\"email\":\"gf@schmidt.example\"}").expect(201);
        String token = outbox.awaitToken("gf@schmidt.example", 60);
        Http.anonymous().post("/invitations/" + token + "/accept", "{\"password\":\"gf password 123456\"}").expect(200);
        Http gf = Http.as("gf@schmidt.example", "gf password 123456");
        String keep = gf.post("/tenants/" + T + "/me/delegates", "{\"email\":\"keep@schmidt.example\",\"profile\":\"MA\",\"customers\":[\"A\"]}")
            .expect(201).path("id").asText();
        String drop = gf.post("/tenants/" + T + "/me/delegates", "{\"email\":\"drop@schmidt.example\",\"profile\":\"MA\",\"customers\":[\"B\"]}")
            .expect(201).path("id").asText();

        // the broker admin requires the review of their tenant (support may too, through the tenant's PUT)
        assertEquals(403, gf.put("/tenants/" + T + "/review-settings", "{\"reviewDays\":30}").status());
        assertEquals(400, admin.put("/tenants/" + T + "/review-settings", "{\"reviewDays\":3}").problem(400).path("status").asInt());
        JsonNode tenant = admin.put("/tenants/" + T + "/review-settings", "{\"reviewDays\":30,\"reviewMode\":\"REVOKE\"}").expect(200);
        assertEquals(30, tenant.path("reviewDays").asInt());
        assertEquals(14, tenant.path("reviewGraceDays").asInt());
        assertEquals("REVOKE", tenant.path("reviewMode").asText());
        assertEquals(400, support.put("/tenants/" + T, "{\"name\":\"Überprüfungs-Makler\",\"reviewDays\":3}").status());

        JsonNode review = gf.get("/tenants/" + T + "/me/review").expect(200);
        assertTrue(review.toString(), review.path("required").asBoolean());
        assertEquals(2, review.path("delegates").size());
        assertTrue(review.toString(), review.path("deadlineAt").isNull());
        Thread.sleep(2500);
        assertEquals("not due before 30 days", 0, reviewMails(outbox));

        // a month later, for the pass
        ServiceRegistration<Clock> month = clock(Duration.ofDays(31));
        try {
            Await.until("the GF's review mail", WAIT, () -> reviewMails(outbox) == 1);
            review = gf.get("/tenants/" + T + "/me/review").expect(200);
            assertFalse(review.toString(), review.path("deadlineAt").isNull());

            // the core stops and starts: the request is not repeated
            Bundle profiles = Await.bundle(context, PROFILES);
            profiles.stop();
            profiles.start();
            Await.suiteActive(context);
            Await.health(200);
            Thread.sleep(3000);
            assertEquals("asked exactly once", 1, reviewMails(outbox));
        } finally {
            month.unregister();
        }

        JsonNode refused = gf.post("/tenants/" + T + "/me/review", "{\"keep\":[\"" + keep + "\"],\"remove\":[]}").problem(400);
        assertTrue(refused.toString(), refused.toString().contains("drop@schmidt.example"));
        assertEquals("keep", refused.path("errors").get(0).path("field").asText());
        assertEquals(404, gf.post("/tenants/" + T + "/me/review", "{\"keep\":[\"" + keep + "\",\"" + drop + "\",\"nope\"]}").status());

        // the GF lets the deadline pass: both were invited before the request and neither was confirmed
        ServiceRegistration<Clock> late = clock(Duration.ofDays(31 + 15));
        try {
            Await.until("the revocation", WAIT, () -> gf.get("/tenants/" + T + "/me/delegates").json().path("items").size() == 0);
        } finally {
            late.unregister();
        }
        assertFalse(allowed(admin, "keep@schmidt.example", "A"));
        assertFalse(allowed(admin, "drop@schmidt.example", "B"));
        List<String> actions = Http.items(admin.get("/tenants/" + T + "/audit?limit=500").expect(200)).stream()
            .map(e -> e.path("action").asText() + " " + e.path("actor").asText()).toList();
        assertEquals(actions.toString(), 1, actions.stream().filter("review.requested system:review"::equals).count());
        assertEquals(actions.toString(), 1, actions.stream().filter("review.revoked system:review"::equals).count());
        assertEquals(actions.toString(), 2, actions.stream().filter("member.removed system:review"::equals).count());
        Await.until("the revocation note", WAIT, () -> reviewMails(outbox) == 2);

        // a review with nobody left to decide about completes, and records the review
        JsonNode done = gf.post("/tenants/" + T + "/me/review", "{\"keep\":[],\"remove\":[]}").expect(200);
        assertFalse(done.toString(), done.path("reviewedAt").isNull());
    }

    private ServiceRegistration<Clock> clock(Duration ahead) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("collab.clock", "review");
        props.put(Constants.SERVICE_RANKING, (int) ahead.toDays());
        return context.registerService(Clock.class, Clock.offset(Clock.systemUTC(), ahead), props);
    }

    private static long reviewMails(Outbox outbox) {
        return outbox.byRecipient().getOrDefault("gf@schmidt.example", List.of()).stream()
            .filter(m -> m.replace("=\r\n", "").replace("=\n", "").contains("/collab/review")).count();
    }

    private static boolean allowed(Http admin, String user, String customer) {
        return admin.get("/tenants/" + T + "/access?user=" + user + "&customer=" + customer + "&right=contracts.view").expect(200)
            .path("allowed").asBoolean();
    }
}
