package dev.collab.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.collab.api.delegation.ProfileOption;
import dev.collab.api.profiles.AccessProfile;

/** Every screen renders in both languages, escapes what users typed, and uses the seed's labels. */
class ViewsTest {
    private final Texts texts = new Texts();
    private final Views views = new Views();

    @Test
    void bothLanguagesHaveTheSameTexts() {
        assertEquals(new TreeSet<>(texts.all("de").keySet()), new TreeSet<>(texts.all("en").keySet()));
    }

    @Test
    void theSeedsLabelsAreTheGermanWords() {
        Map<String, String> de = texts.all("de");
        assertEquals("Mitarbeiter einladen", de.get("navDelegates"));
        assertEquals("Mitarbeiter einladen", de.get("inviteTitle"));
        assertEquals("Freigeschaltete Mitarbeiter verwalten", de.get("delegatesTitle"));
        assertEquals("Neuen Benutzer hinzufügen", de.get("addUser"));
        assertEquals("weiter", de.get("next"));
        assertEquals("Einladen", de.get("invite"));
        assertEquals("Löschen", de.get("delete"));
        assertEquals("Alle auswählen", de.get("selectAll"));
    }

    private Map<String, Object> base(String language) {
        Map<String, Object> model = new HashMap<>();
        model.put("t", texts.all(language));
        model.put("lang", language);
        model.put("base", "/collab");
        model.put("csrf", "csrf-token");
        model.put("errors", Map.of());
        model.put("langLinks", Map.of("de", "/collab/?lang=de", "en", "/collab/?lang=en"));
        model.put("user", Map.of("name", "gf@mueller.example", "canInvite", true, "admin", false, "support", false));
        return model;
    }

