package dev.collab.invitations.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;

import dev.collab.api.mail.MailDeliveryException;
import dev.collab.api.mail.OutgoingMail;

class EmlFileTransportTest {
    @TempDir
    Path dir;

    private EmlFileTransport transport() throws Exception {
        return new EmlFileTransport(Converters.standardConverter().convert(Map.of("outboxDir", dir.resolve("outbox-mail").toString()))
            .to(EmlFileTransportConfiguration.class));
    }

    private List<Path> files() throws Exception {
        try (var list = Files.list(dir.resolve("outbox-mail"))) {
            return list.toList();
        }
    }

    @Test
    void theFileIsTheCompleteMessageSmtpWouldCarry() throws Exception {
        transport().send(SmtpTransportTest.invitation("<out-7@portal.broker.example>", "de"));
        List<Path> files = files();
        assertEquals(1, files.size(), files.toString());
        assertEquals("out-7@portal.broker.example.eml", files.get(0).getFileName().toString());

        MimeMessage mail;
        try (InputStream in = Files.newInputStream(files.get(0))) {
            mail = new MimeMessage(Session.getInstance(new Properties()), in);
        }
        assertEquals("<out-7@portal.broker.example>", mail.getMessageID());
        assertEquals("Einladung in das Kundenportal von Müller & Söhne", mail.getSubject());
        assertEquals("mia@firma.de", mail.getAllRecipients()[0].toString());
        assertTrue(mail.getSentDate() != null);
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        String text = (String) parts.getBodyPart(0).getContent();
        Matcher link = SmtpTransportTest.LINK.matcher(text);
        assertTrue(link.find(), text);
        assertEquals(SmtpTransportTest.TOKEN, link.group(1));
        assertTrue(((String) parts.getBodyPart(1).getContent()).contains("Müller &amp; Söhne"));

        // the raw file too shows the link verbatim (8bit, not quoted-printable), with CRLF line ends
        String raw = Files.readString(files.get(0), StandardCharsets.UTF_8);
        Matcher rawLink = SmtpTransportTest.LINK.matcher(raw);
        assertTrue(rawLink.find(), raw);
        assertEquals(SmtpTransportTest.TOKEN, rawLink.group(1));
        assertTrue(raw.contains("Content-Transfer-Encoding: 8bit\r\n"), raw);
        assertFalse(raw.replace("\r\n", "").contains("\n"), "bare LF in " + raw);
    }

    @Test
    void aRetryReplacesTheFileOfTheSameMessage() throws Exception {
        EmlFileTransport transport = transport();
        transport.send(SmtpTransportTest.invitation("<same@h>", "de"));
        transport.send(SmtpTransportTest.invitation("<same@h>", "en"));
        transport.send(SmtpTransportTest.invitation("<other@h>", "en"));
        List<Path> files = files();
        assertEquals(2, files.size(), files.toString());
        try (InputStream in = Files.newInputStream(dir.resolve("outbox-mail/same@h.eml"))) {
            assertTrue(new MimeMessage(Session.getInstance(new Properties()), in).getSubject().startsWith("Invitation to the customer portal"));
        }
    }

    @Test
    void anInvalidRecipientIsPermanentAndLeavesNoFile() throws Exception {
        MailDeliveryException failure = assertThrows(MailDeliveryException.class,
            () -> transport().send(new OutgoingMail("<x@h>", "a@b.example", "no address", "s", "t", null)));
        assertTrue(failure.permanent());
        assertEquals(List.of(), files());
    }

    @Test
    void fileNamesAreSafe() {
        assertEquals("abc@host.eml", EmlFileTransport.fileName("<abc@host>"));
        assertEquals("_.._etc_passwd@h.eml", EmlFileTransport.fileName("<../../etc/passwd@h>".replace("../../", "/../")));
        assertTrue(EmlFileTransport.fileName("<>").startsWith("mail-"));
    }
}
