package dev.collab.invitations.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.util.converter.Converters;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

import dev.collab.api.mail.InvitationMailModel;
import dev.collab.api.mail.MailDeliveryException;
import dev.collab.api.mail.OutgoingMail;
import dev.collab.api.mail.RenderedMail;

class SmtpTransportTest {
    static final Pattern LINK = Pattern.compile("/collab/register\\?token=([A-Za-z0-9_-]{43,})");
    static final String TOKEN = "Zx8_-".repeat(8) + "abc";

    @RegisterExtension
    static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
        .withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer", "s3cret"))
        .withPerMethodLifecycle(true);

    static SmtpTransport transport(int port, Map<String, Object> more) throws Exception {
        Map<String, Object> config = new HashMap<>(Map.of("host", "127.0.0.1", "port", port, "timeoutMillis", 3000));
        config.putAll(more);
        return new SmtpTransport(Converters.standardConverter().convert(config).to(SmtpTransportConfiguration.class));
    }

    /** The mail the dispatcher would hand over, worded by the default template. */
    static OutgoingMail invitation(String messageId, String language) {
        String link = InvitationLinks.link("https://portal.broker.example/", TOKEN);
        RenderedMail rendered = new DefaultInvitationTemplate().render(new InvitationMailModel(language, "Müller & Söhne",
            "mia@firma.de", "gf@firma.de", "Mitarbeiter", link, Instant.parse("2026-12-12T10:00:00Z")));
        return new OutgoingMail(messageId, "portal@broker.example", "mia@firma.de", rendered.subject(), rendered.text(), rendered.html());
    }

    @Test
    void theServerReceivesOurMessageIdSubjectAndBothParts() throws Exception {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        transport(GREENMAIL.getSmtp().getPort(), Map.of()).send(invitation("<out-1@portal.broker.example>", "de"));
        assertSame(before, Thread.currentThread().getContextClassLoader());

        MimeMessage[] received = GREENMAIL.getReceivedMessages();
        assertEquals(1, received.length);
        MimeMessage mail = received[0];
        assertEquals("<out-1@portal.broker.example>", mail.getMessageID());
        assertEquals("Einladung in das Kundenportal von Müller & Söhne", mail.getSubject());
        assertEquals("portal@broker.example", mail.getFrom()[0].toString());
        assertEquals("mia@firma.de", mail.getAllRecipients()[0].toString());
        assertTrue(mail.isMimeType("multipart/alternative"), mail.getContentType());
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        assertEquals(2, parts.getCount());
        assertTrue(parts.getBodyPart(0).isMimeType("text/plain"));
        assertTrue(parts.getBodyPart(1).isMimeType("text/html"));
        String text = (String) parts.getBodyPart(0).getContent();
        Matcher link = LINK.matcher(text);
        assertTrue(link.find(), text);
        assertEquals(TOKEN, link.group(1));
        assertTrue(text.contains("12.12.2026"), text);
        String html = (String) parts.getBodyPart(1).getContent();
        assertTrue(html.contains("Müller &amp; Söhne"), html);
        assertTrue(LINK.matcher(html).find(), html);
    }

    @Test
    void theMessageIdSurvivesARetry() throws Exception {
        SmtpTransport transport = transport(GREENMAIL.getSmtp().getPort(), Map.of());
        transport.send(invitation("<out-2@portal.broker.example>", "en"));
        transport.send(invitation("<out-2@portal.broker.example>", "en"));
        MimeMessage[] received = GREENMAIL.getReceivedMessages();
        assertEquals(2, received.length);
        assertEquals(received[0].getMessageID(), received[1].getMessageID());
        assertEquals("Invitation to the customer portal of Müller & Söhne", received[0].getSubject());
    }

    @Test
    void aPlainTextMailIsSentAsSuch() throws Exception {
        transport(GREENMAIL.getSmtp().getPort(), Map.of())
            .send(new OutgoingMail("<t@h>", "a@b.example", "mia@firma.de", "Hi", "Grüße\n/collab/register?token=" + TOKEN, null));
        MimeMessage mail = GREENMAIL.getReceivedMessages()[0];
        assertTrue(mail.isMimeType("text/plain"), mail.getContentType());
        assertEquals("Grüße\r\n/collab/register?token=" + TOKEN, mail.getContent());
    }

