package dev.collab.itests.e2e;

import static dev.collab.itests.Http.json;
import static dev.collab.itests.e2e.Portal.cell;
import static dev.collab.itests.e2e.Portal.delegateRow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.derby.jdbc.EmbeddedDataSource;
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

    private SmtpServer smtp;
    private CollabProcess container;
    private Path dataDir;
    private int port;
    private Map<String, String> env;
    private String base;

    @BeforeAll
    void start() throws IOException {
        int smtpPort = CollabProcess.freePort();
        smtp = SmtpServer.start(smtpPort);
        port = CollabProcess.freePort();
        base = "http://localhost:" + port;
        dataDir = CollabProcess.freshDataDir("web-expired-");
        env = Map.of("COLLAB_SMTP_HOST", "127.0.0.1", "COLLAB_SMTP_PORT", Integer.toString(smtpPort), "COLLAB_BASE_URL", base);
        container = CollabProcess.start(dataDir, env, port);
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
    void theGfSeesAnExpiredInvitationAndSendsItAgain() throws Exception {
        Broker broker = Broker.seed(container.api, Portal.TENANT, Portal.BROKER_NAME);
        broker.grant(Portal.GRANT, "GF", List.of("A", "B", "C"), true, Portal.GF).expect(201);
        Pattern link = Pattern.compile(Pattern.quote(base) + "/collab/register\\?token=([A-Za-z0-9_-]{43,})");
        String gfToken = SmtpServer.token(smtp.awaitMessageTo(Portal.GF, 1, Portal.MAIL_LIMIT, container::logTail), link);
        container.api.post("/invitations/" + gfToken + "/accept", json("{'password':'" + GF_PASSWORD + "'}")).expect(200);
        Login gf = new Login(Portal.GF, GF_PASSWORD);
        broker.invite(gf, MA, "MA", List.of("B")).expect(201);
        String firstToken = SmtpServer.token(smtp.awaitMessageTo(MA, 1, Portal.MAIL_LIMIT, container::logTail), link);

        container.stop();
        expirePendingInvitations(dataDir);
        container = CollabProcess.start(dataDir, env, port);
        Http api = container.api;
        // same base URL (same port): the broker's calls reach the new process
        Broker again = broker;

        // REST: the contract's status INVITED, with an expiry in the past; the link answers 410
        JsonNode delegate = again.delegates(gf).stream().filter(d -> MA.equals(d.path("email").asText())).findFirst().orElseThrow();
        assertEquals("INVITED", delegate.path("status").asText(), delegate.toString());
        assertTrue(Instant.parse(delegate.path("expiresAt").asText()).isBefore(Instant.now()), delegate.toString());
        assertEquals(410, api.get("/invitations/" + firstToken).status());

        // the screen: "abgelaufen" and the resend
        Browser browser = Browser.start(base, "de");
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

        String newToken = SmtpServer.token(smtp.awaitMessageTo(MA, 2, Portal.MAIL_LIMIT, container::logTail), link);
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
    private static void expirePendingInvitations(Path dataDir) throws SQLException {
        // the container's own way in (its Database component): the embedded data source, no DriverManager
        EmbeddedDataSource derby = new EmbeddedDataSource();
        derby.setDatabaseName(dataDir.resolve("db").toAbsolutePath().toString());
        try (Connection db = derby.getConnection();
            PreparedStatement update = db.prepareStatement("UPDATE INVITATION SET CREATEDAT = ?, EXPIRESAT = ? WHERE STATUS = 'PENDING'")) {
            update.setTimestamp(1, Timestamp.from(Instant.now().minus(Duration.ofDays(15))));
            update.setTimestamp(2, Timestamp.from(Instant.now().minus(Duration.ofDays(1))));
            assertEquals(1, update.executeUpdate(), "pending invitations");
        }
        derby.setShutdownDatabase("shutdown");
        try {
            derby.getConnection().close();
        } catch (SQLException e) {
            // 08006: the database was shut down, as asked
            assertEquals("08006", e.getSQLState(), e.toString());
        }
    }
}
