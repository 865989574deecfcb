package dev.collab.itests.e2e;

import static dev.collab.itests.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import dev.collab.itests.Http;
import dev.collab.testkit.Login;

/**
 * The reminder before an invitation expires and the notice to a removed delegate, through a real
 * SMTP server (GreenMail in this JVM) from the container process. The container's reminder pass
 * is configured through a file in its config folder (lead time 2 hours, no minimum age, a pass a
 * second), the tenant's links last one hour: an invitation is due for its reminder at once, the
 * way one of 14 days is 2 days before it expires. A restart of the container sends no second one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReminderMailIT {
    private static final String BASE_URL = "http://portal.test:1234";
    private static final Pattern LINK = Pattern.compile("http://portal\\.test:1234/collab/register\\?token=([A-Za-z0-9_-]{43,})");
    private static final Duration MAIL_LIMIT = Duration.ofSeconds(60);
    private static final String GF = "gf@erinnerung.example";
    private static final String MA = "ma@erinnerung.example";

    private SmtpServer smtp;
    private CollabProcess container;
    private Path data;
    private Map<String, String> env;
    private int port;

    @BeforeAll
    void start() throws IOException {
        int smtpPort = CollabProcess.freePort();
        smtp = SmtpServer.start(smtpPort);
        data = CollabProcess.freshDataDir("remind-");
        Files.createDirectories(data.resolve("config"));
        Files.writeString(data.resolve("config").resolve("dev.collab.reminders.cfg"),
            "leadHours=2\nminimumAgeMinutes=0\nintervalSeconds=1\n");
        env = Map.of(
            "COLLAB_SMTP_HOST", "127.0.0.1",
            "COLLAB_SMTP_PORT", Integer.toString(smtpPort),
            "COLLAB_BASE_URL", BASE_URL);
        port = CollabProcess.freePort();
        container = CollabProcess.start(data, env, port);
    }

    @AfterAll
    void stop() {
        if (container != null) {
            container.stop();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void aPendingInvitationIsRemindedOnceWithItsOwnLinkAndARemovedDelegateIsTold() throws Exception {
        Http api = container.api;
        Broker broker = Broker.seed(api, "erinnerung", "Erinnerung & Partner Makler");
        Http support = api.as(CollabProcess.SUPPORT);
        // reminders off while the GF registers, removal mails still off (the default)
        JsonNode tenant = support.put("/tenants/erinnerung",
            json("{'name':'Erinnerung & Partner Makler','invitationValidityHours':1,'reminderLeadHours':0}")).expect(200);
        assertFalse(tenant.path("removalMail").asBoolean(), tenant.toString());
        broker.grant("Müller GmbH", "GF", List.of("A", "B"), true, GF).expect(201);
        String gfToken = SmtpServer.token(smtp.awaitMessageTo(GF, 1, MAIL_LIMIT, container::logTail), LINK);
        api.post("/invitations/" + gfToken + "/accept", json("{'password':'gf password 12345'}")).expect(200);
        Login gf = new Login(GF, "gf password 12345");

        broker.invite(gf, MA, "MA", List.of("B")).expect(201);
        MimeMessage invitation = smtp.awaitMessageTo(MA, 1, MAIL_LIMIT, container::logTail);
        JsonNode pending = broker.delegates(gf).stream().filter(d -> MA.equals(d.path("email").asText())).findFirst().orElseThrow();
        assertEquals("INVITED", pending.path("status").asText(), pending.toString());
        Instant expiresAt = Instant.parse(pending.path("expiresAt").asText());
        assertTrue(expiresAt.isAfter(Instant.now()) && expiresAt.isBefore(Instant.now().plus(Duration.ofMinutes(61))), pending.toString());

        // support switches the tenant's reminders on (2 hours before expiry) and its removal mails
        tenant = support.put("/tenants/erinnerung", json("{'name':'Erinnerung & Partner Makler','reminderLeadHours':2,'removalMail':true}"))
            .expect(200);
        assertEquals(2, tenant.path("reminderLeadHours").asInt(), tenant.toString());
        assertTrue(tenant.path("removalMail").asBoolean(), tenant.toString());
        Http.Response invalid = support.put("/tenants/erinnerung", json("{'name':'Erinnerung & Partner Makler','reminderLeadHours':721}"));
        assertEquals(400, invalid.status(), invalid.context());
        assertTrue(invalid.body().contains("reminderLeadHours"), invalid.context());

        MimeMessage reminder = smtp.awaitMessageTo(MA, 2, MAIL_LIMIT, container::logTail);
        assertEquals("Erinnerung: Ihre Einladung in das Kundenportal von Erinnerung & Partner Makler läuft bald ab", reminder.getSubject());
        String reminderText = SmtpServer.text(reminder);
        assertTrue(reminderText.contains(GF), "the inviter is not named:\n" + reminderText);
        String token = SmtpServer.token(invitation, LINK);
        assertEquals(token, SmtpServer.token(reminder, LINK), "the reminder carries the invitation's own link");
        assertTrue(SmtpServer.html(reminder).contains(token), "the HTML part has no link");
        JsonNode gfSeesIt = broker.delegates(gf).stream().filter(d -> MA.equals(d.path("email").asText())).findFirst().orElseThrow();
        assertEquals("INVITED", gfSeesIt.path("status").asText(), gfSeesIt.toString());

        // a restart: the pass starts again on the same database and finds nothing owed (same port, so the broker's calls reach it)
        container.stop();
        container = CollabProcess.start(data, env, port);
        api = container.api;
        CollabProcess.sleep(4000);
        assertEquals(2, smtp.messagesTo(MA).size(), "a second reminder after the restart: " + smtp.countByRecipient(r -> true));
        JsonNode audit = api.as(broker.admin).get(broker.path("/audit?limit=500")).expect(200);
        assertEquals(1, Http.items(audit).stream().filter(e -> "invitation.reminded".equals(e.path("action").asText())).count(),
            audit.toString());

        // the link of the first mail registers; then the GF removes the delegate, who is told
        api.post("/invitations/" + token + "/accept", json("{'password':'ma password 12345'}")).expect(200);
        String id = broker.delegates(gf).stream().filter(d -> MA.equals(d.path("email").asText())).findFirst().orElseThrow()
            .path("id").asText();
        assertEquals(204, api.as(gf).delete(broker.path("/me/delegates/" + id)).status());
        MimeMessage ended = smtp.awaitMessageTo(MA, 3, MAIL_LIMIT, container::logTail);
        assertEquals("Ihr Zugriff im Kundenportal von Erinnerung & Partner Makler wurde beendet", ended.getSubject());
        String endedText = SmtpServer.text(ended);
        assertTrue(endedText.contains("Müller GmbH/" + MA), "the grant is not named:\n" + endedText);
        assertFalse(LINK.matcher(endedText).find(), "a link in the removal mail:\n" + endedText);
        audit = api.as(broker.admin).get(broker.path("/audit?limit=500")).expect(200);
        assertEquals(1, Http.items(audit).stream().filter(e -> "member.removal.mailed".equals(e.path("action").asText())).count(),
            audit.toString());
    }
}
