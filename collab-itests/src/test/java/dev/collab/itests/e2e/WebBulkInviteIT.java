package dev.collab.itests.e2e;

import static dev.collab.itests.e2e.Portal.GF;
import static dev.collab.itests.e2e.Portal.cell;
import static dev.collab.itests.e2e.Portal.customerIds;
import static dev.collab.itests.e2e.Portal.delegateRow;
import static dev.collab.itests.e2e.Portal.tickCustomers;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

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
 * Issue 13: "Mehrere Mitarbeiter einladen" in the browser, in German. The GF pastes a list with
 * good and bad lines, "Prüfen" names what is wrong with each line and creates nothing; the GF
 * corrects the list in the text box, checks again and invites all in one step: the overview lists
 * them and each got one invitation mail. Then a CSV file is uploaded instead of pasted; a broken
 * or too long list is refused on the page with the list kept; the admin's audit shows the bulk
 * invitations. Screens are saved under {@code target/screens/bulk-*.png} and checked with axe-core.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(Browser.Guard.class)
@Browser.Story
class WebBulkInviteIT {
    private static final String GF_PASSWORD = "gf password 12345";
    private static final String ANNA = "anna@mueller.example";
    private static final String BERND = "bernd@mueller.example";
    private static final String CARLA = "carla@mueller.example";
    private static final String EMIL = "emil@mueller.example";
    private static final String FRIDA = "frida@mueller.example";

    private Portal web;

    @BeforeAll
    void start() throws IOException {
        web = Portal.start("web-bulk-", dataDir -> { }).seedStory();
    }

    @AfterAll
    void stop() {
        if (web != null) {
            web.close();
        }
    }

    @Test
    @Order(1)
    void theGfFindsTheBulkInviteNextToTheSingleOne() {
        Browser browser = web.browser("de");
        browser.open(web.registrationLink(GF, 1));
        browser.fill("password", GF_PASSWORD).fill("password2", GF_PASSWORD).submit("register-submit");
        browser.follow("nav-delegates");
        assertEquals("Mehrere Mitarbeiter einladen", browser.text("bulk-invite-link"));
        browser.byId("add-user");
        browser.follow("bulk-invite-link");

        assertEquals("Mehrere Mitarbeiter einladen", browser.css("h1").getText());
        WebElement form = browser.byId("bulk-form");
        assertEquals("multipart/form-data", form.getAttribute("enctype"));
        assertEquals("textarea", browser.byId("bulk-list").getTagName());
        assertEquals("file", browser.byId("bulk-file").getAttribute("type"));
        assertTrue(browser.text("bulk-list-hint").contains("E-Mail;Profil;Kunden"), () -> browser.text("bulk-list-hint"));
        assertEquals(List.of("MA"), browser.options("bulk-role"), "the one profile the GF may hand out, preselected");
        assertEquals(Set.of("A", "B", "C"), Portal.offeredCustomers(browser));
        assertEquals("Prüfen", browser.text("bulk-check"));
        assertFalse(browser.has("bulk-invite"), "Einladen before any check");
        browser.check("bulk-form");

        browser.open("/collab/delegates/bulk?lang=en");
        assertEquals("Invite several employees", browser.css("h1").getText());
        assertEquals("Check", browser.text("bulk-check"));
        assertEquals("All my customers", browser.css("label[for='bulk-all-customers']").getText().trim());
        browser.open("/collab/delegates/bulk?lang=de");
    }

