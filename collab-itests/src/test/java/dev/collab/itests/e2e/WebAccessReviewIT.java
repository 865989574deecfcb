package dev.collab.itests.e2e;

import static dev.collab.itests.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

import com.fasterxml.jackson.databind.JsonNode;

import dev.collab.itests.Http;
import dev.collab.itests.e2e.web.Browser;
import dev.collab.testkit.Login;

/**
 * "Zugriffe überprüfen" end to end: support asks for a review every 30 days (mode REVOKE); the
 * delegates were invited 31 days ago (the test moves their invitation times back in the stopped
 * container's Derby database, the way time would, and starts it again: the first pass after the
 * start finds the review due, so the schedule survived the restart); the GF and the team leader
 * each get the mail over SMTP (GreenMail); the GF opens the mailed link, signs in, lands on the
 * review, keeps the employee, removes the team leader (the confirmation says one more person goes
 * with them) and completes. Screens: {@code review}, {@code review-confirm}, {@code delegates-review-due}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(Browser.Guard.class)
class WebAccessReviewIT {
    private static final String GF_PASSWORD = "gf password 12345";
    private static final String TL_PASSWORD = "tl password 12345";
    private static final String TL = "tl@mueller.example";
    private static final String MA = "ma@mueller.example";
    private static final String SUB = "sub@mueller.example";

    private Portal web;

    @BeforeAll
    void start() throws IOException {
        web = Portal.start("web-review-", dataDir -> { });
    }

    @AfterAll
    void stop() {
        if (web != null) {
            web.close();
        }
    }

    @Test
    void theGfOpensTheMailedReviewKeepsOneAndRemovesOneWithTheirPeople() throws Exception {
        Broker broker = Broker.seed(web.api, Portal.TENANT, Portal.BROKER_NAME);
        Http admin = web.api.as(new Login("admin@" + Portal.TENANT + ".example", Broker.ADMIN_PASSWORD));
        admin.post("/tenants/" + Portal.TENANT + "/profiles",
            json("{'name':'TL','rights':['contracts.view'],'delegableProfiles':['MA']}")).expect(201);
        String gfProfile = Http.items(admin.get("/tenants/" + Portal.TENANT + "/profiles").expect(200)).stream()
            .filter(p -> "GF".equals(p.path("name").asText())).findFirst().orElseThrow().path("id").asText();
        admin.put("/tenants/" + Portal.TENANT + "/profiles/" + gfProfile,
            json("{'name':'GF','rights':['contracts.view','claims.view'],'delegableProfiles':['MA','TL']}")).expect(200);
        // the broker admin requires the review on their home screen
        try (Browser adminBrowser = web.browser("de")) {
            Portal.signIn(adminBrowser, "admin@" + Portal.TENANT + ".example", Broker.ADMIN_PASSWORD);
            assertEquals("aus", adminBrowser.text("review-state"));
            adminBrowser.fill("review-days-input", "3").submit("save-review");
            assertTrue(adminBrowser.has("review-days-input-error"), "7 to 730 days: " + adminBrowser.bodyText());
            adminBrowser.fill("review-days-input", "30").fill("review-grace-input", "14").select("review-mode", "REVOKE");
            adminBrowser.submit("save-review");
            assertTrue(adminBrowser.text("flash").contains("gespeichert"), adminBrowser.text("flash"));
            assertTrue(adminBrowser.text("review-state").contains("30"), adminBrowser.text("review-state"));
            adminBrowser.check("admin-review-settings");
        }
        JsonNode tenant = web.api.as(CollabProcess.SUPPORT).get("/tenants/" + Portal.TENANT).expect(200);
        assertEquals(30, tenant.path("reviewDays").asInt(), tenant.toString());
        assertEquals("REVOKE", tenant.path("reviewMode").asText(), tenant.toString());

        broker.grant(Portal.GRANT, "GF", List.of("A", "B", "C"), true, Portal.GF).expect(201);
        Pattern register = Pattern.compile(Pattern.quote(web.base) + "/collab/register\\?token=([A-Za-z0-9_-]{43,})");
        accept(SmtpServer.token(web.smtp.awaitMessageTo(Portal.GF, 1, Portal.MAIL_LIMIT, web.container::logTail), register), GF_PASSWORD);
        Login gf = new Login(Portal.GF, GF_PASSWORD);
        broker.invite(gf, TL, "TL", List.of("A", "B")).expect(201);
        accept(SmtpServer.token(web.smtp.awaitMessageTo(TL, 1, Portal.MAIL_LIMIT, web.container::logTail), register), TL_PASSWORD);
        broker.invite(gf, MA, "MA", List.of("B")).expect(201);
        broker.invite(new Login(TL, TL_PASSWORD), SUB, "MA", List.of("A")).expect(201);
        web.smtp.awaitMessageTo(SUB, 1, Portal.MAIL_LIMIT, web.container::logTail);
        assertTrue(broker.allowed(TL, "A", "contracts.view"));

        // a month passes while the container is down; the first pass after the start finds the reviews due
        web.restart(WebAccessReviewIT::inviteMonthAgo);

        MimeMessage mail = web.smtp.awaitMessageTo(Portal.GF, 2, Portal.MAIL_LIMIT, web.container::logTail);
        assertEquals("Bitte überprüfen Sie die Zugriffe Ihrer Mitarbeiter im Kundenportal von " + Portal.BROKER_NAME, mail.getSubject());
        String text = SmtpServer.text(mail);
        assertTrue(text.contains("Ihre 2 freigeschalteten Mitarbeiter") && text.contains("verlieren ihren Zugriff"), text);
        Matcher link = Pattern.compile(Pattern.quote(web.base) + "/collab/review\\b").matcher(text);
        assertTrue(link.find(), text);
        MimeMessage tlMail = web.smtp.awaitMessageTo(TL, 2, Portal.MAIL_LIMIT, web.container::logTail);
        assertTrue(SmtpServer.text(tlMail).contains("Ihre 1 freigeschalteten Mitarbeiter"), () -> SmtpServer.text(tlMail));

        // the mailed link: sign in, and land on the review
        Browser browser = web.browser("de");
        browser.open(link.group());
        browser.fill("tenant", Portal.TENANT).fill("email", Portal.GF).fill("password", GF_PASSWORD).submit("login-submit");
        assertEquals("/collab/review", browser.path());
        assertTrue(browser.text("review-state").startsWith("Überprüfung fällig bis"), () -> browser.text("review-state"));
        assertEquals(List.of(MA, TL), browser.texts("#review td.email"));
        String tlRow = "tr[data-email='" + TL + "']";
        assertTrue(browser.css(tlRow + " input.keep").isSelected(), "Behalten is the default");
        assertEquals("Kunde A, Kunde B", browser.css(tlRow + " td.customers").getText());
        assertEquals("TL", browser.css(tlRow + " td.role").getText());
        assertEquals("eingeladen", browser.css("tr[data-email='" + MA + "'] td.last-active").getText());
        browser.check("review");

        // the overview names the deadline and leads back
        browser.open("/collab/delegates");
        assertTrue(browser.text("review-due").startsWith("Überprüfung fällig bis"), () -> browser.text("review-due"));
        browser.check("delegates-review-due");
        browser.follow("review-due-link");

        browser.clickCss(tlRow + " input.remove").submit("complete-review");
        assertTrue(browser.text("cascade-warning").contains("eine weitere Person"), () -> browser.text("cascade-warning"));
        assertEquals(List.of(TL), browser.texts("#confirm-list li"));
        browser.check("review-confirm");
        browser.submit("confirm-review");
        assertTrue(browser.text("flash").startsWith("Überprüfung abgeschlossen"), () -> browser.text("flash"));
        assertEquals("/collab/delegates", browser.path());
        assertFalse(browser.has("review-due"), "no review due any more");
        assertFalse(browser.all("#delegates tr[data-email='" + TL + "']").size() > 0, "the team leader is gone");

        // the services agree: the team leader and their employee lost access, the employee kept stays; all audited
        assertFalse(broker.allowed(TL, "A", "contracts.view"));
        assertFalse(broker.allowed(SUB, "A", "contracts.view"));
        JsonNode review = web.api.as(gf).get("/tenants/" + Portal.TENANT + "/me/review").expect(200);
        assertNotNull(review.path("reviewedAt").textValue(), review.toString());
        assertTrue(review.path("deadlineAt").isNull(), review.toString());
        assertEquals(List.of(MA), review.path("delegates").findValuesAsText("email"));
        List<String> actions = Http.items(admin.get("/tenants/" + Portal.TENANT + "/audit?limit=500").expect(200)).stream()
            .map(e -> e.path("action").asText() + " " + e.path("target").asText()).toList();
        assertTrue(actions.contains("review.requested " + Portal.GF) && actions.contains("review.requested " + TL), actions.toString());
        assertTrue(actions.contains("review.completed " + Portal.GF) && actions.contains("member.removed.cascade " + SUB), actions.toString());
        Portal.signOut(browser);
        assertTrue(browser.byId("login").findElements(By.name("next")).isEmpty(), "the next screen is offered only by the link");
    }

    private void accept(String token, String password) {
        web.api.post("/invitations/" + token + "/accept", json("{'password':'" + password + "'}")).expect(200);
    }

    /** What a month's wait would do: everyone was invited 31 days ago. */
    private static void inviteMonthAgo(Path dataDir) throws IOException {
        Portal.editDatabase(dataDir, db -> {
            try (PreparedStatement update = db.prepareStatement("UPDATE MEMBERSHIP SET INVITEDAT = ?")) {
                update.setTimestamp(1, Timestamp.from(Instant.now().minus(Duration.ofDays(31))));
                assertTrue(update.executeUpdate() >= 4, "memberships");
            }
        });
    }
}
