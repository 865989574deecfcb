package dev.collab.itests.e2e;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import dev.collab.itests.Http;
import dev.collab.testkit.Login;

/**
 * The security review's hostile-input check: starts the container and sends a few thousand
 * malformed requests (random JSON, wrong types, huge and deep bodies, control and Unicode
 * characters, odd character sets, traversal and malformed paths, bogus credentials) to every
 * operation of the served OpenAPI document, only to 127.0.0.1, bounded in count and time. No
 * answer may be a 5xx, carry a stack trace or a library's class name, or be HTML on the API's
 * path; and the container's log may hold no token and no password.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// the reproductions first: the random requests may switch the tenant's feature off or rename it
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {
    private static final int MAX_REQUESTS = 3000;
    private static final Duration TIME_LIMIT = Duration.ofSeconds(50);
    private static final String API = "/collab/api/v1";
    private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]{43,})");
    private static final List<String> LEAKS = List.of("com.fasterxml", "org.apache", "org.eclipse", "java.lang", "java.io",
        "javax.", "jakarta.", "Exception", "\tat ", "at dev.collab", "at java.");
    private static final String GF_PASSWORD = "gf password 12345";
    private static final String MA_PASSWORD = "ma password 12345";

    private CollabProcess container;
    private Broker broker;
    private final Map<String, String> passwords = new LinkedHashMap<>();
    private String spentToken;
    private String liveToken;
    private Login gf;

    @BeforeAll
    void start() throws IOException {
        container = CollabProcess.start(CollabProcess.freshDataDir("hostile-"), Map.of());
        Http api = container.api;
        broker = Broker.seed(api, "acme", "Acme Makler");
        broker.grant("Müller GmbH", "GF", List.of("A", "B", "C"), false, "gf@mueller.example").expect(201);
        spentToken = awaitToken("gf@mueller.example");
        api.post("/invitations/" + spentToken + "/accept", Http.json("{'password':'" + GF_PASSWORD + "'}")).expect(200);
        gf = new Login("gf@mueller.example", GF_PASSWORD);
        broker.invite(gf, "ma@mueller.example", "MA", List.of("B")).expect(201);
        liveToken = awaitToken("ma@mueller.example");
        passwords.put("support", CollabProcess.SUPPORT_PASSWORD);
        passwords.put("admin", Broker.ADMIN_PASSWORD);
        passwords.put("gf", GF_PASSWORD);
        passwords.put("ma", MA_PASSWORD);
    }

    @AfterAll
    void stop() {
        if (container != null) {
            container.stop();
        }
    }

    /** The registration link of the newest mail to {@code email} in the outbox folder. */
    private String awaitToken(String email) {
        Path outbox = container.dataDir.resolve("outbox-mail");
        return container.poll(Duration.ofSeconds(30), () -> "a mail to " + email + " in " + outbox, () -> {
            if (!Files.isDirectory(outbox)) {
                return Optional.empty();
            }
            try (Stream<Path> files = Files.list(outbox)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".eml")).toList()) {
                    String mail = Files.readString(file, ISO_8859_1).replace("=\r\n", "").replace("=\n", "");
                    Matcher link = TOKEN.matcher(mail);
                    if (mail.contains("To: " + email) && link.find()) {
                        return Optional.of(link.group(1));
                    }
                }
            } catch (IOException e) {
                return Optional.empty();
            }
            return Optional.empty();
        });
    }

    /** One raw answer. */
    record Answer(String request, int status, String contentType, String body) {
        String describe() {
            return request + " -> " + status + " " + contentType + " " + (body.length() > 400 ? body.substring(0, 400) + "…" : body);
        }
    }

    /** Sends bytes as they are (no client-side normalization of paths or headers) and reads the whole answer. */
    Answer send(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
        String label = method + " " + (target.length() > 120 ? target.substring(0, 120) + "…" : target)
            + " " + headers + " body " + (body == null ? 0 : body.length) + " bytes";
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), container.port)) {
            socket.setSoTimeout(30_000);
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + container.port + "\r\nConnection: close\r\n")
                .getBytes(UTF_8));
            for (Map.Entry<String, String> header : headers.entrySet()) {
                head.write((header.getKey() + ": " + header.getValue() + "\r\n").getBytes(UTF_8));
            }
            if (body != null) {
                head.write(("Content-Length: " + body.length + "\r\n").getBytes(UTF_8));
            }
            head.write("\r\n".getBytes(UTF_8));
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toByteArray());
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            } catch (IOException refusedEarly) {
                // the server may answer (413, 401) and close before the whole body is sent
            }
            byte[] raw;
            try {
                raw = socket.getInputStream().readAllBytes();
            } catch (IOException reset) {
                raw = new byte[0];
            }
            return parse(label, raw);
        }
    }

    private static Answer parse(String label, byte[] raw) {
        String text = new String(raw, UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return new Answer(label, -1, "", text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String contentType = "";
        boolean chunked = false;
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-type:")) {
                contentType = line.substring(13).trim();
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        String body = text.substring(end + 4);
        if (chunked) {
            StringBuilder joined = new StringBuilder();
            int at = 0;
            while (at < body.length()) {
                int lineEnd = body.indexOf("\r\n", at);
                if (lineEnd < 0) {
                    break;
                }
                int size = Integer.parseInt(body.substring(at, lineEnd).split(";")[0].trim(), 16);
                if (size == 0) {
                    break;
                }
                joined.append(body, lineEnd + 2, Math.min(body.length(), lineEnd + 2 + size));
                at = lineEnd + 2 + size + 2;
            }
            body = joined.toString();
        }
        return new Answer(label, status, contentType, body);
    }

    // --- the hostile inputs ---------------------------------------------------------------------

    private static final List<String> FIELDS = List.of("name", "email", "password", "profile", "rights", "customers",
        "separateDelegateGrants", "enabled", "ids", "displayName", "allCustomers", "exceptCustomers", "language",
        "description", "delegableProfiles", "invitationValidityHours", "currentPassword", "newPassword", "\u0000", "__proto__", "");

    private static final List<String> STRINGS = List.of("", " ", "A", "x".repeat(5000), "\u0000", "pw\u0000\u0000",
        "\\u0000", "\u202e\u200b", "\ud800", "\udfff", "İİ@x.example", "vanrĳn@x.example", "<evil@evil.example>",
        "\u212Atrin@x.example", "a@b", "a@b.example\r\nBcc: c@d.example", "../../etc/passwd", "%00", "${jndi:ldap://x}",
        "<script>alert(1)</script>", "' OR 1=1 --", "MA", "GF", "B", "gf@mueller.example", "admin@acme.example", "🙂".repeat(50),
        "\uFEFF", "null", "true", "-1", "1e309");

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) && new Random(c).nextBoolean()) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static String value(Random random, int depth) {
        switch (depth > 3 ? random.nextInt(6) : random.nextInt(9)) {
            case 0:
                return "null";
            case 1:
                return random.nextBoolean() ? "true" : "false";
            case 2:
                return List.of("0", "-1", "2147483648", "1e308", "-0.0", "12345678901234567890123", "1.5").get(random.nextInt(7));
            case 3:
            case 4:
            case 5:
                return quote(STRINGS.get(random.nextInt(STRINGS.size())));
            case 6:
            case 7: {
                StringBuilder array = new StringBuilder("[");
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    array.append(i == 0 ? "" : ",").append(value(random, depth + 1));
                }
                return array.append(']').toString();
            }
            default:
                return object(random, depth + 1);
        }
    }

    private static String object(Random random, int depth) {
        StringBuilder object = new StringBuilder("{");
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            object.append(i == 0 ? "" : ",").append(quote(FIELDS.get(random.nextInt(FIELDS.size())))).append(':')
                .append(value(random, depth));
        }
        return object.append('}').toString();
    }

    private static byte[] body(Random random) {
        switch (random.nextInt(14)) {
            case 0:
                return "[{},".repeat(1).concat("{}]".repeat(1)).getBytes(UTF_8);
            case 1:
                return ("[" + "{},".repeat(100_000) + "{}]").getBytes(UTF_8); // ~300 KB: over the limit
            case 2:
                return ("[".repeat(20_000) + "]".repeat(20_000)).getBytes(UTF_8);
            case 3:
                return ("{\"customers\":[" + "\"x\",".repeat(20_000) + "\"x\"]}").getBytes(UTF_8);
            case 4:
                return new byte[] {(byte) 0xff, (byte) 0xfe, '{', 0, '}', (byte) 0xc3, (byte) 0x28};
            case 5:
                return "{\"name\":".getBytes(UTF_8);
            case 6:
                return "{'name':'x'}".getBytes(UTF_8);
            case 7:
                return "{} trailing".getBytes(UTF_8);
            case 8:
                return new byte[0];
            default:
                return (random.nextInt(4) == 0 ? value(random, 0) : object(random, 0)).getBytes(UTF_8);
        }
    }

    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=UTF-8",
        "application/json; charset=nope", "application/json; charset=", "application/json; charset=utf-16",
        "application/json;charset=\"x\"", "text/plain", "application/xml", "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded", "??", "application/merge-patch+json", "application/problem+json");

    private List<String> authorizations() {
        List<String> all = new ArrayList<>();
        all.add(null);
        all.add(null);
        all.add(basic("support", CollabProcess.SUPPORT_PASSWORD));
        all.add(basic(broker.admin.user(), broker.admin.password()));
        all.add(basic(gf.user(), gf.password()));
        all.add(basic(gf.user(), gf.password() + "\u0000\u0000"));
        all.add(basic("support", "wrong password"));
        all.add(basic("\u212Aatrin@x.example", "whatever password"));
        all.add("Basic !!!");
        all.add("Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(UTF_8)));
        all.add("Basic " + Base64.getEncoder().encodeToString(("x:" + "y".repeat(3000)).getBytes(UTF_8)));
        all.add("Bearer abc.def.ghi");
        all.add("Basic");
        all.add("");
        return all;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
    }

    /** A value for a path parameter: usually a real one, else something hostile (percent-encoded as a client would). */
    private String parameter(String name, Random random) {
        if (random.nextInt(3) > 0) {
            return switch (name) {
                case "tenantId" -> "acme";
                case "token" -> random.nextBoolean() ? liveToken : spentToken;
                case "email" -> random.nextBoolean() ? "gf@mueller.example" : "ma%40mueller.example";
                default -> random.nextBoolean() ? "A" : "00000000-0000-0000-0000-000000000000";
            };
        }
        return List.of("%00", "%zz", "%", "..", "%2e%2e", "a%2fb", "%c3%28", "%e2%80%ae", "x".repeat(2000), "%F0%9F%99%82",
            "a;b=c", "%ff", "%25", "nope", "%0d%0aX-Injected:%20yes", "%ed%a0%80").get(random.nextInt(16));
    }

    private static final List<String> ODD_PATHS = List.of(API + "/../x", API + "/%2e%2e/x", API + "/%", API + "//health",
        API + "/./health", API + "/health/..", API + "/health%00", API + "/health;x=y", API + "/tenants/acme/../../x",
        API + "/\u00e9", API + "/%c0%ae%c0%ae/", API + "/tenants/%2e%2e/grants", API + "/nothing-here", API, API + "/",
        API + "/openapi.json/../health", API + "/health?x=%", API + "/tenants/acme/access?user=%ff&customer=%00&right=",
        API + "/tenants/acme/grants?limit=-1&cursor=%zz", API + "/tenants/acme/audit?limit=99999999999999999999",
        API + "/\\..\\x");

    private static final List<String> METHODS = List.of("GET", "PUT", "POST", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE", "FOO");

    @Test
    @Order(2)
    void hostileRequestsGetNo5xxNoInternalsNoHtmlAndLeaveNoSecretInTheLog() throws Exception {
        JsonNode openApi = container.api.get("/openapi.json").expect(200);
        List<String[]> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = openApi.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext();) {
                String method = methods.next().toUpperCase(Locale.ROOT);
                if (METHODS.contains(method)) {
                    operations.add(new String[] {method, path.getKey()});
                }
            }
        }
        assertTrue(operations.size() >= 20, "operations in the OpenAPI document: " + operations.size());

        List<String> authorizations = authorizations();
        List<Answer> bad = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
        AtomicInteger sent = new AtomicInteger();
        long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            long seed = 20261129L + w;
            workers.add(pool.submit(() -> {
                Random random = new Random(seed);
                while (System.nanoTime() < deadline) {
                    int n = sent.incrementAndGet();
                    if (n > MAX_REQUESTS) {
                        return null;
                    }
                    String method;
                    String target;
                    if (random.nextInt(8) == 0) {
                        method = METHODS.get(random.nextInt(METHODS.size()));
                        target = ODD_PATHS.get(random.nextInt(ODD_PATHS.size()));
                    } else {
                        String[] operation = operations.get(random.nextInt(operations.size()));
                        method = random.nextInt(10) == 0 ? METHODS.get(random.nextInt(METHODS.size())) : operation[0];
                        Matcher parameters = Pattern.compile("\\{([^}]+)}").matcher(operation[1]);
                        StringBuilder path = new StringBuilder();
                        while (parameters.find()) {
                            parameters.appendReplacement(path, Matcher.quoteReplacement(parameter(parameters.group(1), random)));
                        }
                        parameters.appendTail(path);
                        target = API + path;
                        if (random.nextInt(6) == 0) {
                            target += List.of("?limit=abc", "?limit=-5", "?limit=501", "?cursor=!!", "?user=%00&customer=&right=x",
                                "?cursor=" + "z".repeat(500)).get(random.nextInt(6));
                        }
                    }
                    Map<String, String> headers = new LinkedHashMap<>();
                    String authorization = authorizations.get(random.nextInt(authorizations.size()));
                    if (authorization != null) {
                        headers.put("Authorization", authorization);
                    }
                    if (random.nextInt(4) == 0) {
                        headers.put("Accept", List.of("text/html", "application/xml", "*/*", "application/json", "x").get(random.nextInt(5)));
                    }
                    // problems are worded by Accept-Language: a header the runtime cannot parse must still answer
                    if (random.nextInt(4) == 0) {
                        headers.put("Accept-Language", List.of("de", "de-DE,de;q=0.9,en;q=0.8", "en;q=x", "*", ";;;,", "de;q=2",
                            "zz-ZZZZZZZZZZZZ").get(random.nextInt(7)));
                    }
                    byte[] body = null;
                    if (!method.equals("GET") && !method.equals("HEAD") || random.nextInt(10) == 0) {
                        body = body(random);
                        headers.put("Content-Type", CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size())));
                    } else if (random.nextInt(5) == 0) {
                        headers.put("Content-Type", CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size())));
                    }
                    Answer answer = send(method, target, headers, body);
                    byStatus.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
                    if (!acceptable(target, answer)) {
                        bad.add(answer);
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(TIME_LIMIT.toSeconds() + 60, TimeUnit.SECONDS);
        }
        pool.shutdownNow();
        int total = Math.min(sent.get(), MAX_REQUESTS);
        System.out.println("HostileInputIT: " + total + " requests over " + operations.size() + " operations, by status " + byStatus);
        assertTrue(total >= 1000, "only " + total + " requests were sent in " + TIME_LIMIT.toSeconds() + " s");
        Map<String, Answer> kinds = new LinkedHashMap<>();
        bad.forEach(answer -> kinds.putIfAbsent(answer.status() + " " + answer.contentType(), answer));
        assertEquals(List.of(), kinds.values().stream().map(Answer::describe).toList(), bad.size() + " unacceptable answers");

        // the container still answers, and nothing secret reached its log
        container.api.get("/health").expect(200);
        String log = container.log();
        for (String token : List.of(spentToken, liveToken)) {
            assertTrue(!log.contains(token), "a token is in the log\n" + container.logTail());
        }
        for (Map.Entry<String, String> password : passwords.entrySet()) {
            assertTrue(!log.contains(password.getValue()), "the " + password.getKey() + " password is in the log");
        }
    }

    /** No 5xx, no internals, no HTML on the API's path. */
    private static boolean acceptable(String target, Answer answer) {
        if (answer.status() < 100 || answer.status() >= 500) {
            return false;
        }
        for (String leak : LEAKS) {
            if (answer.body().contains(leak)) {
                return false;
            }
        }
        boolean html = answer.contentType().toLowerCase(Locale.ROOT).contains("html")
            || answer.body().trim().toLowerCase(Locale.ROOT).startsWith("<");
        return !(target.startsWith(API) && html);
    }

    /**
     * Targets Jetty refuses while it parses the request, before any filter or servlet of the
     * suite runs: a '%' without two hexadecimal digits, encoded controls, separators, dots and
     * '%', bad or overlong UTF-8, empty segments, backslashes and raw non-ASCII characters.
     */
    private List<String> malformedTargets() {
        String token = API + "/invitations/" + liveToken;
        return List.of(API + "/%", API + "/%zz", API + "/a%00", API + "/a%0d%0aX-Injected:%20yes", API + "//health",
            API + "/a%2fb", API + "/a%5cb", API + "/%2e%2e/x", API + "/%2e/health", API + "/a%25b", API + "/%c3%28",
            API + "/%ff", API + "/%ed%a0%80", API + "/%c0%ae%c0%ae/", API + "/\\..\\x", API + "/\u00e9",
            token + "%zz/accept", token + "/%", token + "//accept", token + "%2f..%2faccept",
            "/%", "/collab/%zz", "/collab//register", "/x%00");
    }

    /**
     * A body refused before it is read (too large: 413; no credentials: 401) is answered, not met
     * with a reset: the server reads the rest before the answer goes out. The JDK's client sends
     * while the answer arrives; before, about one such request in twenty got "header parser
     * received no bytes" instead of the problem document.
     */
    @Test
    @Order(1)
    void largeBodiesRefusedBeforeTheyAreReadGetTheirAnswer() throws Exception {
        byte[] huge = ("{\"email\":\"" + "x".repeat(4 * 1024 * 1024) + "\"}").getBytes(UTF_8);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        for (int i = 0; i < 20; i++) {
            for (Login who : Arrays.asList(gf, null)) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(container.api.base() + "/tenants/acme/me/delegates"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(huge));
                if (who != null) {
                    request.header("Authorization", basic(who.user(), who.password()));
                }
                HttpResponse<String> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
                assertEquals(who == null ? 401 : 413, answer.statusCode(), answer::body);
                assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), answer::body);
            }
        }
    }

    @Test
    @Order(1)
    void targetsJettyRefusesWhileParsingGetProblemDetailsAndLeaveNoTokenInTheLog() throws IOException {
        for (String target : malformedTargets()) {
            for (String method : List.of("GET", "POST", "PUT", "DELETE", "HEAD")) {
                Answer answer = send(method, target, Map.of(), method.equals("GET") || method.equals("HEAD") ? null : new byte[0]);
                assertEquals(400, answer.status(), answer.describe());
                assertTrue(answer.contentType().startsWith("application/problem+json"), answer.describe());
                if (method.equals("HEAD")) {
                    continue;
                }
                JsonNode problem = Http.JSON.readTree(answer.body());
                assertEquals("urn:collab:problem:bad-request", problem.path("type").asText(), answer.describe());
                assertEquals("Bad Request", problem.path("title").asText(), answer.describe());
                assertEquals(400, problem.path("status").asInt(), answer.describe());
                assertTrue(!problem.path("detail").asText().isBlank(), answer.describe());
                for (String leak : LEAKS) {
                    assertTrue(!answer.body().contains(leak), answer.describe());
                }
                assertTrue(!answer.body().toLowerCase(Locale.ROOT).contains("jetty"), answer.describe());
            }
        }
        String log = container.log();
        assertTrue(!log.contains(liveToken), "a token is in the log\n" + container.logTail());
    }

    @Test
    @Order(1)
    void theReviewsReproductionsAnswerAsTheContractSays() throws IOException {
        Map<String, String> badCharset = Map.of("Content-Type", "application/json; charset=nope");
        Answer accept = send("POST", API + "/invitations/" + liveToken + "/accept", badCharset, "{\"password\":\"x\"}".getBytes(UTF_8));
        assertEquals(415, accept.status(), accept.describe());
        assertTrue(accept.contentType().startsWith("application/problem+json"), accept.describe());
        Answer health = send("GET", API + "/health", badCharset, null);
        assertEquals(200, health.status(), health.describe());
        Answer outside = send("GET", API + "/../x", Map.of(), null);
        assertEquals(404, outside.status(), outside.describe());
        assertTrue(outside.contentType().startsWith("application/problem+json"), outside.describe());
        Answer malformed = send("GET", API + "/a%2fb", Map.of(), null);
        assertEquals(400, malformed.status(), malformed.describe());
        assertTrue(malformed.contentType().startsWith("application/problem+json"), malformed.describe());
        Answer badQuery = send("GET", API + "/health?x=%", Map.of(), null);
        assertEquals(400, badQuery.status(), badQuery.describe());
        assertTrue(badQuery.contentType().startsWith("application/problem+json"), badQuery.describe());
        Answer lonePercent = send("GET", API + "/%", Map.of(), null);
        assertEquals(400, lonePercent.status(), lonePercent.describe());
        assertTrue(lonePercent.contentType().startsWith("application/problem+json"), lonePercent.describe());

        // credentials are ignored where no authentication is needed
        Map<String, String> wrong = Map.of("Authorization", basic("nobody@x.example", "wrong"));
        assertEquals(200, send("GET", API + "/health", wrong, null).status());
        assertEquals(200, send("GET", API + "/openapi.json", wrong, null).status());

        // anonymous bodies are not read; large ones are refused with 413
        byte[] big = ("[" + "{},".repeat(200_000) + "{}]").getBytes(UTF_8);
        Map<String, String> json = Map.of("Content-Type", "application/json");
        Answer anonymous = send("PATCH", API + "/tenants/nope/grants/x", json, big);
        assertEquals(401, anonymous.status(), anonymous.describe());
        Map<String, String> admin = new LinkedHashMap<>(json);
        admin.put("Authorization", basic(broker.admin.user(), broker.admin.password()));
        Answer tooLarge = send("PATCH", API + "/tenants/acme/grants/x", admin, big);
        assertEquals(413, tooLarge.status(), tooLarge.describe());
        assertTrue(tooLarge.contentType().startsWith("application/problem+json"), tooLarge.describe());

        // a password followed by NUL bytes does not sign in
        Map<String, String> nul = Map.of("Authorization", basic(gf.user(), gf.password() + "\u0000\u0000"));
        assertEquals(401, send("GET", API + "/tenants/acme/me", nul, null).status());
        assertEquals(200, send("GET", API + "/tenants/acme/me", Map.of("Authorization", basic(gf.user(), gf.password())), null).status());

        // an address that would be mailed elsewhere is refused; an admin's address is not revealed as such
        Map<String, String> asGf = new LinkedHashMap<>(json);
        asGf.put("Authorization", basic(gf.user(), gf.password()));
        for (String email : List.of("vanr\u0133n@x.example", "\u0130\u0130@x.example", "<evil@evil.example>", "\u212Atrin@x.example")) {
            Answer refused = send("POST", API + "/tenants/acme/me/delegates", asGf,
                ("{\"email\":" + quote(email) + ",\"profile\":\"MA\",\"customers\":[\"B\"]}").getBytes(UTF_8));
            assertEquals(400, refused.status(), refused.describe());
        }
        Answer adminInvited = send("POST", API + "/tenants/acme/me/delegates", asGf,
            "{\"email\":\"admin@acme.example\",\"profile\":\"MA\",\"customers\":[\"B\"]}".getBytes(UTF_8));
        assertEquals(409, adminInvited.status(), adminInvited.describe());
        assertTrue(!adminInvited.body().toLowerCase(Locale.ROOT).contains("admin account"), adminInvited.describe());

        // concurrent PUTs of one tenant: none fails
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Answer>> puts = new ArrayList<>();
            Map<String, String> support = new LinkedHashMap<>(json);
            support.put("Authorization", basic("support", CollabProcess.SUPPORT_PASSWORD));
            for (int i = 0; i < 12; i++) {
                byte[] name = ("{\"name\":\"Acme " + i + "\"}").getBytes(UTF_8);
                puts.add(pool.submit(() -> send("PUT", API + "/tenants/acme", support, name)));
            }
            for (Future<Answer> put : puts) {
                Answer answer = put.get(60, TimeUnit.SECONDS);
                assertEquals(200, answer.status(), answer.describe());
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }
    }
}
