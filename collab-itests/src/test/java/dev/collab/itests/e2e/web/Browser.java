package dev.collab.itests.e2e.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;

/**
 * One headless chromium (Debian's {@code /usr/bin/chromium} through {@code /usr/bin/chromedriver};
 * Selenium Manager never downloads anything) with its own profile, cookies and browser language,
 * opening pages relative to a base URL. Screenshots go to {@code target/screens/<name>.png}, the
 * axe-core report of a page to {@code target/screens/<name>.axe.txt}.
 *
 * <p>Every wait is explicit ({@link WebDriverWait}). Register {@link Guard} on a test class: it saves
 * a screenshot and the page source of every open browser when a test fails, and quits them after each test.
 */
public final class Browser implements AutoCloseable {
    /** Where screenshots, axe reports and failure dumps go (relative to the module, as failsafe runs there). */
    public static final Path SCREENS = Path.of("target", "screens").toAbsolutePath();
    /** axe-core impacts that fail a check; minor and moderate ones are reported only. */
    public static final Set<String> FAILING_IMPACTS = Set.of("serious", "critical");
    private static final Duration WAIT = Duration.ofSeconds(Long.getLong("collab.browser.waitSeconds", 20));
    private static final ConcurrentLinkedQueue<Browser> OPEN = new ConcurrentLinkedQueue<>();

    static {
        // Selenium Manager must never fetch a browser or a driver: both come from Debian.
        System.setProperty("SE_OFFLINE", "true");
        // Last resort: no chromium outlives the test JVM.
        Runtime.getRuntime().addShutdownHook(new Thread(Browser::closeAll, "quit-browsers"));
    }

    private final String base;
    private final String language;
    private final ChromeDriver driver;
    private final WebDriverWait wait;

    private Browser(String base, String language, ChromeDriver driver) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.language = language;
        this.driver = driver;
        this.wait = new WebDriverWait(driver, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
    }

