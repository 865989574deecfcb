package dev.collab.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.support.ui.Select;

import com.fasterxml.jackson.databind.JsonNode;

import dev.collab.itests.Http;
import dev.collab.itests.e2e.web.Browser;
import dev.collab.testkit.Login;

/**
 * The seed's "Anlegen der Struktur" and "Anpassung der Freischaltung des GF" done by a broker
 * admin entirely in the browser: profiles MA and GF under "Freischaltungs-Profile" →
 * "Neuanlage", the GF's grant with profile GF under "Aktionen und Betreuer" and "Getrennte
 * Freischaltungen für eingeladenen Mitarbeiter" ticked on the GF's classic grant, an MA's delegate
 * grant customized away from its profile and back, and the audit trail. Support creates a tenant
 * with its first admin and switches its delegated access off (seeing the consequences first) and
 * on. Every screen is screenshot and checked with axe-core.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(Browser.Guard.class)
class WebAdminIT {
    private static final String TENANT = "acme";
    private static final String ADMIN = "admin@acme.example";
    private static final String PASSWORD = "admin password 12345";
    private static final String GF = "gf@mueller.example";
    private static final String GF_PASSWORD = "gf password 12345";
    private static final String MA = "ma@mueller.example";
    private Portal web;

    @BeforeAll
    void start() throws IOException {
        web = Portal.start("web-admin-", dataDir -> { });
        Http api = web.api;
        Login support = CollabProcess.SUPPORT;
        api.as(support).put("/tenants/" + TENANT, "{\"name\":\"Acme Versicherungsmakler\"}").expect(201);
        api.as(support).put("/tenants/" + TENANT + "/features/delegatedAccess", "{\"enabled\":true}").expect(200);
        api.as(support).post("/tenants/" + TENANT + "/admins",
            "{\"email\":\"" + ADMIN + "\",\"password\":\"" + PASSWORD + "\"}").expect(201);
        Login admin = new Login(ADMIN, PASSWORD);
        for (String c : List.of("A", "B", "C")) {
            api.as(admin).put("/tenants/" + TENANT + "/customers/" + c, "{\"name\":\"Kunde " + c + "\"}").expect(201);
        }
    }

    @AfterAll
    void stop() {
        if (web != null) {
            web.close();
        }
    }

    @Test
    void theAdminSetsUpTheSeedsStructureInTheBrowser() {
        Browser browser = web.signedIn("de", ADMIN, PASSWORD);
        browser.follow("nav-profiles");
        assertEquals("Freischaltungs-Profile", browser.css("h1").getText());
        browser.check("admin-profiles-empty");

        browser.follow("new-profile");
        browser.check("admin-profile-new");
        browser.fill("profile-name", "MA").click("right-contracts-view").click("right-documents-view").submit("save-profile");
        assertTrue(browser.text("flash").contains("MA"), () -> browser.text("flash"));

        browser.follow("new-profile");
        browser.fill("profile-name", "GF").click("right-contracts-view").click("right-claims-view");
        assertTrue(browser.bodyText().contains("Delegierte Freischaltungsprofile"));
        browser.click("delegable-0");
        browser.check("admin-profile-gf");
        browser.submit("save-profile");
        browser.check("admin-profiles");
        assertTrue(browser.text("profiles").contains("Verträge ansehen"), () -> browser.text("profiles"));

        // the GF's grant exists as a classic grant first: rights, no profile
        browser.follow("nav-grants");
        assertEquals("Freischaltungen", browser.css("h1").getText());
        browser.follow("new-grant");
        browser.fill("grant-name", "Müller GmbH").fill("grant-email", GF).click("right-contracts-view")
            .click("customer-0").click("customer-1").click("customer-2");
        browser.check("admin-grant-new");
        browser.submit("create-grant");
        assertTrue(browser.css("h1").getText().contains("Müller GmbH"));
        assertTrue(browser.text("members").contains(GF));
        assertTrue(browser.text("members").contains("eingeladen"));
        String gfGrant = browser.path();

        // "Anpassung der Freischaltung des GF": profile GF under "Aktionen und Betreuer", "Getrennte
        // Freischaltungen für eingeladenen Mitarbeiter" ticked
        assertTrue(browser.text("actions-and-advisers").contains("Getrennte Freischaltungen für eingeladenen Mitarbeiter"));
        browser.select("grant-profile", "GF").click("grant-separate").submit("save-settings");
        assertTrue(browser.byId("grant-separate").isSelected(), "Getrennte Freischaltungen is ticked");
        assertEquals("GF", new Select(browser.byId("grant-profile")).getFirstSelectedOption().getText());
        // the classic rights stay until the admin returns to the profile's
        assertTrue(browser.text("rights-state").contains("abweichend"), () -> browser.text("rights-state"));
        browser.check("admin-grant-customized");
        browser.submit("reset-rights");
        assertTrue(browser.text("rights-state").contains("aus dem Profil"), () -> browser.text("rights-state"));
        assertTrue(browser.byId("right-claims-view").isSelected(), "the profile GF's rights");
        browser.check("admin-grant");

        // a refusal in the screen's language, worded from the suite's catalog: GF is in use by this grant
        browser.follow("nav-profiles").open(profileLink(browser, "GF")).submit("delete-profile");
        assertTrue(browser.text("form-error").contains("Das Profil „GF“ wird von 1 Freischaltung verwendet, z. B. Müller GmbH."),
            () -> browser.text("form-error"));
        browser.open(gfGrant);

        browser.submitCss("#members button.resend");
        assertTrue(browser.text("flash").contains("neue Einladung"), () -> browser.text("flash"));
        assertTrue(web.registrationLink(GF, 2).contains("token="), "the resent invitation is mailed");

        // the GF registers and invites an MA (their own screens, tested elsewhere: here over REST)
        String token = Portal.token(web.registrationLink(GF, 2));
        web.api.post("/invitations/" + token + "/accept", "{\"password\":\"" + GF_PASSWORD + "\"}").expect(200);
        web.api.as(new Login(GF, GF_PASSWORD)).post("/tenants/" + TENANT + "/me/delegates",
            "{\"email\":\"" + MA + "\",\"profile\":\"MA\",\"customers\":[\"A\",\"B\"]}").expect(201);

        // "Diese Freischaltungen können Sie wie üblich abweichend von dem Profil „MA“ anpassen" – and back
        browser.open(gfGrant);
        String delegateGrant = browser.all("#tree a").stream().filter(a -> a.getText().contains(MA)).findFirst()
            .orElseThrow(() -> new AssertionError("no delegate grant in #tree: " + browser.text("tree"))).getAttribute("href");
        browser.open(delegateGrant);
        assertTrue(browser.css("h1").getText().contains("Müller GmbH/" + MA), () -> browser.css("h1").getText());
        assertTrue(browser.text("members").contains(MA), () -> browser.text("members"));
        assertTrue(browser.byId("right-documents-view").isSelected(), "the profile MA's rights");
        browser.click("right-documents-view").submit("customize");
        assertTrue(browser.text("rights-state").contains("abweichend"), () -> browser.text("rights-state"));
        assertTrue(!browser.byId("right-documents-view").isSelected(), "documents.view taken away");
        browser.check("admin-delegate-customized");
        browser.submit("reset-rights");
        assertTrue(browser.text("rights-state").contains("aus dem Profil"), () -> browser.text("rights-state"));
        assertTrue(browser.byId("right-documents-view").isSelected(), "back to the profile MA's rights");
        browser.check("admin-delegate");

        browser.follow("nav-audit");
        browser.fill("action", "grant").submit("filter");
        assertTrue(browser.text("audit").contains("grant.created"), () -> browser.text("audit"));
        browser.check("admin-audit");
        assertTrue(browser.byId("csv").getAttribute("href").contains("/admin/audit.csv?action=grant"));

        browser.follow("nav-grants");
        browser.check("admin-grants");
    }

    /**
     * Issue 11: an admin who chose English sees the rights titled in English, and the screens
     * show times in the tenant's time zone (here one support set, so that it is not the
     * screens' default), in the short English form.
     */
    @Test
    void anEnglishAdminSeesEnglishRightTitlesAndTimesInTheTenantsZone() {
        Http api = web.api;
        api.as(CollabProcess.SUPPORT).put("/tenants/" + TENANT,
            "{\"name\":\"Acme Versicherungsmakler\",\"timeZone\":\"America/New_York\"}").expect(200);
        JsonNode changed = api.as(new Login(ADMIN, PASSWORD)).get("/tenants/" + TENANT + "/audit?action=tenant.timeZone").expect(200).path("items").get(0);
        String at = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH).withZone(ZoneId.of("America/New_York"))
            .format(Instant.parse(changed.path("at").asText()));

        Browser browser = web.signedIn("en", ADMIN, PASSWORD);
        browser.follow("nav-profiles").follow("new-profile");
        String rights = browser.bodyText();
        assertTrue(rights.contains("View contracts") && rights.contains("Report claims") && !rights.contains("Verträge ansehen"),
            rights);
        browser.follow("nav-audit");
        browser.fill("action", "tenant.timeZone").submit("filter");
        assertTrue(browser.text("audit").contains(at), () -> "expected " + at + " (America/New_York) in " + browser.text("audit"));

        // a refusal in English, worded from the same catalog as the German one: a profile in use cannot go
        Login admin = new Login(ADMIN, PASSWORD);
        String profile = api.as(admin).post("/tenants/" + TENANT + "/profiles",
            "{\"name\":\"Sales\",\"rights\":[\"contracts.view\"],\"delegableProfiles\":[]}").expect(201).path("id").asText();
        String grant = api.as(admin).post("/tenants/" + TENANT + "/grants", "{\"name\":\"Smith Ltd\",\"profile\":\"Sales\","
            + "\"customers\":[\"A\"],\"separateDelegateGrants\":false,\"email\":\"smith@smith.example\"}").expect(201).path("id").asText();
        try {
            browser.follow("nav-profiles").open(profileLink(browser, "Sales")).submit("delete-profile");
            String refusal = browser.text("form-error");
            assertTrue(refusal.contains("The profile cannot be deleted while grants use it.")
                && refusal.contains("Profile 'Sales' is in use by 1 grant(s), e.g. Smith Ltd."), refusal);
        } finally {
            // the seed's story starts from a tenant without profiles, whichever test runs first
            api.as(admin).delete("/tenants/" + TENANT + "/grants/" + grant).expect(204);
            api.as(admin).delete("/tenants/" + TENANT + "/profiles/" + profile).expect(204);
        }
    }

    /** The link of the profile of that name in the list "Freischaltungs-Profile". */
    private static String profileLink(Browser browser, String name) {
        return browser.all("#profiles a.profile-link").stream().filter(a -> a.getText().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no profile " + name + " in " + browser.text("profiles"))).getAttribute("href");
    }

    /**
     * Support creates tenant "nordlicht" with its first admin, switches delegated access off —
     * reading first that existing access is kept while inviting and profile administration stop —
     * and on again; the admin's home says which state the tenant is in.
     */
    @Test
    void supportCreatesATenantWithItsFirstAdminAndSwitchesItOffAndOn() {
        Browser browser = web.browser("de");
        browser.open("/collab/");
        browser.fill("email", "support").fill("password", CollabProcess.SUPPORT_PASSWORD).submit("login-submit");
        assertEquals("Mandanten", browser.css("h1").getText());
        assertTrue(browser.text("tenants").contains(TENANT), () -> browser.text("tenants"));

        browser.fill("tenant-id", "nordlicht").fill("tenant-name", "Nordlicht Makler GmbH");
        browser.check("support-tenants");
        browser.submit("create-tenant");
        assertTrue(browser.text("flash").contains("Nordlicht Makler GmbH"), () -> browser.text("flash"));
        assertEquals("nicht aktiviert", browser.text("feature-state"));
        assertTrue(browser.has("no-admins"));

        browser.fill("admin-email", "admin@nordlicht.example").fill("admin-password", "nordlicht admin 12345").submit("create-admin");
        assertTrue(browser.text("admins").contains("admin@nordlicht.example"), () -> browser.bodyText());
        browser.submit("feature-on");
        assertEquals("aktiviert", browser.text("feature-state"));
        assertTrue(browser.text("feature-off-consequences").contains("Bestehende Zugriffe bleiben erhalten"),
            () -> browser.text("feature-off-consequences"));
        browser.check("support-tenant");

        // turning it off states the consequences first and asks again
        browser.submit("feature-off");
        String consequences = browser.text("feature-off-consequences");
        assertTrue(consequences.contains("Bestehende Zugriffe bleiben erhalten") && consequences.contains("Einladen")
            && consequences.contains("Freischaltungs-Profile"), consequences);
        browser.check("support-feature-off");
        browser.submit("confirm-off");
        assertEquals("nicht aktiviert", browser.text("feature-state"));
        assertTrue(!web.api.as(CollabProcess.SUPPORT).get("/tenants/nordlicht").expect(200).path("features")
            .path("delegatedAccess").asBoolean(), "off over REST too");
        browser.submit("feature-on");
        assertEquals("aktiviert", browser.text("feature-state"));

        // the tenant's time zone: Europe/Berlin until support sets another; an unknown one is refused at the field
        assertEquals("Europe/Berlin", browser.text("time-zone"));
        browser.fill("time-zone-input", "Mars/Base").submit("save-time-zone");
        assertTrue(browser.bodyText().contains("Diese Zeitzone gibt es nicht"), () -> browser.bodyText());
        browser.fill("time-zone-input", "Europe/Vienna").submit("save-time-zone");
        assertEquals("Europe/Vienna", browser.text("time-zone"));
        assertEquals("Europe/Vienna", web.api.as(CollabProcess.SUPPORT).get("/tenants/nordlicht").expect(200)
            .path("timeZone").asText());

        browser.follow("nav-tenants").fill("q", "nord").submit("search-submit");
        assertTrue(browser.text("tenants").contains("nordlicht") && !browser.text("tenants").contains(TENANT), () -> browser.text("tenants"));

        // a tenant id that is taken is refused, not renamed
        browser.fill("tenant-id", "nordlicht").fill("tenant-name", "Anders").submit("create-tenant");
        assertTrue(browser.text("form-error").contains("nordlicht"), () -> browser.text("form-error"));

        // the new admin signs in to the new tenant
        browser.submitCss("form#logout button");
        browser.fill("tenant", "nordlicht").fill("email", "admin@nordlicht.example").fill("password", "nordlicht admin 12345")
            .submit("login-submit");
        assertTrue(browser.text("whoami").contains("admin@nordlicht.example"));
        assertTrue(!browser.has("nav-tenants"), "an admin has no Mandanten menu");
        browser.open("/collab/support/tenants");
        assertTrue(browser.has("forbidden"), () -> "an admin on the support's screen: " + browser.bodyText());
        browser.open("/collab/support/tenants/acme");
        assertTrue(browser.has("forbidden"), () -> "an admin on another tenant's support page: " + browser.bodyText());
    }
}
