package dev.collab.itests.e2e;

import static dev.collab.itests.e2e.Portal.GF;
import static dev.collab.itests.e2e.Portal.assertHome;
import static dev.collab.itests.e2e.Portal.cell;
import static dev.collab.itests.e2e.Portal.customerIds;
import static dev.collab.itests.e2e.Portal.delegateRow;
import static dev.collab.itests.e2e.Portal.hasDelegateRow;
import static dev.collab.itests.e2e.Portal.offeredCustomers;
import static dev.collab.itests.e2e.Portal.showsError;
import static dev.collab.itests.e2e.Portal.signIn;
import static dev.collab.itests.e2e.Portal.signOut;
import static dev.collab.itests.e2e.Portal.tickCustomers;
import static dev.collab.itests.e2e.Portal.tickedCustomers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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
 * The seed article's story in the browser, in German: the GF registers through the mailed link,
 * invites two employees through "Mitarbeiter einladen" (all customers but A; only C), the
 * employees register through their own links, the GF deletes one of them, who can still sign in
 * and sees only the mailbox; then password change and "Passwort vergessen?". Every screen passed
 * is screenshot ({@code target/screens/}) and checked with axe-core.
 *
 * <p>One container and SMTP server serve the class; the tests build on each other in order, and
 * after a failed one the rest are skipped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(Browser.Guard.class)
@Browser.Story
class WebSeedStoryIT {
    private static final String GF_PASSWORD = "gf password 12345";
    private static final String MA1 = "ma1@mueller.example";
    private static final String MA1_PASSWORD = "ma1 password 12345";
    private static final String MA1_CHANGED = "ma1 changed password 67890";
    private static final String MA1_RESET = "ma1 reset password 24680";
    private static final String MA2 = "ma2@mueller.example";
    private static final String MA2_PASSWORD = "ma2 password 12345";

    private Portal web;
    private String gfLink;

    @BeforeAll
    void start() throws IOException {
        web = Portal.start("web-story-", dataDir -> { }).seedStory();
    }

    @AfterAll
    void stop() {
        if (web != null) {
            web.close();
        }
    }

    @Test
    @Order(1)
    void theSignInPageIsGerman() {
        Browser browser = web.browser("de");
        browser.open("/collab/");
        assertEquals("de", browser.htmlLang());
        assertTrue(browser.css("h1").getText().contains("Anmelden"), () -> "h1: " + browser.css("h1").getText());
        browser.css("form#login");
        for (String id : List.of("tenant", "email", "password", "login-submit", "lang-de", "lang-en")) {
            browser.byId(id);
        }
        assertEquals("Passwort vergessen?", browser.text("forgot"));
        assertFalse(browser.has("whoami"), "signed in without signing in");
        browser.check("sign-in");
    }

    @Test
    @Order(2)
    void theGfRegistersThroughTheMailedLinkAndLandsOnHome() {
        gfLink = web.registrationLink(GF, 1);
        Browser browser = web.browser("de");
        browser.open(gfLink);
        browser.byId("invitation");
        assertTrue(browser.text("inv-broker").contains(Portal.BROKER_NAME), () -> "#inv-broker: " + browser.text("inv-broker"));
        String inviter = browser.text("inv-inviter");
        assertTrue(inviter.contains(Portal.ADMIN) || inviter.contains(Portal.BROKER_NAME), () -> "#inv-inviter: " + inviter);
        assertTrue(browser.text("inv-role").contains("GF"), () -> "#inv-role: " + browser.text("inv-role"));
        assertCustomerNames(browser.texts("#inv-customers li"), "A", "B", "C");
        assertTrue(browser.text("inv-expires").matches("(?s).*\\d.*"), () -> "#inv-expires: " + browser.text("inv-expires"));
        assertFalse(browser.text("password-policy").isBlank(), "no password policy shown");
        browser.css("form#register");
        browser.byId("password2");
        browser.check("register");

        browser.fill("password", GF_PASSWORD).fill("password2", GF_PASSWORD).submit("register-submit");
        assertHome(browser, GF, "A", "B", "C");
        assertEquals("Mitarbeiter einladen", browser.text("nav-delegates"));
        assertEquals("Passwort ändern", browser.text("nav-password"));
        assertEquals("Abmelden", browser.css("form#logout button").getText().trim());
        browser.check("home-gf");
    }

