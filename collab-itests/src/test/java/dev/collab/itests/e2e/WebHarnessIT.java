package dev.collab.itests.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.AssertionFailedError;

import com.deque.html.axecore.results.Rule;

import dev.collab.itests.e2e.web.Browser;

/**
 * The browser harness itself, against pages that exist today: headless chromium starts offline
 * from Debian's packages, opens the container's OpenAPI document and local pages, follows a form
 * to the container, takes screenshots, and axe-core tells an accessible page from a broken one
 * (also under a strict Content-Security-Policy, as the screens will have).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(Browser.Guard.class)
class WebHarnessIT {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};
    private static final String GOOD = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in</title>"
        + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'; style-src 'self'\">"
        + "</head><body><main><h1>Sign in</h1><form id=\"login\"><label for=\"email\">E-mail</label>"
        + "<input id=\"email\" name=\"email\" type=\"email\"><button id=\"login-submit\" type=\"button\">Sign in</button>"
        + "</form></main></body></html>";
    private static final String BROKEN = "<html><body><img src=\"x.png\"><input id=\"q\"><div role=\"bogus\">x</div></body></html>";

    private CollabProcess container;
    private String base;

    @BeforeAll
    void start() throws IOException {
        container = CollabProcess.start(CollabProcess.freshDataDir("web-harness-"), Map.of());
        base = "http://localhost:" + container.port;
    }

    @AfterAll
    void stop() {
        if (container != null) {
            container.stop();
        }
    }

    @Test
    void opensAContainerPageAndTakesAScreenshot() throws IOException {
        Browser browser = Browser.start(base, "en");
        browser.open("/collab/api/v1/openapi.json");
        assertTrue(browser.bodyText().contains("\"openapi\""), () -> browser.bodyText());
        assertEquals(base + "/collab/api/v1/openapi.json", browser.url());
        Path shot = browser.screenshot("harness-openapi");
        assertTrue(Files.size(shot) > 1000, shot + " is tiny");
        assertArrayEquals(PNG, Arrays.copyOf(Files.readAllBytes(shot), 4), shot + " is no PNG");
    }

    @Test
    void theBrowserLanguageIsSetPerBrowser() {
        Browser english = Browser.start(base, "en");
        Browser german = Browser.start(base, "de");
        english.open("data:text/html,<title>x</title>");
        german.open("data:text/html,<title>x</title>");
        assertEquals("en", english.script("return navigator.languages[0].substring(0, 2)"));
        assertEquals("de", german.script("return navigator.languages[0].substring(0, 2)"));
    }

    @Test
    void axePassesAnAccessiblePageUnderAStrictCsp() {
        Browser browser = Browser.start(base, "en");
        browser.open(dataUrl(GOOD));
        browser.fill("email", "gf@mueller.example");
        assertEquals("gf@mueller.example", browser.byId("email").getAttribute("value"));
        assertEquals("Sign in", browser.css("h1").getText());
        assertEquals("en", browser.htmlLang());
        browser.screenshot("harness-good");
        List<Rule> violations = browser.axe("harness-good");
        assertTrue(violations.stream().noneMatch(r -> Browser.FAILING_IMPACTS.contains(r.getImpact())), violations::toString);
        assertTrue(Files.isRegularFile(Browser.SCREENS.resolve("harness-good.axe.txt")));
    }

    @Test
    void axeFailsOnSeriousViolations() {
        Browser browser = Browser.start(base, "en");
        browser.open(dataUrl(BROKEN));
        AssertionFailedError failure = assertThrows(AssertionFailedError.class, () -> browser.check("harness-broken"));
        assertTrue(failure.getMessage().contains("image-alt"), failure.getMessage());
        assertTrue(failure.getMessage().contains("critical"), failure.getMessage());
        assertTrue(Files.isRegularFile(Browser.SCREENS.resolve("harness-broken.png")));
        assertTrue(Files.isRegularFile(Browser.SCREENS.resolve("harness-broken.axe-failure.png")));
    }

    @Test
    void submitsAFormToTheContainerAndDumpsThePage() throws IOException {
        Path page = container.dataDir.getParent().resolve("form.html");
        Files.writeString(page, "<!doctype html><html lang=\"en\"><head><title>form</title></head><body><main>"
            + "<form method=\"get\" action=\"" + base + "/collab/api/v1/health\"><label for=\"q\">q</label>"
            + "<input id=\"q\" name=\"q\"><button id=\"go\">Go</button></form></main></body></html>", UTF_8);
        Browser browser = Browser.start(base, "de");
        browser.open(page.toUri().toString());
        browser.fill("q", "x y");
        browser.submit("go");
        assertEquals("/collab/api/v1/health?q=x+y", browser.path());
        assertTrue(browser.bodyText().contains("UP"), browser::bodyText);
        browser.dump("WebHarnessIT.dump");
        try (var files = Files.list(Browser.SCREENS.resolve("failures"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("WebHarnessIT.dump-")));
        }
    }

    private static String dataUrl(String html) {
        return "data:text/html;charset=utf-8," + URLEncoder.encode(html, UTF_8).replace("+", "%20");
    }
}