    @Test
    void itAuthenticatesWhenAUserIsConfigured() throws Exception {
        transport(GREENMAIL.getSmtp().getPort(), Map.of("user", "mailer", ".password", "s3cret"))
            .send(invitation("<auth@h>", "de"));
        assertEquals(1, GREENMAIL.getReceivedMessages().length);
        MailDeliveryException failure = assertThrows(MailDeliveryException.class,
            () -> transport(GREENMAIL.getSmtp().getPort(), Map.of("user", "mailer", ".password", "wrong")).send(invitation("<auth@h>", "de")));
        assertFalse(failure.permanent(), failure.getMessage());
        assertEquals(1, GREENMAIL.getReceivedMessages().length);
    }

    @Test
    void noServerListeningIsATransientFailure() throws Exception {
        SmtpTransport transport = transport(freePort(), Map.of());
        MailDeliveryException failure = assertThrows(MailDeliveryException.class, () -> transport.send(invitation("<x@h>", "de")));
        assertFalse(failure.permanent(), failure.getMessage());
        assertFalse(failure.getMessage().contains(TOKEN));
    }

    @Test
    void mailsThatFollowEachOtherShareOneConnection() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
            SmtpTransport transport = transport(server.port(), Map.of());
            for (int i = 1; i <= 3; i++) {
                transport.send(invitation("<kept-" + i + "@h>", "de"));
            }
            assertEquals(1, server.count("EHLO"), server.commands.toString());
            assertEquals(3, server.count("MAIL FROM"), server.commands.toString());
            // each reuse first asks whether the server still listens
            assertEquals(2, server.count("NOOP"), server.commands.toString());
            assertEquals(0, server.count("QUIT"));
            transport.stop();
            assertEquals(1, server.count("QUIT"));
        }
    }

    @Test
    void withoutKeepAliveEachMailHasItsOwnConnection() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
            SmtpTransport transport = transport(server.port(), Map.of("keepAliveSeconds", 0));
            transport.send(invitation("<a@h>", "de"));
            transport.send(invitation("<b@h>", "de"));
            assertEquals(2, server.count("EHLO"), server.commands.toString());
            assertEquals(2, server.count("QUIT"), server.commands.toString());
        }
    }

    @Test
    void aConnectionTheServerEndedIsReplacedBeforeTheNextMail() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().hangUpAfterMessage()) {
            SmtpTransport transport = transport(server.port(), Map.of());
            transport.send(invitation("<a@h>", "de"));
            transport.send(invitation("<b@h>", "de"));
            assertEquals(2, server.count("EHLO"), server.commands.toString());
            assertEquals(2, server.count("MAIL FROM"), server.commands.toString());
            transport.stop();
        }
    }

    @Test
    void aFailureClosesTheConnectionAndTheNextMailStartsAFreshOne() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
            SmtpTransport transport = transport(server.port(), Map.of());
            transport.send(invitation("<a@h>", "de"));
            server.reply("RCPT", "550 5.1.1 <mia@firma.de>: user unknown");
            MailDeliveryException failure = assertThrows(MailDeliveryException.class, () -> transport.send(invitation("<b@h>", "de")));
            assertTrue(failure.permanent(), failure.getMessage());
            server.reply("RCPT", "250 2.1.5 ok");
            transport.send(invitation("<c@h>", "de"));
            assertEquals(2, server.count("EHLO"), server.commands.toString());
            assertEquals(1, server.count("QUIT"), server.commands.toString());
            transport.stop();
        }
    }

    @Test
    void anIdleConnectionIsClosedAfterTheKeepAlive() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
            SmtpTransport transport = transport(server.port(), Map.of("keepAliveSeconds", 1));
            transport.send(invitation("<a@h>", "de"));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (server.count("QUIT") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(1, server.count("QUIT"), server.commands.toString());
            transport.send(invitation("<b@h>", "de"));
            assertEquals(2, server.count("EHLO"), server.commands.toString());
            transport.stop();
        }
    }

    @Test
    void anUnknownRecipientIsAPermanentFailure() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().reply("RCPT", "550 5.1.1 <mia@firma.de>: user unknown")) {
            MailDeliveryException failure = assertThrows(MailDeliveryException.class,
                () -> transport(server.port(), Map.of()).send(invitation("<x@h>", "de")));
            assertTrue(failure.permanent(), failure.getMessage());
            assertTrue(failure.getMessage().contains("550 5.1.1"), failure.getMessage());
        }
    }

    @Test
    void aRejectedMessageIsAPermanentFailure() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().reply("END", "554 5.7.1 message refused")) {
            MailDeliveryException failure = assertThrows(MailDeliveryException.class,
                () -> transport(server.port(), Map.of()).send(invitation("<x@h>", "de")));
            assertTrue(failure.permanent(), failure.getMessage());
        }
    }

    @Test
    void aGreylistingServerCausesATransientFailure() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().reply("RCPT", "451 4.7.1 greylisted, try again later")) {
            MailDeliveryException failure = assertThrows(MailDeliveryException.class,
                () -> transport(server.port(), Map.of()).send(invitation("<x@h>", "de")));
            assertFalse(failure.permanent(), failure.getMessage());
        }
    }

    @Test
    void refusalsOfOurSenderOrCredentialsAreNotTheMailsFault() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().reply("MAIL", "553 5.7.1 sender not allowed")) {
            MailDeliveryException failure = assertThrows(MailDeliveryException.class,
                () -> transport(server.port(), Map.of()).send(invitation("<x@h>", "de")));
            assertFalse(failure.permanent(), failure.getMessage());
        }
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().reply("AUTH", "535 5.7.8 bad credentials")) {
            MailDeliveryException failure = assertThrows(MailDeliveryException.class,
                () -> transport(server.port(), Map.of("user", "u", ".password", "wrong")).send(invitation("<x@h>", "de")));
            assertFalse(failure.permanent(), failure.getMessage());
        }
    }

    @Test
    void anInvalidRecipientAddressIsPermanent() throws Exception {
        OutgoingMail mail = new OutgoingMail("<x@h>", "a@b.example", "not an address", "s", "t", null);
        MailDeliveryException failure = assertThrows(MailDeliveryException.class,
            () -> transport(GREENMAIL.getSmtp().getPort(), Map.of()).send(mail));
        assertTrue(failure.permanent());
    }

    @Test
    void aMissingHostIsRefusedAtActivation() {
        assertThrows(IllegalArgumentException.class, () -> new SmtpTransport(Converters.standardConverter()
            .convert(Map.of("host", " ")).to(SmtpTransportConfiguration.class)));
    }

    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    static OutgoingMail to(String address) {
        OutgoingMail mail = invitation("<rcpt@h>", "de");
        return new OutgoingMail(mail.messageId(), mail.from(), address, mail.subject(), mail.text(), mail.html());
    }

    /** The envelope recipient is the stored address, byte for byte, for every address the suite stores. */
    @Test
    void theEnvelopeRecipientIsTheStoredAddress() throws Exception {
        for (String address : List.of("mia@firma.de", "Katrin@firma.de", "o'brien+tag@sub.firma.example",
            "x!#$%&*=?^`{|}~-y@firma.de", "a.b_c@xn--bcher-kva.example", "UPPER@FIRMA.DE", "1@2.example")) {
            try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
                transport(server.port(), Map.of()).send(to(address));
                List<String> rcpt = server.commands.stream().filter(c -> c.startsWith("RCPT")).toList();
                assertEquals(List.of("RCPT TO:<" + address + ">"), rcpt, address);
            }
        }
    }

    /** Anything that would reach another mailbox fails for good, before a server is even asked. */
    @Test
    void anAddressThatWouldBeDeliveredElsewhereIsRefused() throws Exception {
        for (String address : List.of("vanr\u0133n@firma.de", "\u0130\u0130@firma.de", "<evil@evil.example>",
            "Mia <mia@firma.de>", "mia@firma.de, evil@evil.example", "\u212Atrin@firma.de", "mia@b\u00fccher.example",
            "mi\ud800a@firma.de", "mia\u0000@firma.de", "\"quoted\"@firma.de", "mia@firma.de\r\nRCPT TO:<evil@evil.example>")) {
            try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
                MailDeliveryException failure = assertThrows(MailDeliveryException.class,
                    () -> transport(server.port(), Map.of()).send(to(address)), address);
                assertTrue(failure.permanent(), address);
                assertTrue(server.commands.stream().noneMatch(c -> c.startsWith("RCPT")), address);
            }
        }
    }
}