    @Test
    @Order(3)
    void theGfInvitesTwoEmployees() {
        Browser browser = web.signedIn("de", GF, GF_PASSWORD);
        browser.follow("nav-delegates");
        assertTrue(browser.css("h1").getText().contains("Freigeschaltete Mitarbeiter verwalten"),
            () -> "h1: " + browser.css("h1").getText());
        browser.byId("immutable-note");
        browser.css("form#search");
        browser.byId("q");
        assertEquals("Neuen Benutzer hinzufügen", browser.text("add-user"));
        assertTrue(browser.all("#delegates tbody tr[data-email]").isEmpty(), "delegates before any invitation");
        browser.check("delegates-empty");

        // Step 1: e-mail and role; MA is the only role the GF may hand out.
        browser.follow("add-user");
        assertTrue(browser.css("h1").getText().contains("Mitarbeiter einladen"), () -> "h1: " + browser.css("h1").getText());
        List<String> roles = browser.options("invite-role");
        assertTrue(roles.contains("MA"), () -> "roles offered: " + roles);
        assertFalse(roles.contains("GF"), () -> "roles offered: " + roles);
        assertEquals("weiter", browser.text("next"));
        browser.check("invite-step1");

        // An invalid address: the server's error at the field (the browser's own validation is off), still step 1.
        browser.noValidate("invite-email");
        browser.fill("invite-email", "kein-gueltiger-name").select("invite-role", "MA").submit("next");
        assertTrue(browser.hasText("invite-email-error"), () -> "no #invite-email-error on " + browser.url());
        browser.byId("invite-email");
        browser.byId("next");
        assertTrue(browser.all("input.customer").isEmpty(), "went on to step 2 with an invalid address");
        browser.check("invite-step1-invalid-email");

        // ma1: all customers but A ("Alle auswählen", then untick A).
        browser.fill("invite-email", MA1).select("invite-role", "MA").submit("next");
        browser.byId("customer-filter");
        assertEquals("Alle auswählen", browser.text("select-all-customers"));
        assertEquals(Set.of("A", "B", "C"), offeredCustomers(browser));
        browser.byId("back");
        browser.check("invite-step2");
        browser.click("select-all-customers");
        browser.until("every customer ticked", d -> tickedCustomers(browser).equals(Set.of("A", "B", "C")));
        browser.clickCss("input.customer[data-customer='A']");
        browser.until("A unticked", d -> tickedCustomers(browser).equals(Set.of("B", "C")));
        assertEquals("Einladen", browser.text("invite"));
        browser.submit("invite");

        assertTrue(browser.path().startsWith("/collab/delegates"), () -> "after Einladen: " + browser.url());
        assertFalse(browser.text("flash").isBlank());
        WebElement ma1 = delegateRow(browser, MA1);
        assertTrue(cell(ma1, "email").contains(MA1));
        assertTrue(cell(ma1, "role").contains("MA"), () -> "td.role: " + cell(ma1, "role"));
        assertEquals(Set.of("B", "C"), customerIds(cell(ma1, "customers")), () -> "td.customers: " + cell(ma1, "customers"));
        assertEquals("eingeladen", cell(ma1, "status"));
        assertTrue(ma1.findElement(By.cssSelector("button.resend")).getText().contains("Einladung erneut senden"));
        browser.byId("select-all");
        browser.check("delegates");
        assertDelegate(MA1, Set.of("B", "C"), "INVITED");

        // ma2: only C.
        browser.follow("add-user");
        browser.fill("invite-email", MA2).select("invite-role", "MA").submit("next");
        tickCustomers(browser, Set.of("C"));
        browser.submit("invite");
        assertEquals(Set.of("C"), customerIds(cell(delegateRow(browser, MA2), "customers")));
        assertEquals("eingeladen", cell(delegateRow(browser, MA2), "status"));
        assertDelegate(MA2, Set.of("C"), "INVITED");

        // ma1 again: refused, on step 1 or at the latest on step 2.
        browser.follow("add-user");
        browser.fill("invite-email", MA1).select("invite-role", "MA").submit("next");
        if (!showsError(browser, "invite-email-error")) {
            assertFalse(browser.all("input.customer").isEmpty(), () -> "neither an error nor step 2 on " + browser.url());
            tickCustomers(browser, Set.of("C"));
            browser.submit("invite");
        }
        assertTrue(showsError(browser, "invite-email-error"), () -> "no error for a duplicate on " + browser.url());
        browser.check("invite-duplicate");
        assertEquals(1, delegates().stream().filter(d -> MA1.equalsIgnoreCase(d.path("email").asText())).count());
    }

