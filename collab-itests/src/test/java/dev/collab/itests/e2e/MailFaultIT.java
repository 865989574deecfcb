package dev.collab.itests.e2e;

import static dev.collab.itests.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.collab.itests.Http;
import dev.collab.testkit.Login;

/**
 * Invitation mail when things go wrong: the SMTP server is down while invitations are created,
 * the container restarts in the middle of that outage, the mailing bundle is taken out of the
 * deploy folder. In every case each invitation is mailed, exactly once, once things are back.
 * The container runs on the default retry settings (backoff from 5 s, doubling).
 */
class MailFaultIT {
    /** The retry log line of MailDispatcher: one per failed attempt of one mail. */
    private static final String NOT_DELIVERED = "not delivered, next attempt";

    private final List<CollabProcess> containers = new ArrayList<>();
    private final List<SmtpServer> servers = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        containers.forEach(CollabProcess::stop);
        containers.clear();
        servers.forEach(SmtpServer::stop);
        servers.clear();
    }

    @Test
    void smtpUnreachableThenReachableMailsEveryInvitationExactlyOnce() throws IOException {
        int smtpPort = CollabProcess.freePort();
        SmtpServer smtp = smtp(smtpPort);
        CollabProcess container = container(CollabProcess.freshDataDir("mail-outage-"), smtpPort);
        Http api = container.api;
        Broker broker = Broker.seed(api, "outage", "Outage Makler");
        Login gf = registeredGf(broker, smtp, container, "gf@outage.example");

        // The SMTP server goes away; the GF goes on inviting.
        smtp.stop();
        List<String> invited = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            String email = "o" + i + "@staff.example";
            Http.Response created = broker.invite(gf, email, "MA", List.of("B"));
            assertEquals("PENDING", created.expect(201).path("mailStatus").asText(), created.context());
            invited.add(email);
        }
        assertEquals(Map.of("PENDING", 10), mailStatuses(broker, gf, invited));
        // Each mail fails and backs off (5 s, then 10 s); wait for two attempts of each when the log shows them.
        softWait(container, Duration.ofSeconds(30), () -> container.logLines(NOT_DELIVERED) >= 2L * invited.size(),
            "two failed attempts per mail");
        System.out.println("SMTP outage: " + container.logLines(NOT_DELIVERED) + " failed delivery attempts logged before SMTP returned");
        assertEquals(Map.of("PENDING", 10), mailStatuses(broker, gf, invited), "a mail was given up during a short outage");

        // SMTP is back; one more invitation wakes the dispatcher, the others follow on their backoff.
        long back = System.nanoTime();
        smtp = smtp(smtpPort);
        String wakeUp = "o11@staff.example";
        broker.invite(gf, wakeUp, "MA", List.of("B")).expect(201);
        invited.add(wakeUp);
        Predicate<String> staff = r -> r.endsWith("@staff.example");
        smtp.awaitCount(staff, invited.size(), Duration.ofSeconds(90), container::logTail);
        System.out.printf("SMTP outage: all %d mails arrived %d ms after SMTP came back%n", invited.size(),
            (System.nanoTime() - back) / 1_000_000);
        assertExactlyOnce(smtp, staff, invited);

        container.await(Duration.ofSeconds(30), "every mailStatus SENT",
            () -> mailStatuses(broker, gf, invited).equals(Map.of("SENT", invited.size())));
        // and every link works
        for (MimeMessage mail : smtp.messages()) {
            if (staff.test(SmtpServer.recipient(mail))) {
                assertEquals(200, api.get("/invitations/" + SmtpServer.token(mail, SmtpServer.ANY_LINK)).status());
            }
        }
    }

    @Test
    void aRestartDuringAnSmtpOutageLosesNoInvitation() throws IOException {
        int smtpPort = CollabProcess.freePort();
        CollabProcess first = container(CollabProcess.freshDataDir("mail-restart-"), smtpPort);
        Broker broker = Broker.seed(first.api, "restart", "Restart Makler");
        List<String> invited = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            String email = "r" + i + "@restart.example";
            broker.grant("Restart " + i, "MA", List.of("A"), false, email).expect(201);
            invited.add(email);
        }
        softWait(first, Duration.ofSeconds(20), () -> first.logLines(NOT_DELIVERED) >= invited.size(), "a failed attempt per mail");

        first.stop();
        SmtpServer smtp = smtp(smtpPort);
        CollabProcess second = CollabProcess.start(first.dataDir, first.env);
        containers.add(second);
        long started = System.nanoTime();
        Predicate<String> restarted = r -> r.endsWith("@restart.example");
        smtp.awaitCount(restarted, invited.size(), Duration.ofSeconds(60), second::logTail);
        System.out.printf("Restart during SMTP outage: all %d mails arrived %d ms after the restarted container was healthy%n",
            invited.size(), (System.nanoTime() - started) / 1_000_000);
        assertExactlyOnce(smtp, restarted, invited);

        // The tokens survived the restart: a mailed link registers.
        MimeMessage mail = smtp.messagesTo(invited.get(0)).get(0);
        String token = SmtpServer.token(mail, SmtpServer.ANY_LINK);
        second.api.post("/invitations/" + token + "/accept", json("{'password':'r1 password 12345'}")).expect(200);
        assertFalse(second.allLogs().contains(token), "the token appears in the container log");
    }

    @Test
    void mailingBundleOutWhileInvitingThenBackMailsAll() throws IOException {
        int smtpPort = CollabProcess.freePort();
        SmtpServer smtp = smtp(smtpPort);
        CollabProcess container = container(CollabProcess.freshDataDir("mail-bundle-"), smtpPort);
        Http api = container.api;
        Broker broker = Broker.seed(api, "bundle", "Bundle Makler");
        broker.grant("Before", "MA", List.of("A"), false, "before@bundle.example").expect(201);
        smtp.awaitMessageTo("before@bundle.example", 1, Duration.ofSeconds(30), container::logTail);

        Path deployed = container.dataDir.resolve("deploy").resolve("collab-invitations.jar");
        Path away = container.dataDir.getParent().resolve("collab-invitations.jar.away");
        assertTrue(Files.isRegularFile(deployed), deployed + " is missing");
        Files.move(deployed, away);
        try {
            // FileInstall polls every second and logs the uninstall; the bundle's deactivation follows at once.
            container.await(Duration.ofSeconds(20), "FileInstall to uninstall collab-invitations",
                () -> container.log().lines().anyMatch(l -> l.contains("Uninstalling bundle") && l.contains("collab-invitations")));
            // API.md: /health answers 503 naming the missing part while any suite bundle is down
            container.await(Duration.ofSeconds(20), "GET /health to answer 503 without the mailing bundle",
                () -> api.get("/health").status() == 503);
            Http.Response health = api.get("/health");
            assertEquals(503, health.status(), health.context());
            assertTrue(health.body().contains("mailing"), health.context());
            CollabProcess.sleep(1000);

            List<String> invited = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                String email = "out" + i + "@bundle.example";
                broker.grant("While out " + i, "MA", List.of("A"), false, email).expect(201);
                invited.add(email);
            }
            Predicate<String> whileOut = r -> r.startsWith("out") && r.endsWith("@bundle.example");
            CollabProcess.sleep(3000);
            assertEquals(Map.of(), smtp.countByRecipient(whileOut), "mails arrived while the mailing bundle was out");

            Files.move(away, deployed);
            long back = System.nanoTime();
            container.await(Duration.ofSeconds(30), "GET /health to answer 200 with the mailing bundle back",
                () -> api.get("/health").status() == 200);
            smtp.awaitCount(whileOut, invited.size(), Duration.ofSeconds(40), container::logTail);
            System.out.printf("Mailing bundle back: all %d mails arrived %d ms after the jar was put back%n", invited.size(),
                (System.nanoTime() - back) / 1_000_000);
            assertExactlyOnce(smtp, whileOut, invited);
            assertEquals(1, smtp.messagesTo("before@bundle.example").size(), "the mail sent before was sent again");
        } finally {
            if (Files.exists(away) && !Files.exists(deployed)) {
                Files.move(away, deployed);
            }
        }
    }

    /** A GF invited by the admin's grant, registered through the mailed link. */
    private static Login registeredGf(Broker broker, SmtpServer smtp, CollabProcess container, String email) {
        Http api = broker.api;
        broker.grant("Firma GmbH", "GF", List.of("A", "B", "C"), true, email).expect(201);
        String token = SmtpServer.token(smtp.awaitMessageTo(email, 1, Duration.ofSeconds(30), container::logTail), SmtpServer.ANY_LINK);
        api.post("/invitations/" + token + "/accept", json("{'password':'gf password 12345'}")).expect(200);
        return new Login(email, "gf password 12345");
    }

    /** mailStatus → number of the given delegates in the GF's overview. */
    private static Map<String, Integer> mailStatuses(Broker broker, Login gf, List<String> emails) {
        Map<String, Integer> statuses = new TreeMap<>();
        for (JsonNode delegate : broker.delegates(gf)) {
            if (emails.contains(delegate.path("email").asText())) {
                statuses.merge(delegate.path("mailStatus").asText("null"), 1, Integer::sum);
            }
        }
        return statuses;
    }

    /** After a short settling time: every address got exactly one mail, and nobody else matching got any. */
    private static void assertExactlyOnce(SmtpServer smtp, Predicate<String> which, List<String> expected) {
        CollabProcess.sleep(2000);
        Map<String, Integer> counts = smtp.countByRecipient(which);
        Map<String, Integer> once = expected.stream().collect(Collectors.toMap(e -> e, e -> 1, (a, b) -> a, TreeMap::new));
        assertEquals(once, counts, "mails per recipient");
    }

    /** Waits for a condition that only tells the test when to go on; not meeting it is no failure. */
    private static void softWait(CollabProcess container, Duration limit, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                System.out.println("(did not see " + what + " in " + container.log + " within " + limit.toSeconds() + " s; going on)");
                return;
            }
            CollabProcess.sleep(200);
        }
    }

    private SmtpServer smtp(int port) {
        SmtpServer server = SmtpServer.start(port);
        servers.add(server);
        return server;
    }

    private CollabProcess container(Path dataDir, int smtpPort) throws IOException {
        CollabProcess container = CollabProcess.start(dataDir, Map.of(
            "COLLAB_SMTP_HOST", "127.0.0.1",
            "COLLAB_SMTP_PORT", Integer.toString(smtpPort)));
        containers.add(container);
        return container;
    }
}
