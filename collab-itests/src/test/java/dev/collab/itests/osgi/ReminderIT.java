package dev.collab.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.regex.Matcher;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import dev.collab.itests.Http;
import dev.collab.itests.TenantSeed;
import dev.collab.testkit.Login;
import dev.collab.testkit.Outbox;

/**
 * The reminder pass in the container: a short lead time and links of one hour make an invitation
 * due at once; its one reminder (same link as the invitation) is mailed once, and stays the only
 * one while the core and the mailing bundle are stopped and started again and the pass keeps
 * running (it queues the reminder of an invitation made after the swap meanwhile). Its state is
 * the database alone: a reminder that fell due while the core was out is queued by the first pass
 * after its start. Bundle and service names and HTTP only, like the other tests here.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ReminderIT extends CollabIT {
    private static final String PROFILES = "dev.collab.collab-profiles";
    private static final String MAILING = "dev.collab.collab-invitations";
    private static final String ADMIN = "admin@remind.example";
    private static final String ADMIN_PASSWORD = "reminding admin password";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    public void aPendingInvitationIsRemindedExactlyOnceAcrossBundleSwaps() throws Exception {
        Configuration reminders = context.getService(context.getServiceReference(ConfigurationAdmin.class))
            .getConfiguration("dev.collab.reminders", "?");
        Dictionary<String, Object> config = new Hashtable<>();
        config.put("leadHours", 2);
        config.put("minimumAgeMinutes", 0);
        config.put("intervalSeconds", 1);
        reminders.update(config);

        Outbox outbox = Outbox.of(CollabContainer.dataDir());
        Http support = Http.support();
        Http admin = TenantSeed.tenantWithAdmin(support, "remind", "Erinnerungs-Makler", new Login(ADMIN, ADMIN_PASSWORD));
        TenantSeed.customers(admin, "remind", "A");
        assertEquals(201, admin.post("/tenants/remind/profiles",
            "{\"name\":\"MA\",\"rights\":[\"contracts.view\"],\"delegableProfiles\":[]}").status());
        // links of one hour, no reminders yet: an invitation made now is inside the container's lead time of 2 hours
        Http.Response tenant = support.put("/tenants/remind",
            "{\"name\":\"Erinnerungs-Makler\",\"invitationValidityHours\":1,\"reminderLeadHours\":0}");
        assertEquals(tenant.toString(), 200, tenant.status());
        assertEquals(0, tenant.json().get("reminderLeadHours").asInt());

        grant(admin, "Early", "early@remind.example");
        Await.until("the invitation of early@remind.example", WAIT, () -> outbox.count("early@remind.example") == 1);
        Thread.sleep(3000);
        assertEquals("a tenant with reminders off gets none", 1, outbox.count("early@remind.example"));

        // the core is out while the tenant switches reminders on (the setting is stored for the next start)
        Bundle profiles = Await.bundle(context, PROFILES);
        assertNotNull(profiles);
        profiles.stop();
        try {
            Thread.sleep(1000);
        } finally {
            profiles.start();
        }
        Await.suiteActive(context);
        Await.health(200);
        tenant = support.put("/tenants/remind", "{\"name\":\"Erinnerungs-Makler\",\"reminderLeadHours\":2}");
        assertEquals(tenant.toString(), 200, tenant.status());
        assertEquals(2, tenant.json().get("reminderLeadHours").asInt());

        Await.until("the reminder of early@remind.example", WAIT, () -> outbox.count("early@remind.example") == 2);
        List<String> mails = outbox.byRecipient().get("early@remind.example");
        String invitation = mails.stream().filter(m -> !isReminder(m)).findFirst().orElseThrow();
        String reminder = mails.stream().filter(ReminderIT::isReminder).findFirst().orElseThrow();
        assertEquals("the reminder links to the invitation's own registration", token(invitation), token(reminder));
        assertEquals("the first link still works", 200, Http.anonymous().get("/invitations/" + token(invitation)).status());

        // swap the core and the mailing bundle; the pass runs on, every second
        for (String name : List.of(PROFILES, MAILING)) {
            Bundle bundle = Await.bundle(context, name);
            bundle.stop();
            try {
                Thread.sleep(1500);
            } finally {
                bundle.start();
            }
            Await.suiteActive(context);
            Await.health(200);
        }
        grant(admin, "Late", "late@remind.example");
        Await.until("the invitation and reminder of late@remind.example, from the passes after the swaps", WAIT,
            () -> outbox.count("late@remind.example") == 2);
        Thread.sleep(3000);
        assertEquals("still exactly one reminder of the first invitation", 2, outbox.count("early@remind.example"));
        assertEquals(2, outbox.count("late@remind.example"));

        Http.Response audit = admin.get("/tenants/remind/audit?limit=500");
        assertEquals(audit.toString(), 200, audit.status());
        long reminded = Http.items(audit.json()).stream().filter(e -> "invitation.reminded".equals(e.get("action").asText())).count();
        assertEquals("each reminder audited once", 2, reminded);
    }

    /** The reminder's text says the invitee has not registered yet (quoted-printable lines unfolded). */
    private static boolean isReminder(String mail) {
        return mail.replace("=\r\n", "").replace("=\n", "").contains("noch nicht registriert");
    }

    private static String token(String mail) {
        Matcher link = Outbox.LINK.matcher(mail);
        assertTrue("no registration link in:\n" + mail, link.find());
        return link.group(1);
    }

    private static void grant(Http admin, String name, String email) {
        Http.Response grant = admin.post("/tenants/remind/grants", "{\"name\":\"" + name + "\",\"profile\":\"MA\","
            + "\"customers\":[\"A\"],\"separateDelegateGrants\":false,\"email\":\"" + email + "\"}");
        assertEquals(grant.toString(), 201, grant.status());
    }
}
