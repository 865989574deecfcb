package dev.collab.itests.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.mail.internet.MimeMessage;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import dev.collab.itests.Http;
import dev.collab.itests.e2e.web.Browser;
import dev.collab.testkit.Login;

/**
 * The web screens of one container process (bundle collab-web, under {@code /collab/}) with a
 * real SMTP server in this JVM, the article's tenant set up over REST as in the README's curl
 * walk-through, and the steps every browser test repeats (signing in, registering through a
 * mailed link, reading the tables of the screen contract).
 */
final class Portal implements AutoCloseable {
    static final String TENANT = "acme";
    static final String BROKER_NAME = "Acme Versicherungsmakler";
    static final String ADMIN = "admin@acme.example";
    static final String GRANT = "Müller GmbH";
    static final String GF = "gf@mueller.example";
    static final Duration MAIL_LIMIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    final SmtpServer smtp;
    /** The running container; another process on the same data and port after {@link #restart}. */
    CollabProcess container;
    final String base;
    /** On the container's port: it reaches the process of a {@link #restart} as well. */
    final Http api;
    final Path dataDir;
    private final Map<String, String> env;
    private final int port;
    Broker broker;

    private Portal(SmtpServer smtp, CollabProcess container, String base, Path dataDir, Map<String, String> env, int port) {
        this.smtp = smtp;
        this.container = container;
        this.base = base;
        this.api = container.api;
        this.dataDir = dataDir;
        this.env = env;
        this.port = port;
    }

    /** What a test writes into the data folder before the container starts (e.g. {@code config/*.cfg}). */
    interface Preparation {
        void prepare(Path dataDir) throws IOException;
    }

    /**
     * Starts an SMTP server and a container that mails through it, with {@code COLLAB_BASE_URL}
     * naming the container's own port.
     */
    static Portal start(String prefix, Preparation preparation) throws IOException {
        int smtpPort = CollabProcess.freePort();
        SmtpServer smtp = SmtpServer.start(smtpPort);
        try {
            int port = CollabProcess.freePort();
            String base = "http://localhost:" + port;
            Path dataDir = CollabProcess.freshDataDir(prefix);
            preparation.prepare(dataDir);
            Map<String, String> env = Map.of(
                "COLLAB_SMTP_HOST", "127.0.0.1",
                "COLLAB_SMTP_PORT", Integer.toString(smtpPort),
                "COLLAB_BASE_URL", base);
            return new Portal(smtp, CollabProcess.start(dataDir, env, port), base, dataDir, env, port);
        } catch (IOException | RuntimeException | Error e) {
            smtp.stop();
            throw e;
        }
    }

    /**
     * Stops the container, lets {@code whileStopped} change its data folder (e.g. move times back
     * with {@link #editDatabase}, the way a wait would), and starts it again on the same data and
     * port, with the same SMTP server.
     */
    void restart(Preparation whileStopped) throws IOException {
        container.stop();
        whileStopped.prepare(dataDir);
        container = CollabProcess.start(dataDir, env, port);
    }

    /** What a test does to a stopped container's embedded database. */
    interface DatabaseEdit {
        void edit(Connection db) throws SQLException;
    }

    /**
     * Changes the embedded Derby database of a stopped container the way the container opens it
     * (the embedded data source, no DriverManager), and shuts it down again.
     */
    static void editDatabase(Path dataDir, DatabaseEdit edit) throws IOException {
        EmbeddedDataSource derby = new EmbeddedDataSource();
        derby.setDatabaseName(dataDir.resolve("db").toAbsolutePath().toString());
        try (Connection db = derby.getConnection()) {
            edit.edit(db);
        } catch (SQLException e) {
            throw new IOException("Editing the database in " + dataDir + " failed", e);
        }
        derby.setShutdownDatabase("shutdown");
        try {
            derby.getConnection().close();
        } catch (SQLException e) {
            // 08006: the database was shut down, as asked
            assertEquals("08006", e.getSQLState(), e.toString());
        }
    }

    /** Registers the GF of {@link #seedStory} through the first mail's link, with this password. */
    Login registerGf(String password) {
        api.post("/invitations/" + token(registrationLink(GF, 1)) + "/accept",
            Http.json("{'password':'" + password + "'}")).expect(200);
        return new Login(GF, password);
    }

    /** Writes {@code <data>/config/<pid>.cfg} (the folder FileInstall watches). */
    static void writeConfig(Path dataDir, String pid, String properties) throws IOException {
        Path config = Files.createDirectories(dataDir.resolve("config"));
        Files.writeString(config.resolve(pid + ".cfg"), properties, UTF_8);
    }

    /**
     * The README's walk-through: support creates tenant acme, switches delegatedAccess on and
     * adds the admin; the admin adds customers A, B, C ("Kunde A" …), the profiles MA and GF (GF
     * may hand out MA), and the grant "Müller GmbH" with GF for A, B, C and separate delegate
     * grants for the GF's e-mail, which sends the GF an invitation mail.
     */
    Portal seedStory() {
        broker = Broker.seed(api, TENANT, BROKER_NAME);
        broker.grant(GRANT, "GF", List.of("A", "B", "C"), true, GF).expect(201);
        return this;
    }

