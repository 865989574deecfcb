package dev.collab.itests.e2e;

import static dev.collab.itests.e2e.Portal.cell;
import static dev.collab.itests.e2e.Portal.delegateRow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import com.fasterxml.jackson.databind.JsonNode;

import dev.collab.itests.Http;
import dev.collab.itests.e2e.web.Browser;
import dev.collab.testkit.Login;

/**
 * An invitation whose link expired, in the GF's overview: "abgelaufen" with "Einladung erneut
 * senden", which mails a new link; and the support's "E-Mail-Benachrichtigungen" of a tenant.
 * Links last at least an hour, so the test lets one expire the way time would: it stops the
 * container, moves the pending invitation's issue and expiry a day back in the container's Derby
 * database, and starts it again on the same data and port. Nothing in the suite reacts to an
 * expiry (the state is the time), so this is all an expiry is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(Browser.Guard.class)
class WebExpiredInvitationIT {
    private static final String GF_PASSWORD = "gf password 12345";
    private static final String MA = "ma@mueller.example";

    private Portal web;

    @BeforeAll
    void start() throws IOException {
        web = Portal.start("web-expired-", dataDir -> { }).seedStory();
    }

    @AfterAll
    void stop() {
        if (web != null) {
            web.close();
        }
    }

    @Test
    void theGfSeesAnExpiredInvitationAndSendsItAgain() throws Exception {
        Broker broker = web.broker;
        Login gf = web.registerGf(GF_PASSWORD);
        broker.invite(gf, MA, "MA", List.of("B")).expect(201);
        String firstToken = Portal.token(web.registrationLink(MA, 1));

        web.restart(WebExpiredInvitationIT::expirePendingInvitations);
        Http api = web.api;
        // same base URL (same port): the broker's calls reach the new process
        Broker again = broker;

        // REST: the contract's status INVITED, with an expiry in the past; the link answers 410
        JsonNode delegate = again.delegates(gf).stream().filter(d -> MA.equals(d.path("email").asText())).findFirst().orElseThrow();
        assertEquals("INVITED", delegate.path("status").asText(), delegate.toString());
        assertTrue(Instant.parse(delegate.path("expiresAt").asText()).isBefore(Instant.now()), delegate.toString());
        assertEquals(410, api.get("/invitations/" + firstToken).status());

        // the screen: "abgelaufen" and the resend
        Browser browser = web.browser("de");
        Portal.signIn(browser, Portal.GF, GF_PASSWORD);
        browser.follow("nav-delegates");
        WebElement row = delegateRow(browser, MA);
        assertEquals("abgelaufen", cell(row, "status"));
        WebElement resend = row.findElement(By.cssSelector("button.resend"));
        assertTrue(resend.getText().contains("erneut senden"), resend.getText());
        browser.check("delegates-expired");

        browser.submitCss("#delegates button.resend");
        assertTrue(browser.text("flash").contains(MA), () -> browser.text("flash"));
        assertEquals("eingeladen", cell(delegateRow(browser, MA), "status"));
        browser.check("delegates-resent");

        String newToken = Portal.token(web.registrationLink(MA, 2));
        assertNotEquals(firstToken, newToken);
        assertEquals(200, api.get("/invitations/" + newToken).status());
        JsonNode resent = again.delegates(gf).stream().filter(d -> MA.equals(d.path("email").asText())).findFirst().orElseThrow();
        assertTrue(Instant.parse(resent.path("expiresAt").asText()).isAfter(Instant.now().plus(Duration.ofDays(13))), resent.toString());
        Portal.signOut(browser);

        // support: the tenant's mail settings on its page
        browser.open("/collab/");
        browser.fill("email", "support").fill("password", CollabProcess.SUPPORT_PASSWORD).submit("login-submit");
        browser.open("/collab/support/tenants/" + Portal.TENANT);
        assertEquals("Voreinstellung des Servers", browser.text("reminder-lead"));
        assertEquals("nicht aktiviert", browser.text("removal-mail-state"));
        browser.fill("reminder-lead-input", "800").submit("save-mails");
        assertTrue(browser.bodyText().contains("ganze Zahl von 0 bis 720"), () -> browser.bodyText());
        browser.fill("reminder-lead-input", "24").click("removal-mail").submit("save-mails");
        assertEquals("24 Stunden vor Ablauf", browser.text("reminder-lead"));
        assertEquals("aktiviert", browser.text("removal-mail-state"));
        browser.check("support-tenant-mails");
        JsonNode tenant = api.as(CollabProcess.SUPPORT).get("/tenants/" + Portal.TENANT).expect(200);
        assertEquals(24, tenant.path("reminderLeadHours").asInt(), tenant.toString());
        assertTrue(tenant.path("removalMail").asBoolean(), tenant.toString());
    }

    /** What a day's wait would do: the pending invitations were issued 15 days ago and expired yesterday. */
    private static void expirePendingInvitations(Path dataDir) throws IOException {
        Portal.editDatabase(dataDir, db -> {
            try (PreparedStatement update = db.prepareStatement("UPDATE INVITATION SET CREATEDAT = ?, EXPIRESAT = ? WHERE STATUS = 'PENDING'")) {
                update.setTimestamp(1, Timestamp.from(Instant.now().minus(Duration.ofDays(15))));
                update.setTimestamp(2, Timestamp.from(Instant.now().minus(Duration.ofDays(1))));
                assertEquals(1, update.executeUpdate(), "pending invitations");
            }
        });
    }
}
