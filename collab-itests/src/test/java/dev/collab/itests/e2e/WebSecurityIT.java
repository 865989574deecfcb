package dev.collab.itests.e2e;

import static dev.collab.itests.Http.json;
import static dev.collab.itests.e2e.Portal.GF;
import static dev.collab.itests.e2e.Portal.describe;
import static dev.collab.itests.e2e.Portal.form;
import static dev.collab.itests.e2e.Portal.post;
import static dev.collab.itests.e2e.Portal.tickCustomers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Cookie;

import dev.collab.itests.e2e.web.Browser;
import dev.collab.testkit.Login;

/**
 * The web screens' defences: CSRF tokens on every state-changing form, session idle timeout,
 * one page for every unusable registration link, cookie flags, a Content-Security-Policy without
 * inline scripts, throttled sign-in; and German or English by browser language or switch.
 *
 * <p>The container runs with {@code idleTimeoutSeconds=3} for PID {@code dev.collab.web.sessions},
 * written to {@code <data>/config} before it starts, so every test here keeps the gaps between
 * requests of one session short (no axe run in the middle of a session it still needs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(Browser.Guard.class)
class WebSecurityIT {
    private static final String GF_PASSWORD = "gf password 12345";
    /** An admin of acme used only as the target of wrong passwords (throttling must not lock out the others). */
    private static final String LOCKED = "locked@acme.example";
    private static final String FORGED_EMAIL = "forged@mueller.example";

    private Portal web;
    private String usedLink;

    @BeforeAll
    void start() throws IOException {
        web = Portal.start("web-security-", dataDir ->
            Portal.writeConfig(dataDir, "dev.collab.web.sessions", "idleTimeoutSeconds=3\n")).seedStory();
        usedLink = web.registrationLink(GF, 1);
        web.api.post("/invitations/" + Portal.token(usedLink) + "/accept",
            json("{'password':'" + GF_PASSWORD + "'}")).expect(200);
        web.api.as(CollabProcess.SUPPORT).post("/tenants/acme/admins",
            json("{'email':'" + LOCKED + "','password':'the locked admin password'}")).expect(201);
    }

    @AfterAll
    void stop() {
        if (web != null) {
            web.close();
        }
    }

    @Test
    @Order(1)
    void theSignInPageFollowsTheBrowserLanguageAndTheSwitch() {
        Browser english = web.browser("en");
        english.open("/collab/");
        assertEquals("en", english.htmlLang());
        assertTrue(english.css("h1").getText().contains("Sign in"), () -> "h1: " + english.css("h1").getText());
        english.check("sign-in-en");

        Browser german = web.browser("de");
        german.open("/collab/");
        assertEquals("de", german.htmlLang());
        assertTrue(german.css("h1").getText().contains("Anmelden"), () -> "h1: " + german.css("h1").getText());
        german.follow("lang-en");
        assertEquals("en", german.htmlLang());
        assertTrue(german.css("h1").getText().contains("Sign in"), () -> "after #lang-en, h1: " + german.css("h1").getText());
        german.follow("lang-de");
        assertEquals("de", german.htmlLang());
        assertTrue(german.css("h1").getText().contains("Anmelden"), () -> "after #lang-de, h1: " + german.css("h1").getText());

        Browser byParameter = web.browser("de");
        byParameter.open("/collab/?lang=en");
        assertEquals("en", byParameter.htmlLang());
        assertTrue(byParameter.css("h1").getText().contains("Sign in"), () -> "?lang=en, h1: " + byParameter.css("h1").getText());
    }

    @Test
    @Order(2)
    void pagesCarryAContentSecurityPolicyWithoutInlineScripts() {
        for (String path : List.of("/collab/", "/collab/register?token=" + "x".repeat(43), "/collab/password/forgot")) {
            HttpResponse<String> page = web.get(path, null);
            String csp = page.headers().firstValue("Content-Security-Policy").orElse(null);
            assertTrue(csp != null, () -> "no Content-Security-Policy: " + describe(page));
            Map<String, String> directives = new LinkedHashMap<>();
            for (String directive : csp.split(";")) {
                String[] parts = directive.trim().split("\\s+", 2);
                if (!parts[0].isEmpty()) {
                    directives.put(parts[0].toLowerCase(Locale.ROOT), parts.length > 1 ? parts[1] : "");
                }
            }
            String scripts = Optional.ofNullable(directives.get("script-src")).orElse(directives.get("default-src"));
            assertTrue(scripts != null, () -> path + ": neither script-src nor default-src in " + csp);
            assertFalse(scripts.contains("'unsafe-inline'"), () -> path + ": script-src allows inline scripts: " + csp);
        }
    }

    @Test
    @Order(3)
    void theSessionCookieIsHttpOnlyAndSameSite() {
        // Over plain HTTP: the Set-Cookie headers of the sign-in page and of a successful sign-in.
        Browser browser = web.browser("de");
        browser.open("/collab/");
        browser.fill("tenant", Portal.TENANT).fill("email", GF).fill("password", GF_PASSWORD);
        Portal.FormSubmission login = form(browser, "login-submit");
        HttpResponse<String> page = web.get("/collab/", null);
        HttpResponse<String> signedIn = post(login, browser.cookieHeader());
        assertTrue(signedIn.statusCode() == 302 || signedIn.statusCode() == 303 || signedIn.statusCode() == 200,
            () -> describe(signedIn));
        // The session cookie: what signing in sets (a new session id), else what the sign-in page set.
        List<String> set = signedIn.headers().allValues("Set-Cookie").stream().filter(c -> !isDeletion(c)).toList();
        if (set.isEmpty()) {
            set = page.headers().allValues("Set-Cookie").stream().filter(c -> !isDeletion(c)).toList();
        }
        assertFalse(set.isEmpty(), () -> "no cookie set by the sign-in page nor by signing in:\n" + describe(signedIn));
        for (String cookie : set) {
            assertTrue(cookie.toLowerCase(Locale.ROOT).contains("httponly"), () -> "not HttpOnly: " + cookie);
            assertTrue(cookie.toLowerCase(Locale.ROOT).matches(".*;\\s*samesite=(lax|strict).*"), () -> "no SameSite=Lax|Strict: " + cookie);
        }
        // They are a signed-in session.
        String session = set.stream().map(c -> c.split(";", 2)[0]).collect(Collectors.joining("; "));
        HttpResponse<String> home = web.get("/collab/", mergeCookies(browser.cookieHeader(), session));
        assertTrue(home.body().contains("whoami"), () -> "the sign-in's cookies are no session: " + describe(home));

        // And as the browser keeps them.
        Set<String> names = set.stream().map(c -> c.substring(0, c.indexOf('=')).trim()).collect(Collectors.toSet());
        Portal.signIn(browser, GF, GF_PASSWORD);
        for (Cookie cookie : browser.cookies()) {
            if (names.contains(cookie.getName())) {
                assertTrue(cookie.isHttpOnly(), () -> "not HttpOnly in the browser: " + cookie);
                assertTrue(Set.of("Lax", "Strict").contains(cookie.getSameSite()), () -> "SameSite in the browser: " + cookie);
            }
        }
    }

    @Test
    @Order(4)
    void unknownAndUsedLinksShowTheSamePageRevealingNothing() {
        Browser browser = web.browser("de");
        String unknownToken = ("unknown" + "X".repeat(43)).substring(0, 43);
        browser.open("/collab/register?token=" + unknownToken);
        browser.byId("link-invalid");
        String unknownText = browser.bodyText();
        assertRevealsNothing(browser);
        browser.check("link-invalid-unknown");

        browser.open(usedLink);
        browser.byId("link-invalid");
        assertRevealsNothing(browser);
        assertEquals(unknownText, browser.bodyText(), "an unknown and a used link show different pages");
        browser.check("link-invalid-used");
    }

    @Test
    @Order(5)
    void postsWithoutTheCsrfTokenAreRefusedAndChangeNothing() {
        // The sign-in form's fields, read first: the session below must not idle (3 s) while a browser starts.
        Browser anonymous = web.browser("de");
        anonymous.open("/collab/");
        anonymous.fill("tenant", Portal.TENANT).fill("email", GF).fill("password", GF_PASSWORD);
        Portal.FormSubmission login = form(anonymous, "login-submit");
        assertTrue(login.action().endsWith("/collab/login"), () -> "the sign-in posts to " + login.action());
        assertTrue(login.has("_csrf"), () -> "the sign-in form has no _csrf field: " + login.fields());
        Login gf = new Login(GF, GF_PASSWORD);
        assertTrue(web.broker.delegates(gf).stream().noneMatch(d -> FORGED_EMAIL.equalsIgnoreCase(d.path("email").asText())));

        // The GF on step 2 of the invitation; the form as the browser would post it.
        Browser browser = web.signedIn("de", GF, GF_PASSWORD);
        browser.follow("nav-delegates");
        browser.follow("add-user");
        browser.fill("invite-email", FORGED_EMAIL).select("invite-role", "MA").submit("next");
        tickCustomers(browser, Set.of("B"));
        Portal.FormSubmission invite = form(browser, "invite");
        String cookies = browser.cookieHeader();

        // Posted with the GF's session cookie, but without the token or with a forged one: 403.
        HttpResponse<String> withoutToken = post(invite.without("_csrf"), cookies);
        HttpResponse<String> forgedToken = post(invite.without("_csrf").with("_csrf", "forged" + "A".repeat(40)), cookies);
        HttpResponse<String> loginWithoutToken = post(login.without("_csrf"), cookies);
        boolean created = web.broker.delegates(gf).stream().anyMatch(d -> FORGED_EMAIL.equalsIgnoreCase(d.path("email").asText()));

        // The very same form with its token (the browser's own click) does invite: the replay was complete.
        browser.submit("invite");
        String afterInvite = browser.url();

        assertTrue(invite.action().endsWith("/collab/delegates/invite"), () -> "step 2 posts to " + invite.action());
        assertEquals("post", invite.method());
        assertTrue(invite.has("_csrf"), () -> "step 2 has no _csrf field: " + invite.fields());
        assertEquals(403, withoutToken.statusCode(), () -> describe(withoutToken));
        assertEquals(403, forgedToken.statusCode(), () -> describe(forgedToken));
        assertEquals(403, loginWithoutToken.statusCode(), () -> describe(loginWithoutToken));
        assertFalse(created, "a POST without a valid _csrf created a delegate");
        assertTrue(browser.path().startsWith("/collab/delegates"), () -> "after Einladen: " + afterInvite + " " + browser.bodyText());
        Portal.delegateRow(browser, FORGED_EMAIL);
        // Exactly one invitation mail: the one of the accepted POST.
        web.smtp.awaitMessageTo(FORGED_EMAIL, 1, Portal.MAIL_LIMIT, web.container::logTail);
        assertEquals(1, web.smtp.messagesTo(FORGED_EMAIL).size(), "refused POSTs sent invitations");
    }

    @Test
    @Order(6)
    void anIdleSessionExpires() throws InterruptedException {
        Browser browser = web.signedIn("de", GF, GF_PASSWORD);
        browser.byId("whoami");
        Thread.sleep(5_000); // longer than idleTimeoutSeconds=3: the point of this test
        browser.reload();
        browser.byId("login");
        assertFalse(browser.has("whoami"), "still signed in after 5 s idle with idleTimeoutSeconds=3");
        browser.check("sign-in-after-expiry");
    }

    @Test
    @Order(7)
    void repeatedWrongPasswordsAreThrottled() {
        Browser browser = web.browser("de");
        String error = "";
        for (int attempt = 1; attempt <= 15 && !error.contains("Zu viele"); attempt++) {
            browser.open("/collab/"); // a fresh page (and token) for every try
            browser.fill("tenant", Portal.TENANT).fill("email", LOCKED).fill("password", "wrong password " + attempt)
                .submit("login-submit");
            assertFalse(browser.has("whoami"), "signed in with a wrong password");
            error = browser.has("form-error") ? browser.text("form-error") : "";
        }
        String last = error;
        assertTrue(last.contains("Zu viele"), () -> "after 15 wrong passwords #form-error says: " + last);
        browser.check("sign-in-too-many-attempts");
    }

    // ------------------------------------------------------------------ helpers

    private void assertRevealsNothing(Browser browser) {
        String source = browser.source().toLowerCase(Locale.ROOT);
        for (String secret : List.of(GF, "mueller", "müller", Portal.TENANT, Portal.BROKER_NAME.toLowerCase(Locale.ROOT), Portal.ADMIN)) {
            assertFalse(source.contains(secret.toLowerCase(Locale.ROOT)), () -> "the invalid-link page reveals " + secret);
        }
        assertFalse(browser.has("invitation") || browser.has("register"), "the invalid-link page offers the registration");
    }

    private static boolean isDeletion(String setCookie) {
        String lower = setCookie.toLowerCase(Locale.ROOT);
        String value = setCookie.split(";", 2)[0];
        return value.endsWith("=") || lower.contains("max-age=0") || lower.contains("expires=thu, 01 jan 1970");
    }

    private static String mergeCookies(String older, String newer) {
        Map<String, String> cookies = new LinkedHashMap<>();
        for (String header : List.of(older, newer)) {
            Arrays.stream(header.split(";\\s*")).filter(c -> c.contains("="))
                .forEach(c -> cookies.put(c.substring(0, c.indexOf('=')), c.substring(c.indexOf('=') + 1)));
        }
        return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
    }
}