    /** The registration link of the {@code n}-th mail to {@code email} (1-based), as the mail's text gives it. */
    String registrationLink(String email, int n) {
        MimeMessage mail = smtp.awaitMessageTo(email, n, MAIL_LIMIT, container::logTail);
        Pattern link = Pattern.compile(Pattern.quote(base) + "/collab/register\\?token=([A-Za-z0-9_-]{43,})");
        return base + "/collab/register?token=" + SmtpServer.token(mail, link);
    }

    /** The token of a registration link. */
    static String token(String link) {
        return link.substring(link.indexOf("token=") + "token=".length());
    }

    /**
     * The first link to {@code path} (e.g. "/collab/password/reset") with a token in any mail to
     * {@code email}, waiting for such a mail.
     */
    String linkInMail(String email, String path) {
        Pattern link = Pattern.compile(Pattern.quote(base + path) + "\\?token=[A-Za-z0-9_-]+");
        return container.poll(MAIL_LIMIT, () -> "a mail to " + email + " linking to " + base + path + " (mails to " + email + ": "
            + smtp.messagesTo(email).stream().map(SmtpServer::text).toList() + ")", () -> {
                for (MimeMessage mail : smtp.messagesTo(email)) {
                    Matcher matcher = link.matcher(SmtpServer.text(mail));
                    if (matcher.find()) {
                        return Optional.of(matcher.group());
                    }
                }
                return Optional.empty();
            });
    }

    Browser browser(String language) {
        return Browser.start(base, language);
    }

    /** A new browser, signed in through the sign-in page. */
    Browser signedIn(String language, String email, String password) {
        Browser browser = browser(language);
        signIn(browser, email, password);
        return browser;
    }

    /** Signs in through the sign-in page of tenant acme and checks that #whoami names the user. */
    static void signIn(Browser browser, String email, String password) {
        browser.open("/collab/");
        if (browser.has("whoami")) {
            signOut(browser);
        }
        browser.fill("tenant", TENANT).fill("email", email).fill("password", password).submit("login-submit");
        if (!browser.has("whoami")) {
            fail("signing in as " + email + " failed on " + browser.url() + ": "
                + (browser.has("form-error") ? browser.text("form-error") : browser.bodyText()));
        }
        assertTrue(browser.text("whoami").contains(email), () -> "#whoami: " + browser.text("whoami"));
    }

    /** Signs out through form#logout and checks that the sign-in page shows. */
    static void signOut(Browser browser) {
        // The contract names both the form and its button "logout"; the button is the one to click.
        browser.submitCss("form#logout button");
        browser.byId("login");
        assertTrue(!browser.has("whoami"), "still signed in after signing out");
    }

    // ------------------------------------------------------------------ reading the screens

    /** The customer ids of the home's table#access rows. */
    static List<String> accessRows(Browser browser) {
        return browser.all("#access tbody tr[data-customer]").stream().map(row -> row.getAttribute("data-customer")).toList();
    }

    /**
     * Checks the home of a signed-in portal user: table#access has exactly these customers, each
     * with its name ("Kunde X") and some rights.
     */
    static void assertHome(Browser browser, String email, String... customers) {
        browser.until("the home (#access or #no-access)", d -> browser.has("access") || browser.has("no-access"));
        assertTrue(browser.text("whoami").contains(email), () -> "#whoami: " + browser.text("whoami"));
        assertEquals(Set.of(customers), new HashSet<>(accessRows(browser)), "customers on the home of " + email);
        assertEquals(customers.length, accessRows(browser).size(), "rows on the home of " + email);
        for (String customer : customers) {
            WebElement row = browser.css("#access tbody tr[data-customer='" + customer + "']");
            String name = row.findElement(By.cssSelector("td.customer")).getText();
            assertTrue(name.contains("Kunde " + customer), () -> "td.customer of " + customer + ": " + name);
            String rights = row.findElement(By.cssSelector("td.rights")).getText();
            assertTrue(!rights.isBlank(), () -> "no rights shown for " + customer);
        }
    }

    /** The delegates overview's row of this e-mail (waiting for it). */
    static WebElement delegateRow(Browser browser, String email) {
        return browser.css("#delegates tbody tr[data-email='" + email + "']");
    }

    static boolean hasDelegateRow(Browser browser, String email) {
        return browser.hasCss("#delegates tbody tr[data-email='" + email + "']");
    }

    static String cell(WebElement row, String cssClass) {
        return row.findElement(By.cssSelector("td." + cssClass)).getText().trim();
    }