    /**
     * Starts a browser whose UI and {@code Accept-Language} are {@code language} ("de", "en").
     *
     * @param base e.g. {@code http://localhost:8080}; {@link #open(String)} resolves paths against it
     */
    public static Browser start(String base, String language) {
        File chromium = new File(System.getProperty("collab.chromium", "/usr/bin/chromium"));
        File chromedriver = new File(System.getProperty("collab.chromedriver", "/usr/bin/chromedriver"));
        if (!chromium.canExecute() || !chromedriver.canExecute()) {
            fail(chromium + " or " + chromedriver + " is missing: apt-get install chromium chromium-driver (.ci/run does)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
            "--lang=" + language, "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", "--disable-features=Translate,OptimizationHints,MediaRouter",
            "--password-store=basic");
        Map<String, Object> prefs = new LinkedHashMap<>();
        prefs.put("intl.accept_languages", "de".equals(language) ? "de-DE,de" : language + "," + language.substring(0, 2));
        prefs.put("credentials_enable_service", false);
        prefs.put("profile.password_manager_enabled", false);
        options.setExperimentalOption("prefs", prefs);
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver)
            .usingAnyFreePort()
            .withEnvironment(Map.of("SE_OFFLINE", "true", "LANGUAGE", language, "LANG", locale(language)))
            .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(60));
        Browser browser = new Browser(base, language, driver);
        OPEN.add(browser);
        return browser;
    }

    private static String locale(String language) {
        return switch (language) {
            case "de" -> "de_DE.UTF-8";
            case "en" -> "en_US.UTF-8";
            default -> language + ".UTF-8";
        };
    }

    public WebDriver driver() {
        return driver;
    }

    public String language() {
        return language;
    }

    public String base() {
        return base;
    }

    // ---------------------------------------------------------------- navigation

    /** Opens {@code pathOrUrl}: an absolute URL (http:, data:, about:) as is, else relative to the base. */
    public Browser open(String pathOrUrl) {
        driver.get(resolve(pathOrUrl));
        return this;
    }

    public String resolve(String pathOrUrl) {
        if (pathOrUrl.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return pathOrUrl;
        }
        return base + (pathOrUrl.startsWith("/") ? "" : "/") + pathOrUrl;
    }

    public Browser reload() {
        WebElement html = driver.findElement(By.tagName("html"));
        driver.navigate().refresh();
        wait.until(ExpectedConditions.stalenessOf(html));
        awaitLoaded();
        return this;
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    /** The path and query of the current URL. */
    public String path() {
        String url = url();
        return url.startsWith(base) ? url.substring(base.length()) : url;
    }

    public String title() {
        return driver.getTitle();
    }

    public String source() {
        return driver.getPageSource();
    }

    /** The {@code lang} attribute of {@code <html>}. */
    public String htmlLang() {
        return driver.findElement(By.tagName("html")).getAttribute("lang");
    }

    /** The visible text of the whole page. */
    public String bodyText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    // ---------------------------------------------------------------- finding

    /** Waits until the element with this id is in the page and returns it. */
    public WebElement byId(String id) {
        return await(By.id(id), "#" + id);
    }

    /** Waits until an element matching the CSS selector is in the page and returns the first. */
    public WebElement css(String selector) {
        return await(By.cssSelector(selector), selector);
    }

    /** Every element matching the CSS selector now (no wait). */
    public List<WebElement> all(String selector) {
        return driver.findElements(By.cssSelector(selector));
    }

    /** Whether an element with this id is in the page now (no wait). */
    public boolean has(String id) {
        return !driver.findElements(By.id(id)).isEmpty();
    }

    /** Whether an element matching the selector is in the page now (no wait). */
    public boolean hasCss(String selector) {
        return !driver.findElements(By.cssSelector(selector)).isEmpty();
    }

    /** The visible text of the element with this id (waiting for it), trimmed. */
    public String text(String id) {
        return byId(id).getText().trim();
    }

    /** The visible texts of the elements matching the selector now, trimmed. */
    public List<String> texts(String selector) {
        return all(selector).stream().map(e -> e.getText().trim()).toList();
    }

    /** Waits for an element; on timeout fails naming it, the URL and the page's headline. */
    public WebElement await(By by, String what) {
        try {
            return wait.until(ExpectedConditions.presenceOfElementLocated(by));
        } catch (TimeoutException e) {
            return fail("no " + what + " within " + WAIT.toSeconds() + " s on " + url() + " (" + headline() + ")", e);
        }
    }

    /** Waits until the condition holds (re-evaluated on every poll; stale elements are retried). */
    public <T> T until(String what, Function<WebDriver, T> condition) {
        try {
            return wait.until(condition);
        } catch (TimeoutException e) {
            return fail("gave up after " + WAIT.toSeconds() + " s waiting for " + what + " on " + url() + " (" + headline() + ")", e);
        }
    }

    /** Waits until the element with this id is gone from the page. */
    public void awaitGone(String id) {
        until("#" + id + " to disappear", d -> d.findElements(By.id(id)).isEmpty());
    }

    private String headline() {
        try {
            List<WebElement> h1 = driver.findElements(By.tagName("h1"));
            return h1.isEmpty() ? "no h1" : "h1: " + h1.get(0).getText();
        } catch (WebDriverException e) {
            return "h1 unreadable";
        }
    }

    // ---------------------------------------------------------------- acting

    /** Replaces the value of the input with this id. */
    public Browser fill(String id, String value) {
        WebElement input = byId(id);
        input.clear();
        if (!value.isEmpty()) {
            input.sendKeys(value);
        }
        return this;
    }

    /** Selects the option with this value in the select with this id. */
    public Browser select(String id, String value) {
        new Select(byId(id)).selectByValue(value);
        return this;
    }

    /** The option values of the select with this id. */
    public List<String> options(String id) {
        return new Select(byId(id)).getOptions().stream().map(o -> o.getAttribute("value")).toList();
    }

    /** Clicks the element with this id (no page load expected, e.g. a script-driven button or a checkbox). */
    public Browser click(String id) {
        WebElement element = wait.until(ExpectedConditions.elementToBeClickable(By.id(id)));
        element.click();
        return this;
    }

    /** Clicks the first element matching the selector (no page load expected). */
    public Browser clickCss(String selector) {
        WebElement element = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(selector)));
        element.click();
        return this;
    }

    /** Clicks the element with this id and waits until the browser has loaded the next page. */
    public Browser submit(String id) {
        return submit(By.id(id), "#" + id);
    }

    /** Clicks the first element matching the selector and waits for the next page. */
    public Browser submitCss(String selector) {
        return submit(By.cssSelector(selector), selector);
    }

    private Browser submit(By by, String what) {
        WebElement html = driver.findElement(By.tagName("html"));
        WebElement element;
        try {
            element = wait.until(ExpectedConditions.elementToBeClickable(by));
        } catch (TimeoutException e) {
            return fail("no clickable " + what + " on " + url() + " (" + headline() + ")", e);
        }
        element.click();
        until("the page after clicking " + what, d -> gone(html));
        awaitLoaded();
        return this;
    }

    /**
     * Whether the old page's root is gone. Chrome may answer a question about a node of a page it
     * is replacing with "Node with given id does not belong to the document" instead of a stale
     * element: that is gone too.
     */
    private static boolean gone(WebElement oldRoot) {
        try {
            oldRoot.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        } catch (WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    /** Clicks the link with this id and waits for the next page. */
    public Browser follow(String id) {
        return submit(id);
    }

    private void awaitLoaded() {
        until("document.readyState complete",
            d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    /** Runs a script in the page (WebDriver's scripts are not subject to the page's CSP). */
    public Object script(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** Turns off the browser's own form validation of the form holding the element with this id, so the server's shows. */
    public Browser noValidate(String id) {
        script("var f = arguments[0].form || arguments[0].closest('form'); if (f) { f.noValidate = true; }", byId(id));
        return this;
    }

    // ---------------------------------------------------------------- session

    public Set<Cookie> cookies() {
        return driver.manage().getCookies();
    }

    /** The browser's cookies for the base as a {@code Cookie} request header. */
    public String cookieHeader() {
        return cookies().stream().map(c -> c.getName() + "=" + c.getValue()).collect(Collectors.joining("; "));
    }

    /** Forgets every cookie of the current site (a fresh session, as after closing the browser). */
    public Browser clearCookies() {
        driver.manage().deleteAllCookies();
        return this;
    }

    // ---------------------------------------------------------------- evidence

    /** Saves a screenshot of the whole page as {@code target/screens/<name>.png}. */
    public Path screenshot(String name) {
        Path file = SCREENS.resolve(safe(name) + ".png");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, fullPage());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The whole page (beyond the 1280×900 viewport) through the DevTools protocol, else the viewport. */
    private byte[] fullPage() {
        try {
            Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
            @SuppressWarnings("unchecked")
            Map<String, Object> size = (Map<String, Object>) metrics.getOrDefault("cssContentSize", metrics.get("contentSize"));
            double width = Math.max(1, Math.min(4000, ((Number) size.get("width")).doubleValue()));
            double height = Math.max(1, Math.min(10000, ((Number) size.get("height")).doubleValue()));
            Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1);
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "fromSurface", true, "clip", clip));
            return Base64.getDecoder().decode((String) shot.get("data"));
        } catch (RuntimeException e) {
            return driver.getScreenshotAs(OutputType.BYTES);
        }
    }

    /**
     * Runs axe-core on the current page, prints every violation compactly, writes them to
     * {@code target/screens/<name>.axe.txt} and fails on any serious or critical one.
     *
     * @return the violations (all impacts)
     */
    public List<Rule> axe(String name) {
        Results results = new AxeBuilder().analyze(driver);
        if (results.isErrored()) {
            fail("axe-core failed on " + url() + ": " + results.getErrorMessage());
        }
        List<Rule> violations = results.getViolations() == null ? List.of() : results.getViolations();
        String report = report(name, violations);
        System.out.print(report);
        try {
            Files.createDirectories(SCREENS);
            Files.writeString(SCREENS.resolve(safe(name) + ".axe.txt"), report, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Rule> failing = violations.stream().filter(r -> FAILING_IMPACTS.contains(r.getImpact())).toList();
        if (!failing.isEmpty()) {
            screenshot(name + ".axe-failure");
            fail(failing.size() + " serious or critical accessibility violation(s) on " + name + " (" + url() + "):\n" + report);
        }
        return violations;
    }

    /** {@link #screenshot(String)} and {@link #axe(String)}: what every screen a test passes gets. */
    public void check(String name) {
        screenshot(name);
        axe(name);
    }

    static String report(String name, List<Rule> violations) {
        StringBuilder out = new StringBuilder("axe[" + name + "]: " + violations.size() + " violation(s)\n");
        for (Rule rule : violations) {
            List<CheckedNode> nodes = rule.getNodes() == null ? List.of() : rule.getNodes();
            out.append("  ").append(rule.getImpact()).append(' ').append(rule.getId()).append(": ").append(rule.getHelp())
                .append(" (").append(nodes.size()).append(" node(s))\n");
            for (CheckedNode node : nodes.subList(0, Math.min(5, nodes.size()))) {
                String html = node.getHtml() == null ? "" : node.getHtml().replaceAll("\\s+", " ");
                out.append("    ").append(node.getTarget()).append("  ")
                    .append(html.length() > 140 ? html.substring(0, 140) + "…" : html).append('\n');
            }
        }
        return out.toString();
    }

    /** Saves a screenshot and the page source under {@code target/screens/failures/<name>-<n>.*}. */
    public void dump(String name) {
        Path folder = SCREENS.resolve("failures");
        try {
            Files.createDirectories(folder);
            String stem = safe(name) + "-" + Integer.toHexString(System.identityHashCode(this));
            Files.writeString(folder.resolve(stem + ".url.txt"), url() + "\n", UTF_8);
            Files.writeString(folder.resolve(stem + ".html"), source(), UTF_8);
            Files.write(folder.resolve(stem + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            System.out.println("browser dump of " + url() + ": " + folder.resolve(stem) + ".{png,html}");
        } catch (IOException | RuntimeException e) {
            System.out.println("no browser dump for " + name + ": " + e);
        }
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    @Override
    public void close() {
        OPEN.remove(this);
        try {
            driver.quit();
        } catch (RuntimeException e) {
            System.out.println("quitting the browser failed: " + e);
        }
    }

    /** Every browser still open (for {@link Guard}). */
    static List<Browser> open() {
        return new ArrayList<>(OPEN);
    }

    /**
     * A JUnit 5 extension for browser tests: when a test or a lifecycle method fails it saves a
     * screenshot and the page source of every open browser (then lets the failure through), and
     * it quits every browser still open after each test and after the class. Tests therefore
     * start browsers without closing them (a try-with-resources would quit them before the dump).
     */
    public static final class Guard implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler,
        AfterEachCallback, AfterAllCallback, ExecutionCondition {
        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Guard.class);

        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
            dumpAll(context);
            if (context.getRequiredTestClass().isAnnotationPresent(Story.class)) {
                context.getParent().orElseThrow().getStore(NAMESPACE).put("failed", context.getDisplayName());
            }
            throw failure;
        }

        /** In a {@link Story}, a step after a failed one is skipped instead of timing out screen by screen. */
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (context.getTestMethod().isEmpty()) {
                return ConditionEvaluationResult.enabled("class");
            }
            Object failed = context.getParent().orElseThrow().getStore(NAMESPACE).get("failed");
            return failed == null ? ConditionEvaluationResult.enabled("no earlier step failed")
                : ConditionEvaluationResult.disabled("an earlier step of the story failed: " + failed);
        }

        @Override
        public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
            dumpAll(context);
            throw failure;
        }

        @Override
        public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
            dumpAll(context);
            throw failure;
        }

        @Override
        public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
            dumpAll(context);
            throw failure;
        }

        @Override
        public void afterEach(ExtensionContext context) {
            closeAll();
        }

        @Override
        public void afterAll(ExtensionContext context) {
            closeAll();
        }

        private static void dumpAll(ExtensionContext context) {
            String name = context.getRequiredTestClass().getSimpleName()
                + context.getTestMethod().map(m -> "." + m.getName()).orElse("");
            for (Browser browser : open()) {
                browser.dump(name);
            }
        }
    }

    /**
     * Marks a test class whose ordered tests build on each other: with {@link Guard}, the tests
     * after a failed one are skipped.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface Story {
    }

    /** Quits every browser still open. */
    public static void closeAll() {
        for (Browser browser : open()) {
            browser.close();
        }
    }

    @Override
    public String toString() {
        return "Browser[" + language + ", " + (driver.getSessionId() == null ? "closed" : url()) + "]";
    }

    /** Lower-cased, for case-insensitive text checks. */
    public static String lower(String text) {
        return text == null ? "" : text.toLowerCase(Locale.ROOT);
    }

    /** Whether the element with this id is in the page and its text is not blank. */
    public boolean hasText(String id) {
        try {
            return !driver.findElement(By.id(id)).getText().isBlank();
        } catch (NoSuchElementException e) {
            return false;
        }
    }
}