    @ParameterizedTest
    @ValueSource(strings = {"de", "en"})
    void everyScreenRenders(String language) {
        Map<String, Object> model = base(language);
        model.put("tenant", "acme");
        model.put("email", "<script>alert(1)</script>@x");
        model.put("formError", "an error");
        String signIn = views.render("signin", model);
        assertTrue(signIn.contains("id=\"login\""));
        assertTrue(signIn.contains("&lt;script&gt;"), "typed values are escaped");
        assertFalse(signIn.contains("<script>alert"));
        assertTrue(signIn.contains("<html lang=\"" + language + "\">"));

        model.put("invitation", Map.of("broker", "Acme", "inviter", "gf@mueller.example", "role", "MA",
            "customers", List.of("Kunde B", "Kunde C"), "email", "ma@mueller.example", "expires", "13.12.2026 10:00 CET",
            "accountExists", false));
        model.put("token", "T".repeat(43));
        assertTrue(views.render("register", model).contains("id=\"password2\""));
        model.put("invitation", Map.of("broker", "Acme", "inviter", "gf@mueller.example", "role", "MA",
            "customers", List.of(), "email", "ma@mueller.example", "expires", "x", "accountExists", true));
        assertFalse(views.render("register", model).contains("id=\"password2\""));

        model.put("access", List.of(Map.of("id", "B", "name", "Kunde B", "rights", List.of("contracts.view"))));
        model.put("messages", List.of(Map.of("at", "x", "from", "a", "to", "b", "subject", "s", "body", "b")));
        assertTrue(views.render("home", model).contains("data-customer=\"B\""));
        model.put("access", List.of());
        model.put("messages", List.of());
        String deleted = views.render("home", model);
        assertTrue(deleted.contains("id=\"no-access\"") && deleted.contains("id=\"mailbox-empty\""));

        model.put("intro", "intro");
        model.put("feature", "on");
        model.put("profiles", List.of(new AccessProfile("p1", "GF", "", List.of("contracts.view"), List.of("MA"))));
        model.put("review", Map.of("days", "30", "grace", "14", "revoke", false, "text", "alle 30 Tage"));
        String adminHome = views.render("admin-home", model);
        assertTrue(adminHome.contains("GF"));
        assertTrue(adminHome.contains("id=\"review-form\"") && adminHome.contains("value=\"30\""), "the admin's review settings");
        model.put("rows", List.of(Map.of("id", "acme", "name", "Acme", "on", true)));
        model.put("q", "");
        model.put("newId", "");
        model.put("newName", "");
        assertTrue(views.render("support-tenants", model).contains("acme"));
        model.put("tn", Map.of("id", "acme", "name", "Acme", "on", true, "timeZone", "Europe/Vienna"));
        model.put("zoneValue", "Europe/Vienna");
        model.put("admins", List.of(Map.of("email", "admin@acme.example")));
        model.put("adminEmail", "");
        model.put("leadValue", "24");
        model.put("leadText", "24 Stunden vor Ablauf");
        model.put("removalMail", true);
        model.put("review", Map.of("days", "90", "grace", "14", "revoke", true, "text", "alle 90 Tage"));
        String tenant = views.render("support-tenant", model);
        assertTrue(tenant.contains("<dd id=\"review-state\">alle 90 Tage</dd>") && tenant.contains("value=\"90\"")
            && tenant.contains("<option value=\"REVOKE\" selected>"), tenant);
        assertTrue(tenant.contains("<dd id=\"reminder-lead\">24 Stunden vor Ablauf</dd>") && tenant.contains("value=\"24\"")
            && tenant.contains("id=\"removal-mail\" name=\"removalMail\" aria-describedby=\"removal-mail-hint\" checked"), tenant);
        assertTrue(tenant.contains("id=\"feature-off-consequences\"") && tenant.contains("admin@acme.example"));
        assertTrue(tenant.contains("<dd id=\"time-zone\">Europe/Vienna</dd>") && tenant.contains("value=\"Europe/Vienna\""), tenant);
        assertTrue(views.render("support-feature-off", model).contains("id=\"confirm-off\""));
        model.remove("rows");

        model.put("q", "");
        model.put("total", 1);
        Map<String, Object> row = new HashMap<>(Map.of("id", "d1", "email", "ma@mueller.example", "role", "MA",
            "customers", "Kunde B", "statusKey", "invited", "status", "eingeladen", "mail", "gesendet"));
        row.putAll(Map.of("lastActive", "noch nie", "pending", true, "selectLabel", "ma markieren", "marked", false));
        row.putAll(Map.of("validUntil", "30.06.2027", "extendable", true));
        model.put("rows", List.of(row));
        model.put("pageInfo", "Seite 1 von 1");
        String delegates = views.render("delegates", model);
        assertTrue(delegates.contains("data-email=\"ma@mueller.example\"") && delegates.contains("class=\"resend\""));
        assertTrue(delegates.contains("<td class=\"valid-until\">30.06.2027</td>") && delegates.contains("/delegates/d1/extend\""),
            delegates);
        model.put("text", "off");
        assertTrue(views.render("delegates-off", model).contains("feature-off"));
        model.put("marked", List.of(Map.of("id", "d1", "email", "ma@mueller.example")));
        assertTrue(views.render("delete-confirm", model).contains("confirm-list"));
        model.put("reviewDue", "Überprüfung fällig bis 13.12.2026, 10:00");
        model.put("reviewOverdue", false);
        model.put("reviewLink", true);
        String due = views.render("delegates", model);
        assertTrue(due.contains("id=\"review-due\"") && due.contains("href=\"/collab/review\"") && due.contains("fällig bis"), due);

        model.put("reviewIntro", "Bitte <b>bestätigen</b>");
        model.put("reviewState", "Überprüfung fällig bis 13.12.2026, 10:00");
        model.put("overdue", false);
        model.put("rows", List.of(Map.of("id", "d1", "email", "<i>ma</i>@mueller.example", "role", "MA", "customers", "Kunde A",
            "lastActive", "nie", "remove", true, "keepLabel", "behalten", "removeLabel", "entfernen")));
        String review = views.render("review", model);
        assertTrue(review.contains("name=\"d-d1\" value=\"remove\" aria-label=\"entfernen\" checked"), review);
        assertTrue(review.contains("&lt;i&gt;ma") && review.contains("Bitte &lt;b&gt;"), "escaped: " + review);
        model.put("removed", List.of("ma@mueller.example"));
        model.put("keepIds", List.of("d2"));
        model.put("removeIds", List.of("d1"));
        model.put("confirmIntro", "Eine Person verliert den Zugriff");
        model.put("cascadeText", "Diese Löschung entfernt auch eine weitere Person.");
        String confirm = views.render("review-confirm", model);
        assertTrue(confirm.contains("name=\"d-d1\" value=\"remove\"") && confirm.contains("name=\"d-d2\" value=\"keep\"")
            && confirm.contains("id=\"cascade-warning\""), confirm);
        model.remove("cascadeText");

        model.put("profiles", List.of(new ProfileOption("MA", "Mitarbeiter")));
        model.put("profile", "MA");
        model.put("errors", Map.of("email", "bad", "profile", "bad"));
        String step1 = views.render("invite1", model);
        assertTrue(step1.contains("id=\"invite-email-error\"") && step1.contains("id=\"invite-role-error\""));
        model.put("summary", "summary");
        model.put("customers", List.of(Map.of("id", "A", "name", "Kunde A", "checked", true)));
        model.put("errors", Map.of("customers", "bad", "validUntil", "too late"));
        model.put("validUntil", "2027-06-30");
        model.put("validHint", "höchstens 12 Monate");
        String step2 = views.render("invite2", model);
        assertTrue(step2.contains("data-customer=\"A\"") && step2.contains("checked") && step2.contains("customers-error"));
        assertTrue(step2.contains("value=\"2027-06-30\"") && step2.contains("id=\"valid-until-error\"")
            && step2.contains("höchstens 12 Monate"), step2);
        model.put("id", "d1");
        model.put("intro", "gilt bis 30.06.2027");
        model.put("errors", Map.of("validUntil", "not later"));
        String extend = views.render("extend", model);
        assertTrue(extend.contains("action=\"/collab/delegates/d1/extend\"") && extend.contains("id=\"valid-until-error\""), extend);

        model.put("errors", Map.of());
        assertTrue(views.render("password", model).contains("password-change"));
        assertTrue(views.render("forgot", model).contains("id=\"forgot\""));
        model.put("sent", true);
        assertTrue(views.render("forgot", model).contains("forgot-sent"));
        model.put("intro", "for x");
        assertTrue(views.render("reset", model).contains("id=\"reset\""));
        model.put("heading", "h");
        model.put("headingId", "link-invalid");
        assertTrue(views.render("message", model).contains("id=\"link-invalid\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"de", "en"})
    void theBulkInviteKeepsTheListAndShowsEveryRow(String language) {
        Map<String, Object> model = base(language);
        model.put("profiles", List.of(new ProfileOption("MA", "Mitarbeiter")));
        model.put("profile", "MA");
        model.put("allCustomers", false);
        model.put("customers", List.of(Map.of("id", "A", "name", "Kunde A", "checked", true)));
        model.put("list", "E-Mail;Profil\n<b>x</b>@mueller.example;MA");
        model.put("formatDetails", "details");
        model.put("fileHint", "hint");
        String empty = views.render("bulk-invite", model);
        assertTrue(empty.contains("enctype=\"multipart/form-data\"") && empty.contains("type=\"file\""));
        assertTrue(empty.contains("&lt;b&gt;x&lt;/b&gt;@mueller.example;MA</textarea>"), "the list stays, escaped");
        assertTrue(empty.contains("id=\"bulk-check\"") && !empty.contains("id=\"bulk-invite\""), "Einladen before a check");
        assertFalse(empty.contains("bulk-rows"));

        Map<String, Object> bad = new HashMap<>(Map.of("line", 3, "email", "x", "profile", "MA", "customers", "", "ok", false,
            "outcomeKey", "invalid-address", "outcome", "ungültige Adresse", "message", "Bitte …"));
        model.put("outcome", Map.of("rows", List.of(bad), "failed", 1L, "clean", false, "summary", "1 von 1 Zeilen fehlerhaft."));
        String failed = views.render("bulk-invite", model);
        assertTrue(failed.contains("data-line=\"3\"") && failed.contains("aria-live=\"polite\"") && failed.contains("<th scope=\"row\""));
        assertFalse(failed.contains("id=\"bulk-invite\""), "Einladen offered although rows failed");

        Map<String, Object> good = new HashMap<>(bad);
        good.putAll(Map.of("ok", true, "outcomeKey", "invitable", "outcome", "einladbar", "message", ""));
        model.put("outcome", Map.of("rows", List.of(good), "failed", 0L, "clean", true, "summary", "ok"));
        assertTrue(views.render("bulk-invite", model).contains("id=\"bulk-invite\""), "no Einladen after a clean check");
    }

    @ParameterizedTest
    @ValueSource(strings = {"de", "en"})
    void theBulkInvitesCountsAreWorded(String language) {
        assertTrue(texts.format(language, "bulkAllOk", 1).matches("\\D*"), texts.format(language, "bulkAllOk", 1));
        assertTrue(texts.format(language, "bulkAllOk", 500).contains("500"));
        assertTrue(texts.format(language, "bulkFailed", 3L, 20).matches("\\D*3\\D+20\\D*"));
        assertTrue(texts.format(language, "bulkInvited", 1).startsWith("1 "));
        assertTrue(texts.format(language, "bulkInvited", 20).startsWith("20 "));
        assertTrue(texts.format(language, "bulkDuplicateLine", 1234).contains("1234"), "a line number has no grouping");
        assertTrue(texts.format(language, "bulkTooMany", 500, 501).contains("501"));
        for (String key : List.of("bulkCsvColumns", "bulkCsvQuote", "bulkFileTooLarge", "bulkFormatDetails", "bulkFileHint")) {
            assertTrue(texts.format(language, key, 7).contains("7"), key);
        }
    }

    @Test
    void noScreenHasInlineScriptOrStyle() throws Exception {
        for (String view : List.of("layout", "signin", "register", "home", "admin-home", "support-tenants", "support-tenant",
            "support-feature-off", "delegates", "review", "review-confirm",
            "delegates-off", "delete-confirm", "invite1", "invite2", "bulk-invite", "password", "forgot", "reset", "message", "extend")) {
            try (var in = Views.class.getClassLoader().getResourceAsStream("templates/" + view + ".ftlh")) {
                String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertFalse(source.matches("(?s).*<script(?![^>]*\\bsrc=).*"), view + " has an inline script");
                assertFalse(source.contains("style=\""), view + " has an inline style");
                assertFalse(source.matches("(?s).*\\son[a-z]+=\".*"), view + " has an inline event handler");
            }
        }
    }
}