    /**
     * The customer ids a cell names: "Kunde B, Kunde C" gives B and C (the demo directory's names);
     * a cell showing bare ids ("B, C") is read as well.
     */
    static Set<String> customerIds(String text) {
        Set<String> ids = new LinkedHashSet<>();
        Matcher byName = Pattern.compile("Kunde ([A-Z])\\b").matcher(text);
        while (byName.find()) {
            ids.add(byName.group(1));
        }
        if (ids.isEmpty()) {
            Matcher byId = Pattern.compile("\\b([A-Z])\\b").matcher(text);
            while (byId.find()) {
                ids.add(byId.group(1));
            }
        }
        return ids;
    }

    /** Sets the step-2 customer checkboxes (input.customer) to exactly {@code wanted}. */
    static void tickCustomers(Browser browser, Set<String> wanted) {
        for (WebElement box : browser.all("input.customer")) {
            String id = box.getAttribute("data-customer");
            if (box.isSelected() != wanted.contains(id)) {
                box.click();
            }
        }
        browser.until("customers " + wanted + " ticked", d -> tickedCustomers(browser).equals(wanted));
    }

    static Set<String> tickedCustomers(Browser browser) {
        return browser.all("input.customer").stream().filter(WebElement::isSelected)
            .map(box -> box.getAttribute("data-customer")).collect(Collectors.toSet());
    }

    static Set<String> offeredCustomers(Browser browser) {
        return browser.all("input.customer").stream().map(box -> box.getAttribute("data-customer")).collect(Collectors.toSet());
    }

    /** Whether the page shows an error (form-level or at a field). */
    static boolean showsError(Browser browser, String... fieldErrorIds) {
        if (browser.hasText("form-error")) {
            return true;
        }
        for (String id : fieldErrorIds) {
            if (browser.hasText(id)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ plain HTTP next to the browser

    /** A form as the browser would submit it through {@code submitter}: its action and its fields (incl. hidden ones). */
    record FormSubmission(String action, String method, List<Map.Entry<String, String>> fields) {
        FormSubmission without(String name) {
            return new FormSubmission(action, method, fields.stream().filter(f -> !f.getKey().equals(name)).toList());
        }

        FormSubmission with(String name, String value) {
            List<Map.Entry<String, String>> more = new ArrayList<>(fields);
            more.add(Map.entry(name, value));
            return new FormSubmission(action, method, more);
        }

        boolean has(String name) {
            return fields.stream().anyMatch(f -> f.getKey().equals(name));
        }

        String encoded() {
            return fields.stream().map(f -> URLEncoder.encode(f.getKey(), UTF_8) + "=" + URLEncoder.encode(f.getValue(), UTF_8))
                .collect(Collectors.joining("&"));
        }
    }

    /** Reads the form of the button with this id out of the page (FormData, with the button as submitter). */
    @SuppressWarnings("unchecked")
    static FormSubmission form(Browser browser, String submitterId) {
        Map<String, Object> form = (Map<String, Object>) browser.script(
            "var b = arguments[0], f = b.form; var d;"
                + "try { d = new FormData(f, b); } catch (e) { d = new FormData(f); }"
                + "var out = []; d.forEach(function (v, k) { if (typeof v === 'string') { out.push([k, v]); } });"
                // getAttribute: a control named "action" or "method" shadows the form's properties
                + "var a = b.getAttribute('formaction') || f.getAttribute('action') || document.URL;"
                + "return {action: new URL(a, document.baseURI).href,"
                + " method: (b.getAttribute('formmethod') || f.getAttribute('method') || 'get').toLowerCase(), fields: out};",
            browser.byId(submitterId));
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (Object pair : (List<Object>) form.get("fields")) {
            List<Object> entry = (List<Object>) pair;
            fields.add(Map.entry((String) entry.get(0), (String) entry.get(1)));
        }
        return new FormSubmission((String) form.get("action"), (String) form.get("method"), fields);
    }

    /** POSTs a form as {@code application/x-www-form-urlencoded} with the given Cookie header; no redirects followed. */
    static HttpResponse<String> post(FormSubmission form, String cookieHeader) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(form.action())).timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(BodyPublishers.ofString(form.encoded(), UTF_8));
        if (cookieHeader != null && !cookieHeader.isEmpty()) {
            request.header("Cookie", cookieHeader);
        }
        return send(request.build());
    }

    /** GET with an optional Cookie header; no redirects followed. */
    HttpResponse<String> get(String path, String cookieHeader) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
            .header("Accept", "text/html");
        if (cookieHeader != null && !cookieHeader.isEmpty()) {
            request.header("Cookie", cookieHeader);
        }
        return send(request.build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, BodyHandlers.ofString(UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(request.method() + " " + request.uri() + " was interrupted", e);
        }
    }

    /** A short description of an answer for assertion messages. */
    static String describe(HttpResponse<String> response) {
        String body = response.body() == null ? "" : response.body();
        return response.request().method() + " " + response.request().uri() + " answered " + response.statusCode() + " "
            + response.headers().map() + "\n" + (body.length() > 1500 ? body.substring(0, 1500) + "…" : body);
    }

    @Override
    public void close() {
        Browser.closeAll();
        container.stop();
        smtp.stop();
    }
}
