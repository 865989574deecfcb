package dev.collab.itests.e2e;

import static dev.collab.itests.Http.json;
import static dev.collab.itests.e2e.Portal.cell;
import static dev.collab.itests.e2e.Portal.delegateRow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * "gültig bis" on the screens: the admin gives the profile MA a limit of 12 months in the profile
 * editor, the GF invites with a date (the dialog names the limit), sees "gültig bis" in the
 * overview and extends it with "Verlängern". Then the end passes the way time would: the test
 * stops the container, moves the membership's end to yesterday in its Derby database and starts
 * it again on the same data; the overview says "abgelaufen" without "Verlängern", the host's
 * decision says no, and the first expiry pass after the start audits {@code member.expired}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(Browser.Guard.class)
class WebValidityIT {
    private static final String GF_PASSWORD = "gf password 12345";
    private static final String MA = "ma@mueller.example";
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd.MM.yyyy");

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
        dataDir = CollabProcess.freshDataDir("web-validity-");
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
    void theGfInvitesWithAnEndExtendsItAndSeesItEnd() throws Exception {
        Broker broker = Broker.seed(container.api, Portal.TENANT, Portal.BROKER_NAME);
        broker.grant(Portal.GRANT, "GF", List.of("A", "B", "C"), true, Portal.GF).expect(201);
        Pattern link = Pattern.compile(Pattern.quote(base) + "/collab/register\\?token=([A-Za-z0-9_-]{43,})");
        String gfToken = SmtpServer.token(smtp.awaitMessageTo(Portal.GF, 1, Portal.MAIL_LIMIT, container::logTail), link);
        container.api.post("/invitations/" + gfToken + "/accept", json("{'password':'" + GF_PASSWORD + "'}")).expect(200);
        Login gf = new Login(Portal.GF, GF_PASSWORD);
        String maProfile = Http.items(container.api.as(broker.admin).get(broker.path("/profiles")).expect(200)).stream()
            .filter(p -> "MA".equals(p.path("name").asText())).findFirst().orElseThrow().path("id").asText();

        // the admin: "max. Gültigkeit (Monate)" in the profile editor
        Browser browser = Browser.start(base, "de");
        Portal.signIn(browser, broker.admin.user(), Broker.ADMIN_PASSWORD);
        browser.open("/collab/admin/profiles/" + maProfile);
        assertTrue(browser.bodyText().contains("max. Gültigkeit (Monate)"), () -> browser.bodyText());
        browser.fill("profile-max-validity", "12");
        browser.check("admin-profile-validity");
        browser.submit("save-profile");
        assertEquals(12, container.api.as(broker.admin).get(broker.path("/profiles/" + maProfile)).expect(200)
            .path("maxValidityMonths").asInt());
        Portal.signOut(browser);

        // the GF: the dialog names the limit; a date beyond it is refused at the field
        Portal.signIn(browser, Portal.GF, GF_PASSWORD);
        browser.follow("nav-delegates");
        browser.follow("add-user");
        browser.fill("invite-email", MA).select("invite-role", "MA").submit("next");
        LocalDate today = LocalDate.now(BERLIN);
        assertTrue(browser.text("valid-until-hint").contains("höchstens 12 Monate"), () -> browser.text("valid-until-hint"));
        assertTrue(browser.text("valid-until-hint").contains(today.plusMonths(12).format(SHOWN)), () -> browser.text("valid-until-hint"));
        Portal.tickCustomers(browser, Set.of("B"));
        date(browser, today.plusMonths(13));
        browser.submit("invite");
        assertTrue(browser.text("valid-until-error").contains("höchstens 12 Monate"), () -> browser.text("valid-until-error"));
        LocalDate chosen = today.plusDays(30);
        Portal.tickCustomers(browser, Set.of("B"));
        date(browser, chosen);
        browser.check("invite-valid-until");
        browser.submit("invite");

        WebElement row = delegateRow(browser, MA);
        assertEquals(chosen.format(SHOWN), cell(row, "valid-until"));
        JsonNode delegate = broker.delegates(gf).get(0);
        assertEquals(chosen.plusDays(1).atStartOfDay(BERLIN).toInstant(), Instant.parse(delegate.path("validUntil").asText()),
            "through the end of the chosen day in the tenant's zone");

        // "Verlängern" before the end
        row.findElement(By.cssSelector("a.extend")).click();
        browser.await(By.id("extend-form"), "the extend form");
        assertTrue(browser.text("extend-intro").contains(chosen.format(SHOWN)), () -> browser.text("extend-intro"));
        browser.check("extend");
        LocalDate later = today.plusDays(90);
        date(browser, later);
        browser.submit("extend");
        assertTrue(browser.text("flash").contains(later.format(SHOWN)), () -> browser.text("flash"));
        assertEquals(later.format(SHOWN), cell(delegateRow(browser, MA), "valid-until"));
        browser.check("delegates-valid-until");
        String ma = delegate.path("userId").asText();
        Portal.signOut(browser);

        // the end passes while the container is down; the first pass after the start records it
        container.stop();
        endYesterday(dataDir);
        container = CollabProcess.start(dataDir, env, port);
        assertFalse(broker.allowed(MA, "B", "contracts.view"), "no access past the end");
        Portal.signIn(browser, Portal.GF, GF_PASSWORD);
        browser.follow("nav-delegates");
        WebElement ended = delegateRow(browser, MA);
        assertEquals("abgelaufen", cell(ended, "status"));
        assertTrue(ended.findElements(By.cssSelector("a.extend")).isEmpty(), "no 'Verlängern' after the end");
        browser.check("delegates-validity-ended");
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        boolean audited = false;
        while (!audited && Instant.now().isBefore(until)) {
            audited = Http.items(container.api.as(broker.admin).get(broker.path("/audit?limit=500")).expect(200)).stream()
                .anyMatch(e -> "member.expired".equals(e.path("action").asText()) && e.path("target").asText().equals(MA));
            if (!audited) {
                Thread.sleep(500);
            }
        }
        assertTrue(audited, "member.expired of " + ma + " in the audit");
    }

    /** Sets the date field as the browser's date picker would (its typed form depends on the browser's locale). */
    private static void date(Browser browser, LocalDate day) {
        browser.script("document.getElementById('valid-until').value = arguments[0];", day.toString());
    }

    /** What the wait would do: every time-bound membership ended yesterday. */
    private static void endYesterday(Path dataDir) throws SQLException {
        EmbeddedDataSource derby = new EmbeddedDataSource();
        derby.setDatabaseName(dataDir.resolve("db").toAbsolutePath().toString());
        try (Connection db = derby.getConnection();
            PreparedStatement update = db.prepareStatement("UPDATE MEMBERSHIP SET VALIDUNTIL = ? WHERE VALIDUNTIL IS NOT NULL")) {
            update.setTimestamp(1, Timestamp.from(Instant.now().minus(Duration.ofDays(1))));
            assertEquals(1, update.executeUpdate(), "time-bound memberships");
        }
        derby.setShutdownDatabase("shutdown");
        try {
            derby.getConnection().close();
        } catch (SQLException e) {
            assertEquals("08006", e.getSQLState(), e.toString());
        }
    }
}