    @Test
    @Order(4)
    void theEmployeesRegisterThroughTheirOwnLinks() {
        String ma1Link = web.registrationLink(MA1, 1);
        String ma2Link = web.registrationLink(MA2, 1);

        Browser browser = web.browser("de");
        browser.open(ma1Link);
        assertTrue(browser.text("inv-inviter").contains(GF), () -> "#inv-inviter: " + browser.text("inv-inviter"));
        assertTrue(browser.text("inv-role").contains("MA"), () -> "#inv-role: " + browser.text("inv-role"));
        assertCustomerNames(browser.texts("#inv-customers li"), "B", "C");
        browser.check("register-ma1");
        browser.fill("password", MA1_PASSWORD).fill("password2", MA1_PASSWORD).submit("register-submit");
        assertHome(browser, MA1, "B", "C");
        assertFalse(browser.has("nav-delegates"), "MA may hand out no profile, yet sees Mitarbeiter einladen");
        browser.check("home-ma1");
        signOut(browser);

        // ma2 registers too, before the GF deletes them.
        browser.open(ma2Link);
        assertCustomerNames(browser.texts("#inv-customers li"), "C");
        browser.fill("password", MA2_PASSWORD).fill("password2", MA2_PASSWORD).submit("register-submit");
        assertHome(browser, MA2, "C");
        signOut(browser);
        assertDelegate(MA1, Set.of("B", "C"), "ACTIVE");
        assertDelegate(MA2, Set.of("C"), "ACTIVE");
    }

    @Test
    @Order(5)
    void theGfDeletesADelegateAfterConfirming() {
        Browser browser = web.signedIn("de", GF, GF_PASSWORD);
        browser.follow("nav-delegates");
        assertEquals("aktiv", cell(delegateRow(browser, MA1), "status"));
        assertEquals("aktiv", cell(delegateRow(browser, MA2), "status"));

        // Nothing marked: an error on the delegates page.
        assertEquals("Löschen", browser.text("delete"));
        browser.submit("delete");
        assertTrue(browser.hasText("form-error"), () -> "no #form-error after Löschen with nothing marked on " + browser.url());
        browser.byId("delegates");

        // Marked, then cancelled: nothing happens.
        markRow(browser, MA1);
        browser.submit("delete");
        assertEquals(List.of(MA1), browser.texts("#confirm-list li").stream().map(WebSeedStoryIT::email).toList());
        browser.follow("cancel-delete");
        delegateRow(browser, MA1);
        assertEquals(2, delegates().size());

        // ma2 marked, confirmed: gone.
        markRow(browser, MA2);
        browser.submit("delete");
        List<String> confirm = browser.texts("#confirm-list li");
        assertEquals(1, confirm.size(), () -> "#confirm-list: " + confirm);
        assertTrue(confirm.get(0).contains(MA2), () -> "#confirm-list: " + confirm);
        browser.byId("confirm-delete");
        browser.check("delete-confirmation");
        browser.submit("confirm-delete");
        browser.byId("delegates");
        assertFalse(hasDelegateRow(browser, MA2), "ma2 is still listed after deleting");
        delegateRow(browser, MA1);
        browser.check("delegates-after-delete");
        assertEquals(List.of(MA1), delegates().stream().map(d -> d.path("email").asText()).toList());
    }

    @Test
    @Order(6)
    void aDeletedDelegateStillSignsInAndSeesOnlyTheMailbox() {
        Browser browser = web.signedIn("de", MA2, MA2_PASSWORD);
        browser.byId("no-access");
        assertTrue(Portal.accessRows(browser).isEmpty(), () -> "customers of a deleted delegate: " + Portal.accessRows(browser));
        WebElement mailbox = browser.css("section#mailbox");
        assertTrue(mailbox.getText().contains("Postfach"), () -> "section#mailbox: " + mailbox.getText());
        assertTrue(browser.has("messages") || browser.has("mailbox-empty"), "neither #messages nor #mailbox-empty");
        assertFalse(browser.has("nav-delegates"));
        browser.check("home-deleted-delegate");
    }