    @Test
    @Order(2)
    void checkingAListNamesEveryBadLineAndCreatesNothing() {
        Browser browser = bulkPage();
        String list = String.join("\n", "E-Mail;Profil;Kunden",
            ANNA,
            "kein-gueltiger-name",
            BERND + ";MA;B C",
            ANNA.toUpperCase(),
            CARLA + ";GF",
            "dora@mueller.example;;X",
            GF);
        paste(browser, list);
        browser.click("bulk-some-customers");
        tickCustomers(browser, Set.of("A"));
        browser.submit("bulk-check");

        Map<Integer, String> outcomes = outcomes(browser);
        assertEquals(Map.of(2, "einladbar", 3, "ungültige Adresse", 4, "einladbar", 5, "doppelt", 6, "Profil nicht delegierbar",
            7, "Kunde nicht erlaubt", 8, "nicht möglich"), outcomes, () -> browser.text("bulk-rows"));
        assertTrue(message(browser, 5).contains("Zeile 2"), () -> "the duplicate names the line it repeats: " + message(browser, 5));
        assertFalse(message(browser, 3).isBlank(), "no reason for the invalid address");
        assertTrue(message(browser, 2).isBlank(), () -> "a reason for a good line: " + message(browser, 2));
        assertEquals(Set.of("A"), customerIds(cell(line(browser, 2), "customers")), "the customers chosen once for all lines");
        assertEquals(Set.of("B", "C"), customerIds(cell(line(browser, 4), "customers")), "the line's own customers");
        assertEquals("5 von 7 Zeilen fehlerhaft. Bitte korrigieren Sie die Liste und prüfen Sie erneut.", browser.text("bulk-summary"));
        assertEquals("polite", browser.byId("bulk-summary").getAttribute("aria-live"));
        assertFalse(browser.has("bulk-invite"), "Einladen offered although lines failed");
        assertEquals(list, textBox(browser), "the list is kept for correcting");
        assertTrue(browser.byId("bulk-some-customers").isSelected());
        assertEquals(Set.of("A"), Portal.tickedCustomers(browser), "the chosen customers are kept");
        browser.check("bulk-check");

        assertTrue(delegates().isEmpty(), () -> "a check created delegates: " + delegates());
        browser.follow("cancel-bulk");
        browser.byId("no-delegates");
        assertEquals(0, web.smtp.messagesTo(ANNA).size() + web.smtp.messagesTo(BERND).size());
    }

    @Test
    @Order(3)
    void theCorrectedListIsCheckedCleanAndInvitedInOneStep() {
        Browser browser = bulkPage();
        String list = String.join("\n", "E-Mail;Profil;Kunden", ANNA, BERND + ";MA;B C", CARLA);
        paste(browser, list);
        browser.click("bulk-some-customers");
        tickCustomers(browser, Set.of("A"));
        browser.submit("bulk-check");
        assertEquals(Map.of(2, "einladbar", 3, "einladbar", 4, "einladbar"), outcomes(browser));
        assertTrue(browser.text("bulk-summary").startsWith("Alle 3 Zeilen können eingeladen werden"), () -> browser.text("bulk-summary"));
        assertEquals("Einladen", browser.text("bulk-invite"));
        browser.screenshot("bulk-check-clean");
        assertTrue(delegates().isEmpty(), "the clean check created delegates");

        browser.submit("bulk-invite");
        assertTrue(browser.path().startsWith("/collab/delegates"), () -> "after Einladen: " + browser.url());
        assertTrue(browser.text("flash").startsWith("3 Mitarbeiter eingeladen"), () -> "#flash: " + browser.text("flash"));
        assertEquals(Set.of("A"), customerIds(cell(delegateRow(browser, ANNA), "customers")));
        assertEquals(Set.of("B", "C"), customerIds(cell(delegateRow(browser, BERND), "customers")));
        assertEquals(Set.of("A"), customerIds(cell(delegateRow(browser, CARLA), "customers")));
        for (String email : List.of(ANNA, BERND, CARLA)) {
            assertEquals("eingeladen", cell(delegateRow(browser, email), "status"));
            assertTrue(cell(delegateRow(browser, email), "role").contains("MA"));
        }
        browser.check("bulk-done");

        assertEquals(Set.of(ANNA, BERND, CARLA), emails(delegates()));
        for (String email : List.of(ANNA, BERND, CARLA)) {
            web.registrationLink(email, 1);
        }
        // one mail each, not one more (a second would arrive right behind the first)
        CollabProcess.sleep(1000);
        for (String email : List.of(ANNA, BERND, CARLA)) {
            assertEquals(1, web.smtp.messagesTo(email).size(), () -> "mails to " + email);
        }
    }

