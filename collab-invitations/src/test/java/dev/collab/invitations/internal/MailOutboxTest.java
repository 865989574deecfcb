package dev.collab.invitations.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;

import dev.collab.api.invitations.InvitationIssued;

class MailOutboxTest {
    @TempDir
    Path dir;

    private MailOutbox outbox(String base) {
        MailOutboxConfiguration config = Converters.standardConverter().convert(Map.of(
            "outboxDir", dir.resolve("outbox-mail").toString(), "baseUrl", base, "from", "portal@broker.example"))
            .to(MailOutboxConfiguration.class);
        return new MailOutbox(config);
    }

    private static InvitationIssued invitation(String token) {
        return new InvitationIssued("acme", "inv-1", "mia@firma.de", token, "MA", "Müller GmbH/MA", "gf@firma.de",
            Instant.parse("2026-12-12T10:00:00Z"));
    }

    @Test
    void theMailCarriesTheRegistrationLinkAndItsExpiry() throws Exception {
        String token = "A".repeat(20) + "_-" + "b".repeat(21);
        outbox("https://portal.broker.example/").issued(invitation(token));
        List<Path> files = Files.list(dir.resolve("outbox-mail")).toList();
        assertEquals(1, files.size());
        assertEquals("inv-1.eml", files.get(0).getFileName().toString());
        String mail = Files.readString(files.get(0), StandardCharsets.UTF_8);
        Matcher link = Pattern.compile("https://portal\\.broker\\.example/collab/register\\?token=([A-Za-z0-9_-]+)").matcher(mail);
        assertTrue(link.find(), mail);
        assertEquals(token, link.group(1));
        assertTrue(mail.contains("To: mia@firma.de\r\n"));
        assertTrue(mail.contains("Message-ID: <inv-1@portal.broker.example>"));
        assertTrue(mail.contains("12.12.2026 10:00 UTC"));
        assertTrue(mail.contains("gf@firma.de lädt Sie zur collaboration ein (Rolle: MA)"));
        assertTrue(mail.contains("Content-Type: text/plain; charset=UTF-8"));
    }

    @Test
    void nonAsciiHeadersAreEncoded() {
        assertEquals("plain", InvitationMail.encodeHeader("plain"));
        assertTrue(InvitationMail.encodeHeader("Einladung für Sie").startsWith("=?UTF-8?B?"));
    }

    @Test
    void aResentInvitationGetsAMailOfItsOwn() throws Exception {
        MailOutbox outbox = outbox("http://localhost:8080");
        outbox.issued(invitation("x".repeat(43)));
        outbox.issued(new InvitationIssued("acme", "inv-2", "mia@firma.de", "y".repeat(43), "MA", "G", null,
            Instant.parse("2026-12-12T10:00:00Z")));
        assertEquals(2, Files.list(dir.resolve("outbox-mail")).count());
        assertTrue(Files.readString(dir.resolve("outbox-mail/inv-2.eml")).contains("Ihr Makler lädt Sie"));
    }
}
