package dev.collab.itests.e2e;

import static dev.collab.itests.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

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
 * Invitation mail through a real SMTP server: the container process delivers to GreenMail in this
 * JVM, and every registration uses the link parsed out of the received mail. One container and
 * one SMTP server serve the class; each test works in a tenant of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MailDeliveryIT {
    private static final String BASE_URL = "http://portal.test:1234";
    private static final String FROM = "portal@broker.example";
    private static final Pattern LINK = Pattern.compile("http://portal\\.test:1234/collab/register\\?token=([A-Za-z0-9_-]{43,})");
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>@\\s]+@portal\\.test>");
    private static final Duration MAIL_LIMIT = Duration.ofSeconds(30);
    private static final String GF = "gf@mueller.example";
    private static final String MA1 = "ma1@mueller.example";
    private static final String MA2 = "ma2@mueller.example";

    private SmtpServer smtp;
    private CollabProcess container;
    private Http api;

    @BeforeAll
    void start() throws IOException {
        int smtpPort = CollabProcess.freePort();
        smtp = SmtpServer.start(smtpPort);
        container = CollabProcess.start(CollabProcess.freshDataDir("mail-"), Map.of(
            "COLLAB_SMTP_HOST", "127.0.0.1",
            "COLLAB_SMTP_PORT", Integer.toString(smtpPort),
            "COLLAB_BASE_URL", BASE_URL,
            "COLLAB_MAIL_FROM", FROM));
        api = container.api;
    }

    @AfterAll
    void stop() {
        if (container != null) {
            container.stop();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    @Order(1)
    void theSeedStoryRunsWithRealMail() throws Exception {
        List<String> tokens = new ArrayList<>();
        Broker broker = Broker.seed(api, "mueller", "Müller & Partner Makler");

        // The admin's grant invites the GF; the GF registers through the mailed link.
        broker.grant("Müller GmbH", "GF", List.of("A", "B", "C"), true, GF).expect(201);
        MimeMessage gfMail = smtp.awaitMessageTo(GF, 1, MAIL_LIMIT, container::logTail);
        assertWellFormed(gfMail, GF);
        String gfText = SmtpServer.text(gfMail);
        assertTrue(gfText.contains("Müller & Partner Makler"), "the broker's name is missing:\n" + gfText);
        assertTrue(role("GF").matcher(gfText).find(), "the role GF is missing:\n" + gfText);
        String gfToken = SmtpServer.token(gfMail, LINK);
        tokens.add(gfToken);
        assertTrue(SmtpServer.html(gfMail).contains(gfToken), "the HTML part has no link");

        Http.Response infoAnswer = api.get("/invitations/" + gfToken);
        JsonNode info = infoAnswer.expect(200);
        assertEquals(GF, info.path("email").asText(), infoAnswer.context());
        assertEquals("GF", info.path("profile").asText(), infoAnswer.context());
        assertFalse(info.path("expiresAt").asText().isBlank(), infoAnswer.context());
        Http.Response acceptAnswer = api.post("/invitations/" + gfToken + "/accept", json("{'password':'gf password 12345'}"));
        assertEquals(GF, acceptAnswer.expect(200).path("email").asText(), acceptAnswer.context());
        Login gf = new Login(GF, "gf password 12345");

        // The GF invites two employees; the first registers through the mailed link.
        broker.invite(gf, MA1, "MA", List.of("B", "C")).expect(201);
        broker.invite(gf, MA2, "MA", List.of("B")).expect(201);
        MimeMessage ma1Mail = smtp.awaitMessageTo(MA1, 1, MAIL_LIMIT, container::logTail);
        assertWellFormed(ma1Mail, MA1);
        String ma1Text = SmtpServer.text(ma1Mail);
        assertTrue(ma1Text.contains(GF), "the inviter is not named:\n" + ma1Text);
        assertTrue(role("MA").matcher(ma1Text).find(), "the role MA is missing:\n" + ma1Text);
        String ma1Token = SmtpServer.token(ma1Mail, LINK);
        tokens.add(ma1Token);
        api.post("/invitations/" + ma1Token + "/accept", json("{'password':'ma1 password 12345'}")).expect(200);
        assertTrue(broker.allowed(MA1, "C", "contracts.view"), "ma1 may not view C's contracts");
        assertFalse(broker.allowed(MA1, "A", "contracts.view"), "ma1 may view A's contracts");

        MimeMessage ma2Mail = smtp.awaitMessageTo(MA2, 1, MAIL_LIMIT, container::logTail);
        String ma2FirstToken = SmtpServer.token(ma2Mail, LINK);
        tokens.add(ma2FirstToken);

        // The overview: ma1 registered (no mail status any more), ma2's mail was sent.
        JsonNode ma2 = container.poll(Duration.ofSeconds(30), () -> "mailStatus SENT for " + MA2 + " in " + broker.delegates(gf),
            () -> broker.delegates(gf).stream().filter(d -> MA2.equals(d.path("email").asText()))
                .filter(d -> "SENT".equals(d.path("mailStatus").asText())).findFirst());
        assertEquals("INVITED", ma2.path("status").asText(), ma2.toString());
        JsonNode ma1 = broker.delegates(gf).stream().filter(d -> MA1.equals(d.path("email").asText())).findFirst().orElseThrow();
        assertEquals("ACTIVE", ma1.path("status").asText(), ma1.toString());
        assertTrue(ma1.path("mailStatus").isNull() || ma1.path("mailStatus").isMissingNode(), ma1.toString());

        // Resend: a second mail with a new token; the old one stops working.
        Http.Response resent = api.as(gf).post(broker.path("/me/delegates/" + ma2.path("id").asText() + "/resend"), null);
        assertEquals(202, resent.status(), resent.context());
        MimeMessage ma2Second = smtp.awaitMessageTo(MA2, 2, MAIL_LIMIT, container::logTail);
        assertWellFormed(ma2Second, MA2);
        assertNotEquals(ma2Mail.getHeader("Message-ID", null), ma2Second.getHeader("Message-ID", null),
            "the resent mail reuses the first mail's Message-ID");
        String ma2Token = SmtpServer.token(ma2Second, LINK);
        tokens.add(ma2Token);
        assertNotEquals(ma2FirstToken, ma2Token);
        assertEquals(410, api.get("/invitations/" + ma2FirstToken).status());
        assertEquals(410, api.post("/invitations/" + ma2FirstToken + "/accept", json("{'password':'ma2 password 12345'}"))
            .status());
        assertEquals(MA2, api.get("/invitations/" + ma2Token).expect(200).path("email").asText());
        api.post("/invitations/" + ma2Token + "/accept", json("{'password':'ma2 password 12345'}")).expect(200);
        assertTrue(broker.allowed(MA2, "B", "documents.view"));
        assertEquals(2, smtp.messagesTo(MA2).size(), "mails to " + MA2);
        assertEquals(1, smtp.messagesTo(MA1).size(), "mails to " + MA1);
        assertEquals(1, smtp.messagesTo(GF).size(), "mails to " + GF);

        // No token ever reaches the container's log.
        String logs = container.allLogs();
        for (String token : tokens) {
            assertFalse(logs.contains(token), "a token appears in the container log " + container.log);
        }
    }

    @Test
    @Order(2)
    void inviteToMailLatencyAndMailsPerSecondToALocalSmtpServer() throws Exception {
        Broker broker = Broker.seed(api, "speed", "Speed Makler");
        // one unmeasured invitation first: the admin's password check and the first SMTP session warm up
        int total = smtp.count();
        broker.grant("Warm-up", "MA", List.of("A"), false, "warmup@speed.example").expect(201);
        assertTrue(smtp.awaitTotal(total + 1, MAIL_LIMIT), "no warm-up mail\n" + container.logTail());

        int rounds = 10;
        long[] latencies = new long[rounds];
        long[] posts = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            int before = smtp.count();
            long start = System.nanoTime();
            Http.Response created = broker.grant("Latency " + i, "MA", List.of("A"), false, "latency" + i + "@speed.example");
            posts[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            created.expect(201);
            assertTrue(smtp.awaitTotal(before + 1, MAIL_LIMIT), "no mail for latency" + i + "\n" + container.logTail());
            latencies[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        }
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        long[] sortedPosts = posts.clone();
        Arrays.sort(sortedPosts);
        System.out.printf("E2E invite-to-mail latency: min %d ms, median %d ms, max %d ms over %d invitations "
            + "(of which the POST itself: median %d ms); all: %s%n",
            sorted[0], median(sorted), sorted[rounds - 1], rounds, median(sortedPosts), Arrays.toString(latencies));
        assertEquals(rounds, smtp.countByRecipient(r -> r.startsWith("latency")).size());

        int count = 100;
        int threads = 4;
        int before = smtp.count();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<Http.Response>> answers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                answers.add(pool.submit(() -> broker.grant("Bulk " + n, "MA", List.of("A"), false, "bulk" + n + "@speed.example")));
            }
            for (Future<Http.Response> answer : answers) {
                answer.get(5, TimeUnit.MINUTES).expect(201);
            }
            long posted = System.nanoTime();
            assertTrue(smtp.awaitTotal(before + count, Duration.ofSeconds(180)),
                "only " + (smtp.count() - before) + " of " + count + " mails arrived\n" + container.logTail());
            long received = System.nanoTime();
            double seconds = (received - start) / 1e9;
            System.out.printf("E2E mails per second to local SMTP: %.1f (%d invitations by %d parallel clients, first POST to "
                + "%dth mail received in %d ms; all POSTs answered after %d ms, i.e. %.1f invitations/s; last mail %d ms after the "
                + "last POST)%n", count / seconds, count, threads, count, Math.round(seconds * 1000),
                TimeUnit.NANOSECONDS.toMillis(posted - start), count / ((posted - start) / 1e9),
                TimeUnit.NANOSECONDS.toMillis(received - posted));
        } finally {
            pool.shutdownNow();
        }
        // Exactly once: nothing more arrives for the bulk addresses after a short settling time.
        Map<String, Integer> counts = smtp.awaitCount(r -> r.startsWith("bulk"), count, MAIL_LIMIT, container::logTail);
        CollabProcess.sleep(2000);
        counts = smtp.countByRecipient(r -> r.startsWith("bulk") && r.endsWith("@speed.example"));
        assertEquals(count, counts.size(), "recipients: " + counts.keySet());
        Map<String, Integer> duplicates = new TreeMap<>(counts);
        duplicates.values().removeIf(n -> n == 1);
        assertEquals(Map.of(), duplicates, "recipients that got more than one mail");
    }

    /**
     * Runs last in this class: its 49 failed redemptions make the container throttle this client's
     * token requests (429) for the next minutes.
     */
    @Test
    @Order(3)
    void fiftyParallelAcceptsOfOneTokenGiveExactlyOneSuccess() throws Exception {
        Broker broker = Broker.seed(api, "race", "Race Makler");
        String racer = "racer@race.example";
        broker.grant("Race GmbH", "GF", List.of("A"), true, racer).expect(201);
        String token = SmtpServer.token(smtp.awaitMessageTo(racer, 1, MAIL_LIMIT, container::logTail), LINK);

        int callers = 50;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                String password = "racer password " + i;
                Callable<Http.Response> accept = () -> {
                    go.await();
                    return api.post("/invitations/" + token + "/accept", json("{'password':'" + password + "'}"));
                };
                answers.add(pool.submit(accept));
            }
            go.countDown();
            Map<Integer, Integer> byStatus = new TreeMap<>();
            List<Integer> winners = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                Http.Response answer = answers.get(i).get(5, TimeUnit.MINUTES);
                byStatus.merge(answer.status(), 1, Integer::sum);
                if (answer.status() == 200) {
                    winners.add(i);
                }
            }
            System.out.println("50 parallel accepts of one token answered (status=count): " + byStatus);
            assertEquals(1, winners.size(), "accepts answered 200: " + byStatus + "\n" + container.logTail());
            // 410 used; 429 once the client's failed redemptions reach the limit; 409/403 tolerated as a conflict
            for (int status : byStatus.keySet()) {
                assertTrue(status == 200 || status == 410 || status == 429 || status == 409 || status == 403,
                    "unexpected status " + status + " among " + byStatus + "\n" + container.logTail());
            }
            // the one that won set the password; the token is used up (or this client is throttled after 49 failures)
            int after = api.get("/invitations/" + token).status();
            assertTrue(after == 410 || after == 429, "GET of the used token answered " + after);
            Login winner = new Login(racer, "racer password " + winners.get(0));
            api.as(winner).get(broker.path("/me")).expect(200);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(4)
    void theContainerStartsWithoutAServiceCycle() {
        String log = container.log();
        assertFalse(log.contains("Circular reference"), "SCR found a reference cycle:\n" + container.logTail());
        assertFalse(log.contains("Service factory returned null"), "a component could not be created:\n" + container.logTail());
    }

    /** From, To, Subject, Message-ID and a multipart with text and HTML, as every invitation mail has. */
    private static void assertWellFormed(MimeMessage mail, String to) throws MessagingException, IOException {
        assertNotNull(mail.getFrom(), "no From");
        assertEquals(FROM, ((InternetAddress) mail.getFrom()[0]).getAddress());
        assertEquals(to, SmtpServer.recipient(mail));
        assertNotNull(mail.getSubject());
        assertFalse(mail.getSubject().isBlank(), "empty subject");
        String messageId = mail.getHeader("Message-ID", null);
        assertNotNull(messageId, "no Message-ID");
        assertTrue(MESSAGE_ID.matcher(messageId.trim()).matches(), "Message-ID " + messageId);
        assertTrue(mail.isMimeType("multipart/*"), "not multipart: " + mail.getContentType());
        assertFalse(SmtpServer.text(mail).isBlank(), "empty text part");
        String html = SmtpServer.html(mail);
        assertNotNull(html, "no HTML part");
        assertFalse(html.isBlank(), "empty HTML part");
    }

    /** "Ihre Rolle: X" (German, the tenants' default) or "Your role: X". */
    private static Pattern role(String role) {
        return Pattern.compile("(Rolle|role):\\s*" + Pattern.quote(role) + "\\b", Pattern.CASE_INSENSITIVE);
    }

    private static long median(long[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
