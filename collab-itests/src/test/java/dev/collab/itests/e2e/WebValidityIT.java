package dev.collab.itests.e2e;

import static dev.collab.itests.e2e.Portal.cell;
import static dev.collab.itests.e2e.Portal.delegateRow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Set;

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

    private Portal web;

    @BeforeAll
    void start() throws IOException {
        web = Portal.start("web-validity-", dataDir -> { }).seedStory();
    }

    @AfterAll
    void stop() {
        if (web != null) {
            web.close();
        }
    }

    @Test
    void theGfInvitesWithAnEndExtendsItAndSeesItEnd() throws Exception {
        Broker broker = web.broker;
        Login gf = web.registerGf(GF_PASSWORD);
        String maProfile = Http.items(web.api.as(broker.admin).get(broker.path("/profiles")).expect(200)).stream()
            .filter(p -> "MA".equals(p.path("name").asText())).findFirst().orElseThrow().path("id").asText();

        // the admin: "max. Gültigkeit (Monate)" in the profile editor
        Browser browser = web.browser("de");
        Portal.signIn(browser, broker.admin.user(), Broker.ADMIN_PASSWORD);
        browser.open("/collab/admin/profiles/" + maProfile);
        assertTrue(browser.bodyText().contains("max. Gültigkeit (Monate)"), () -> browser.bodyText());
        browser.fill("profile-max-validity", "12");
        browser.check("admin-profile-validity");
        browser.submit("save-profile");
        assertEquals(12, web.api.as(broker.admin).get(broker.path("/profiles/" + maProfile)).expect(200)
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
        web.restart(WebValidityIT::endYesterday);
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
            audited = Http.items(web.api.as(broker.admin).get(broker.path("/audit?limit=500")).expect(200)).stream()
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
    private static void endYesterday(Path dataDir) throws IOException {
        Portal.editDatabase(dataDir, db -> {
            try (PreparedStatement update = db.prepareStatement("UPDATE MEMBERSHIP SET VALIDUNTIL = ? WHERE VALIDUNTIL IS NOT NULL")) {
                update.setTimestamp(1, Timestamp.from(Instant.now().minus(Duration.ofDays(1))));
                assertEquals(1, update.executeUpdate(), "time-bound memberships");
            }
        });
    }
}
