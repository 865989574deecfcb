package dev.collab.itests.e2e;

import static dev.collab.itests.Http.json;
import static dev.collab.itests.e2e.Portal.GF;
import static dev.collab.itests.e2e.Portal.delegateRow;
import static dev.collab.itests.e2e.Portal.hasDelegateRow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import com.fasterxml.jackson.databind.JsonNode;

import dev.collab.itests.e2e.web.Browser;
import dev.collab.testkit.Login;

/**
 * "Ansprechpartner wechselt" in the browser, in German: a team leader leaves; the GF marks her,
 * "Löschen" says how many more people the deletion would remove and offers "Stattdessen an
 * Nachfolger übergeben"; the GF picks the other team leader, whose people she becomes. Then the
 * admin hands the GF's people to a new GF of the same grant from the grant's member list. The
 * host's decisions (REST) follow each step. Screens are screenshot and checked with axe-core.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(Browser.Guard.class)
@Browser.Story
class WebHandOverIT {
    private static final String PASSWORD = "a long password 12345";
    private static final String TL1 = "tl1@mueller.example";
    private static final String TL2 = "tl2@mueller.example";
    private static final String MA1 = "ma1@mueller.example";
    private static final String MA2 = "ma2@mueller.example";
    private static final String GF2 = "gf2@mueller.example";

    private Portal web;
    private Broker broker;
    private String grantId;

    @BeforeAll
    void start() throws IOException {
        web = Portal.start("web-handover-", dataDir -> { });
        broker = Broker.seed(web.api, Portal.TENANT, Portal.BROKER_NAME);
        Login admin = broker.admin;
        // Team leaders (TL) hand out MA; the management (GL) hands out TL and MA.
        web.api.as(admin).post(broker.path("/profiles"),
            json("{'name':'TL','rights':['contracts.view','documents.view'],'delegableProfiles':['MA']}")).expect(201);
        web.api.as(admin).post(broker.path("/profiles"),
            json("{'name':'GL','rights':['contracts.view','claims.view'],'delegableProfiles':['TL','MA']}")).expect(201);
        grantId = broker.grant(Portal.GRANT, "GL", List.of("A", "B", "C"), true, GF).expect(201).path("id").asText();
        register(GF);
        Login gf = new Login(GF, PASSWORD);
        broker.invite(gf, TL1, "TL", List.of("A", "B")).expect(201);
        register(TL1);
        broker.invite(gf, TL2, "TL", List.of("B", "C")).expect(201);
        register(TL2);
        broker.invite(new Login(TL1, PASSWORD), MA1, "MA", List.of("A", "B")).expect(201);
        register(MA1);
        broker.invite(new Login(TL1, PASSWORD), MA2, "MA", List.of("B")).expect(201);
    }

    private void register(String email) {
        String token = Portal.token(web.registrationLink(email, 1));
        web.api.post("/invitations/" + token + "/accept", "{\"password\":\"" + PASSWORD + "\"}").expect(200);
    }

    @AfterAll
    void stop() {
        if (web != null) {
            web.close();
        }
    }

    @Test
    @Order(1)
    void theGfHandsALeavingTeamLeadersPeopleToAnotherInsteadOfDeletingThem() {
        assertTrue(broker.allowed(MA1, "A", "contracts.view"));
        Browser browser = web.signedIn("de", GF, PASSWORD);
        browser.follow("nav-delegates");
        WebElement box = delegateRow(browser, TL1).findElement(By.cssSelector("input.select"));
        box.click();
        browser.until(TL1 + " marked", d -> delegateRow(browser, TL1).findElement(By.cssSelector("input.select")).isSelected());
        browser.submit("delete");

        // The confirmation counts the cascade and offers the hand-over first.
        assertEquals("Diese Löschung entfernt auch 2 weitere Personen.", browser.text("cascade-warning"));
        assertEquals("Stattdessen an Nachfolger übergeben", browser.text("hand-over-heading"));
        List<String> successors = browser.texts("#successor option");
        assertEquals(2, successors.size(), () -> "successors offered: " + successors);
        assertTrue(successors.stream().anyMatch(s -> s.contains(TL2)), () -> "successors offered: " + successors);
        assertTrue(successors.stream().anyMatch(s -> s.startsWith("Sie selbst")), () -> "successors offered: " + successors);
        assertFalse(successors.stream().anyMatch(s -> s.contains(MA1)), "a person below the leaver is offered");
        browser.byId("confirm-delete");
        browser.check("handover-confirmation");

        String tl2 = browser.all("#successor option").stream().filter(o -> o.getText().contains(TL2)).findFirst().orElseThrow()
            .getAttribute("value");
        browser.select("successor", tl2).submit("hand-over-submit");
        assertTrue(browser.path().startsWith("/collab/delegates"), () -> "after the hand-over: " + browser.url());
        assertEquals("2 Personen wurden an " + TL2 + " übergeben; " + TL1 + " hat keinen Zugriff mehr.", browser.text("flash"));
        assertFalse(hasDelegateRow(browser, TL1), "the leaver is still listed");
        delegateRow(browser, TL2);
        browser.check("handover-done");

        // The host's decisions: ma1 keeps B (tl2 does not see A), ma2's pending invitation moved with her.
        assertTrue(broker.allowed(MA1, "B", "contracts.view"));
        assertFalse(broker.allowed(MA1, "A", "contracts.view"));
        assertFalse(broker.allowed(TL1, "A", "documents.view"));
        List<String> underTl2 = broker.delegates(new Login(TL2, PASSWORD)).stream().map(d -> d.path("email").asText()).toList();
        assertEquals(List.of(MA1, MA2), underTl2);
        JsonNode ma1 = broker.delegates(new Login(TL2, PASSWORD)).get(0);
        assertEquals("Müller GmbH/tl2@mueller.example/ma1@mueller.example", ma1.path("grant").asText());
    }

    @Test
    @Order(2)
    void theAdminHandsTheGfsPeopleToANewGf() {
        web.api.as(broker.admin).post(broker.path("/grants/" + grantId + "/members"),
            json("{'email':'" + GF2 + "','customers':['B','C']}")).expect(201);
        register(GF2);
        Browser browser = web.browser("de");
        browser.open("/collab/");
        browser.fill("tenant", Portal.TENANT).fill("email", broker.admin.user()).fill("password", Broker.ADMIN_PASSWORD)
            .submit("login-submit");
        browser.open("/collab/admin/grants/" + grantId);
        WebElement row = browser.css("#members tr[data-email='" + GF + "']");
        row.findElement(By.cssSelector("a.hand-over")).click();
        browser.until("the hand-over page", d -> browser.has("hand-over-form"));
        assertEquals("Diese Löschung entfernt auch 3 weitere Personen.", browser.text("cascade-warning"));
        List<String> successors = browser.texts("#successor option");
        assertEquals(1, successors.size(), () -> "successors offered: " + successors);
        assertTrue(successors.get(0).contains(GF2), () -> "successors offered: " + successors);
        browser.byId("remove-anyway");
        browser.check("admin-handover");

        browser.submit("hand-over-submit");
        assertTrue(browser.path().equals("/collab/admin/grants/" + grantId), () -> "after the hand-over: " + browser.url());
        assertTrue(browser.text("flash").contains("an " + GF2 + " übergeben"), () -> "#flash: " + browser.text("flash"));
        assertFalse(browser.has("members") && browser.all("#members tr[data-email='" + GF + "']").size() > 0,
            "the old GF is still a member");
        browser.check("admin-handover-done");
        assertTrue(broker.allowed(TL2, "B", "documents.view"));
        assertFalse(broker.allowed(GF, "A", "contracts.view"));
        assertTrue(broker.allowed(MA1, "B", "contracts.view"), "the people below follow");
    }
}