    @Test
    @Order(4)
    void anUploadedCsvFileIsReadLikeAPastedList() throws IOException {
        Browser browser = bulkPage();
        // a comma-separated file with an English header, as another spreadsheet writes it
        Path file = Files.createTempFile("bulk-", ".csv");
        Files.writeString(file, "\uFEFFemail,profile,customers\r\n" + EMIL + ",MA,C\r\n" + FRIDA + ",,\r\n", UTF_8);
        browser.byId("bulk-file").sendKeys(file.toAbsolutePath().toString());
        browser.click("bulk-all-customers");
        browser.submit("bulk-check");
        assertEquals(Map.of(2, "einladbar", 3, "einladbar"), outcomes(browser), () -> browser.text("bulk-rows"));
        assertTrue(textBox(browser).contains(EMIL + ",MA,C"), () -> "the file's list is in the text box: " + textBox(browser));
        assertEquals(Set.of("A", "B", "C"), customerIds(cell(line(browser, 3), "customers")), "alle meine Kunden");
        browser.screenshot("bulk-upload-check");

        browser.submit("bulk-invite");
        assertTrue(browser.text("flash").startsWith("2 Mitarbeiter eingeladen"), () -> "#flash: " + browser.text("flash"));
        assertEquals(Set.of("C"), customerIds(cell(delegateRow(browser, EMIL), "customers")));
        assertEquals(Set.of("A", "B", "C"), customerIds(cell(delegateRow(browser, FRIDA), "customers")));
        web.registrationLink(EMIL, 1);
        web.registrationLink(FRIDA, 1);
        Files.delete(file);
    }

    @Test
    @Order(5)
    void aBrokenOrTooLongListIsRefusedOnThePageAndKept() {
        Browser browser = bulkPage();
        // the first line sets the separator (InviteCsv): here a semicolon, so line 2 has four fields
        String broken = "x1@mueller.example;MA\nx2@mueller.example;MA;A;zu viel\n";
        paste(browser, broken);
        browser.submit("bulk-check");
        assertTrue(browser.text("form-error").contains("Zeile 2"), () -> "#form-error: " + browser.text("form-error"));
        assertEquals(broken, textBox(browser));
        assertFalse(browser.has("bulk-rows"));

        String tooLong = IntStream.rangeClosed(1, 501).mapToObj(i -> "p" + i + "@mueller.example").collect(Collectors.joining("\n"));
        paste(browser, tooLong);
        browser.submit("bulk-check");
        assertTrue(browser.text("form-error").contains("höchstens 500"), () -> "#form-error: " + browser.text("form-error"));
        assertTrue(browser.text("form-error").contains("501"), () -> "#form-error: " + browser.text("form-error"));
        assertEquals(tooLong, textBox(browser));
        browser.check("bulk-too-many");

        // the server checks again on Einladen: a list that was never checked clean invites nobody
        String bad = "kein-gueltiger-name\n" + "gustav@mueller.example";
        paste(browser, bad);
        browser.script("var b = document.createElement('button'); b.id = 'forced-invite'; b.type = 'submit'; b.name = 'op';"
            + " b.value = 'invite'; b.textContent = 'x'; document.getElementById('bulk-form').appendChild(b);");
        browser.submit("forced-invite");
        assertTrue(browser.text("bulk-summary").contains("Es wurde niemand eingeladen"), () -> browser.text("bulk-summary"));
        assertEquals(bad, textBox(browser));
        assertEquals(Set.of(ANNA, BERND, CARLA, EMIL, FRIDA), emails(delegates()));
    }

    @Test
    @Order(6)
    void aFileTooLargeIsRefusedWithAReason() {
        Browser browser = bulkPage();
        String csrf = browser.css("#bulk-form input[name='_csrf']").getAttribute("value");
        String list = "kept@mueller.example";
        // above the page's 512 KB, below the container's 1 MB per part: the page says so and keeps the list
        HttpResponse<String> large = postMultipart(browser, csrf, list, "x".repeat(600 * 1024));
        assertEquals(413, large.statusCode(), () -> Portal.describe(large));
        assertTrue(large.body().contains("id=\"form-error\"") && large.body().contains("512 KB"), () -> Portal.describe(large));
        assertTrue(large.body().contains(">" + list + "</textarea>"), () -> Portal.describe(large));
        // above what the container reads: its own page instead of "the form has expired"
        HttpResponse<String> huge = postMultipart(browser, csrf, list, "x".repeat(4 * 1024 * 1024));
        assertEquals(413, huge.statusCode(), () -> Portal.describe(huge));
        assertTrue(huge.body().contains("id=\"too-large\""), () -> Portal.describe(huge));
        assertEquals(Set.of(ANNA, BERND, CARLA, EMIL, FRIDA), emails(delegates()));
    }

