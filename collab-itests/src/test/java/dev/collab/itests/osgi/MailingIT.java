package dev.collab.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;

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

import dev.collab.itests.Http;
import dev.collab.itests.TenantSeed;
import dev.collab.testkit.Login;
import dev.collab.testkit.Outbox;

/**
 * The mailing bundle in the container: without SMTP settings the .eml file transport writes each
 * invitation mail to {@code <data>/outbox-mail}; registration works with the link read from the
 * file; a stopped mailing bundle leaves new invitations in the outbox, and starting it mails them.
 * Only the dispatcher reaches the outbox. Works with bundle and service names and HTTP only, so no
 * suite API type is loaded by this class.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MailingIT extends CollabIT {
    private static final String MAILING = "dev.collab.collab-invitations";
    private static final String OUTBOX = "dev.collab.api.mail.MailOutbox";
    private static final String ADMIN = "admin@mailing.example";
    private static final String ADMIN_PASSWORD = "mailing admin password";

    @Test
    public void invitationMailsAreWrittenAndAStoppedMailingBundleCatchesUp() throws Exception {
        Outbox outbox = Outbox.of(CollabContainer.dataDir());
        Http admin = TenantSeed.tenantWithAdmin(Http.support(), "mailing", "Mailing Makler", new Login(ADMIN, ADMIN_PASSWORD));
        TenantSeed.customers(admin, "mailing", "A");
        assertEquals(201, admin.post("/tenants/mailing/profiles",
            "{\"name\":\"MA\",\"rights\":[\"contracts.view\"],\"delegableProfiles\":[]}").status());

        // An admin grant invites; the mail appears as a file, and its link registers.
        grant(admin, "First", "first@mailing.example");
        Await.until("the .eml of first@mailing.example", Duration.ofSeconds(30),
            () -> outbox.byRecipient().containsKey("first@mailing.example"));
        String mail = outbox.byRecipient().get("first@mailing.example").get(0);
        Matcher link = Outbox.LINK.matcher(mail);
        assertTrue("no registration link in:\n" + mail, link.find());
        String token = link.group(1);
        Http.Response info = Http.anonymous().get("/invitations/" + token);
        assertEquals(info.toString(), 200, info.status());
        assertEquals("first@mailing.example", info.json().get("email").asText());
        // the link's expiry in the tenant's zone (the default, Europe/Berlin), not in UTC; quoted-printable lines unfolded
        String expiry = DateTimeFormatter.ofPattern("dd.MM.yyyy, HH:mm").withZone(ZoneId.of("Europe/Berlin"))
            .format(Instant.parse(info.json().get("expiresAt").asText()));
        String unfolded = mail.replace("=\r\n", "").replace("=\n", "");
        assertTrue("no expiry " + expiry + " (Europe/Berlin) in:\n" + mail, unfolded.contains("gilt bis zum " + expiry + " Uhr"));
        assertFalse("an expiry in UTC in:\n" + mail, unfolded.contains("Uhr (UTC)"));
        Http.Response accepted = Http.anonymous().post("/invitations/" + token + "/accept", "{\"password\":\"first password 123\"}");
        assertEquals(accepted.toString(), 200, accepted.status());
        assertEquals(200, Http.as("first@mailing.example", "first password 123").get("/tenants/mailing/me").status());

        // The mailing bundle stops; invitations are still created, and wait in the outbox.
        Bundle mailing = Await.bundle(context, MAILING);
        assertNotNull(MAILING + " is not installed", mailing);
        mailing.stop();
        try {
            List<String> invited = List.of("late1@mailing.example", "late2@mailing.example", "late3@mailing.example");
            for (int i = 0; i < invited.size(); i++) {
                grant(admin, "Late " + i, invited.get(i));
            }
            Thread.sleep(2000);
            Map<String, List<String>> meanwhile = outbox.byRecipient();
            for (String email : invited) {
                assertTrue("a mail to " + email + " was written while the mailing bundle was stopped", !meanwhile.containsKey(email));
            }

            mailing.start();
            Await.until("the .eml files of the three invitations made while mailing was stopped", Duration.ofSeconds(30),
                () -> outbox.byRecipient().keySet().containsAll(invited));
            Map<String, List<String>> after = outbox.byRecipient();
            for (String email : invited) {
                assertEquals("mails to " + email, 1, after.get(email).size());
                assertTrue(Outbox.LINK.matcher(after.get(email).get(0)).find());
            }
            assertEquals(1, after.get("first@mailing.example").size());
        } finally {
            if (mailing.getState() != Bundle.ACTIVE) {
                mailing.start();
            }
        }
    }

    /**
     * The outbox's {@code due()} unseals every tenant's tokens, so it is the dispatcher's alone:
     * this test probe, a bundle like a partner's, neither finds the service nor hears of it, and
     * is refused its object even with a reference it came by otherwise (the registrar's list of
     * registered services, which no hook filters). Naming a bundle in {@code dev.collab.mail.outbox}
     * lets it in; the dispatcher mails throughout.
     */
    @Test
    public void onlyTheDispatcherReachesTheOutbox() throws Exception {
        Bundle profiles = Await.bundle(context, "dev.collab.collab-profiles");
        Await.until("the outbox service", Duration.ofSeconds(30), () -> outboxOf(profiles) != null);
        assertHidden();
        ServiceReference<?> bypass = outboxOf(profiles);
        assertNull("the probe got the outbox through the registrar's registered services", context.getService(bypass));

        List<ServiceEvent> heard = new CopyOnWriteArrayList<>();
        ServiceListener listener = heard::add;
        context.addServiceListener(listener, "(objectClass=" + OUTBOX + ")");
        ServiceReference<ConfigurationAdmin> cmReference = context.getServiceReference(ConfigurationAdmin.class);
        Configuration access = context.getService(cmReference).getConfiguration("dev.collab.mail.outbox", "?");
        try {
            // registered anew under a configuration that still leaves this bundle out: not heard of
            Object before = bypass.getProperty(Constants.SERVICE_ID);
            access.update(dispatchers(MAILING, "dev.collab.someone-else"));
            Await.until("the outbox registered again", Duration.ofSeconds(30),
                () -> outboxOf(profiles) != null && !before.equals(outboxOf(profiles).getProperty(Constants.SERVICE_ID)));
            assertHidden();
            assertEquals("service events of the outbox delivered to the probe", List.of(), heard);

            // named in the configuration, this bundle finds and gets it
            access.update(dispatchers(MAILING, context.getBundle().getSymbolicName()));
            Await.until("the outbox visible to a bundle the configuration names", Duration.ofSeconds(30), () -> {
                try {
                    ServiceReference<?>[] found = context.getServiceReferences(OUTBOX, null);
                    if (found == null || context.getService(found[0]) == null) {
                        return false;
                    }
                    context.ungetService(found[0]);
                    return true;
                } catch (InvalidSyntaxException e) {
                    throw new AssertionError(e);
                }
            });
        } finally {
            access.delete();
            context.removeServiceListener(listener);
            context.ungetService(cmReference);
        }
        Await.until("the outbox hidden again", Duration.ofSeconds(30), () -> {
            try {
                return context.getServiceReferences(OUTBOX, null) == null;
            } catch (InvalidSyntaxException e) {
                throw new AssertionError(e);
            }
        });
        assertHidden();

        // the dispatcher still mails
        Outbox outbox = Outbox.of(CollabContainer.dataDir());
        Http admin = TenantSeed.tenantWithAdmin(Http.support(), "outbox", "Outbox Makler", new Login("admin@outbox.example", ADMIN_PASSWORD));
        TenantSeed.customers(admin, "outbox", "A");
        assertEquals(201, admin.post("/tenants/outbox/profiles",
            "{\"name\":\"MA\",\"rights\":[\"contracts.view\"],\"delegableProfiles\":[]}").status());
        Http.Response grant = admin.post("/tenants/outbox/grants", "{\"name\":\"Mailed\",\"profile\":\"MA\","
            + "\"customers\":[\"A\"],\"separateDelegateGrants\":false,\"email\":\"mailed@outbox.example\"}");
        assertEquals(grant.toString(), 201, grant.status());
        Await.until("the .eml of mailed@outbox.example", Duration.ofSeconds(30),
            () -> outbox.byRecipient().containsKey("mailed@outbox.example"));
    }

    private void assertHidden() throws InvalidSyntaxException {
        assertNull("getServiceReferences", context.getServiceReferences(OUTBOX, null));
        assertNull("getAllServiceReferences", context.getAllServiceReferences(OUTBOX, null));
        assertNull("a lookup by filter", context.getServiceReferences((String) null, "(objectClass=" + OUTBOX + ")"));
    }

    /** The outbox as its registrar lists it: {@code Bundle.getRegisteredServices} passes no find hook. */
    private static ServiceReference<?> outboxOf(Bundle profiles) {
        ServiceReference<?>[] registered = profiles.getRegisteredServices();
        if (registered == null) {
            return null;
        }
        for (ServiceReference<?> reference : registered) {
            if (Arrays.asList((String[]) reference.getProperty(Constants.OBJECTCLASS)).contains(OUTBOX)) {
                return reference;
            }
        }
        return null;
    }

    private static Dictionary<String, Object> dispatchers(String... names) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("dispatchers", names);
        return properties;
    }

    private static void grant(Http admin, String name, String email) {
        Http.Response grant = admin.post("/tenants/mailing/grants", "{\"name\":\"" + name + "\",\"profile\":\"MA\","
            + "\"customers\":[\"A\"],\"separateDelegateGrants\":false,\"email\":\"" + email + "\"}");
        assertEquals(grant.toString(), 201, grant.status());
    }
}