    @Test
    @Order(7)
    void anEmployeeChangesTheirPassword() {
        Browser browser = web.signedIn("de", MA1, MA1_PASSWORD);
        browser.follow("nav-password");
        browser.css("form#password-change");
        browser.check("password-change");

        browser.fill("current-password", "not my password 000").fill("new-password", MA1_CHANGED)
            .fill("new-password2", MA1_CHANGED).submit("password-change-submit");
        assertTrue(showsError(browser, "current-password-error"), () -> "a wrong current password was accepted on " + browser.url());

        browser.fill("current-password", MA1_PASSWORD).fill("new-password", MA1_CHANGED)
            .fill("new-password2", MA1_CHANGED).submit("password-change-submit");
        assertFalse(browser.text("flash").isBlank());
        signOut(browser);
        signIn(browser, MA1, MA1_CHANGED);
        assertHome(browser, MA1, "B", "C");
    }

    @Test
    @Order(8)
    void forgottenPasswordsAreResetThroughAMailedLink() {
        Browser browser = web.browser("de");
        browser.open("/collab/");
        browser.follow("forgot");
        browser.css("form#forgot");
        browser.check("forgot-password");
        browser.fill("tenant", Portal.TENANT).fill("email", MA1).submit("forgot-submit");
        String sent = browser.text("forgot-sent");
        browser.check("forgot-password-sent");

        // The same answer for an address nobody has.
        browser.open("/collab/password/forgot");
        browser.fill("tenant", Portal.TENANT).fill("email", "nobody@mueller.example").submit("forgot-submit");
        assertEquals(sent, browser.text("forgot-sent"));

        // A mail links to the reset page.
        String reset = web.linkInMail(MA1, "/collab/password/reset");
        browser.open(reset);
        browser.css("form#reset");
        browser.check("password-reset");
        browser.fill("new-password", MA1_RESET).fill("new-password2", MA1_RESET).submit("reset-submit");
        signIn(browser, MA1, MA1_RESET);
        assertHome(browser, MA1, "B", "C");
    }

    @Test
    @Order(9)
    void aUsedLinkShowsTheInvalidLinkPage() {
        Browser browser = web.browser("de");
        browser.open(gfLink);
        browser.byId("link-invalid");
        assertFalse(browser.has("invitation") || browser.has("register"), "a used link still offers the registration");
        assertFalse(browser.source().contains(GF), "the page names the invitee");
        browser.check("link-invalid");
    }

    // ------------------------------------------------------------------ helpers

    private static void markRow(Browser browser, String email) {
        WebElement box = delegateRow(browser, email).findElement(By.cssSelector("input.select"));
        if (!box.isSelected()) {
            box.click();
        }
        browser.until(email + " marked", d -> delegateRow(browser, email)
            .findElement(By.cssSelector("input.select")).isSelected());
    }

    private static String email(String text) {
        Matcher m = Pattern.compile("[^\\s,;()<>]+@[^\\s,;()<>]+").matcher(text);
        return m.find() ? m.group() : text;
    }

    /** Each customer's name "Kunde X" in exactly one of the texts, and nothing else. */
    private static void assertCustomerNames(List<String> texts, String... customers) {
        assertEquals(customers.length, texts.size(), () -> "customers listed: " + texts);
        Set<String> named = texts.stream().flatMap(t -> customerIds(t).stream()).collect(Collectors.toSet());
        assertEquals(Set.of(customers), named, () -> "customers listed: " + texts);
    }

    private List<JsonNode> delegates() {
        return web.broker.delegates(new Login(GF, GF_PASSWORD));
    }

    /** The REST view agrees with the screens. */
    private void assertDelegate(String email, Set<String> customers, String status) {
        JsonNode delegate = delegates().stream().filter(d -> email.equalsIgnoreCase(d.path("email").asText())).findFirst()
            .orElseThrow(() -> new AssertionError("no delegate " + email + " over REST: " + delegates()));
        Set<String> ids = new HashSet<>();
        delegate.path("customers").forEach(c -> ids.add(c.path("id").asText()));
        assertEquals(customers, ids, delegate::toString);
        assertEquals(status, delegate.path("status").asText(), delegate::toString);
    }
}