    private HttpResponse<String> postMultipart(Browser browser, String csrf, String list, String file) {
        String boundary = "----bulk" + System.nanoTime();
        StringBuilder body = new StringBuilder();
        for (String[] field : new String[][] {{"_csrf", csrf}, {"list", list}, {"profile", "MA"}, {"customerChoice", "all"},
            {"op", "check"}}) {
            body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(field[0])
                .append("\"\r\n\r\n").append(field[1]).append("\r\n");
        }
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"list.csv\"\r\n")
            .append("Content-Type: text/csv\r\n\r\n").append(file).append("\r\n--").append(boundary).append("--\r\n");
        HttpRequest request = HttpRequest.newBuilder(URI.create(web.base + "/collab/delegates/bulk")).timeout(Duration.ofSeconds(60))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Cookie", browser.cookieHeader())
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), UTF_8)).build();
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString(UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(7)
    void theAdminsAuditShowsTheBulkInvitations() {
        Login admin = web.broker.admin;
        JsonNode bulk = web.api.as(admin).get(web.broker.path("/audit?action=delegates.bulkInvited")).expect(200);
        List<JsonNode> entries = dev.collab.itests.Http.items(bulk);
        assertEquals(2, entries.size(), bulk::toString);
        assertTrue(entries.stream().allMatch(e -> e.toString().contains(GF)), bulk::toString);
        JsonNode each = web.api.as(admin).get(web.broker.path("/audit?action=delegate.invited&limit=100")).expect(200);
        Set<String> invited = new HashSet<>();
        dev.collab.itests.Http.items(each).forEach(e -> invited.add(e.path("target").asText()));
        assertTrue(invited.containsAll(Set.of(ANNA, BERND, CARLA, EMIL, FRIDA)), each::toString);

        Browser browser = web.signedIn("de", admin.user(), admin.password());
        browser.follow("nav-audit");
        browser.fill("action", "delegates.bulkInvited").submit("filter");
        assertTrue(browser.text("audit").contains("delegates.bulkInvited"), () -> browser.text("audit"));
        browser.screenshot("bulk-audit");
    }

    // ------------------------------------------------------------------ helpers

    private Browser bulkPage() {
        Browser browser = web.signedIn("de", GF, GF_PASSWORD);
        browser.open("/collab/delegates/bulk");
        browser.byId("bulk-form");
        return browser;
    }

    /** Puts the list into the text box at once (typing 500 lines key by key takes minutes). */
    private static void paste(Browser browser, String list) {
        browser.script("arguments[0].value = arguments[1];", browser.byId("bulk-list"), list);
    }

    private static String textBox(Browser browser) {
        return (String) browser.script("return arguments[0].value;", browser.byId("bulk-list"));
    }

    /** Line in the list → the outcome in words, from the result table. */
    private static Map<Integer, String> outcomes(Browser browser) {
        browser.byId("bulk-rows");
        Map<Integer, String> outcomes = new LinkedHashMap<>();
        for (WebElement row : browser.all("#bulk-rows tbody tr")) {
            outcomes.put(Integer.valueOf(row.getAttribute("data-line")), row.findElement(By.cssSelector("td.outcome")).getText().trim());
        }
        return outcomes;
    }

    private static WebElement line(Browser browser, int line) {
        return browser.css("#bulk-rows tbody tr[data-line='" + line + "']");
    }

    private static String message(Browser browser, int line) {
        return cell(line(browser, line), "message");
    }

    private List<JsonNode> delegates() {
        return web.broker.delegates(new Login(GF, GF_PASSWORD));
    }

    private static Set<String> emails(List<JsonNode> delegates) {
        return delegates.stream().map(d -> d.path("email").asText()).collect(Collectors.toSet());
    }
}
