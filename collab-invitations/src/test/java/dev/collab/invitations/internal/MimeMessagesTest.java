package dev.collab.invitations.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.Test;

import dev.collab.api.mail.OutgoingMail;

class MimeMessagesTest {
    private static final Session SESSION = Session.getInstance(new Properties());

    @Test
    void thePlainestTransferEncodingIsChosen() {
        assertEquals("7bit", MimeMessages.transferEncoding("Hello\r\nhttps://x/collab/register?token=abc"));
        assertEquals("8bit", MimeMessages.transferEncoding("Grüße\r\nhttps://x/collab/register?token=abc"));
        assertEquals("quoted-printable", MimeMessages.transferEncoding("x".repeat(999)));
        assertEquals("8bit", MimeMessages.transferEncoding("ü".repeat(499)));
        assertEquals("quoted-printable", MimeMessages.transferEncoding("nul\u0000"));
    }

    private static byte[] written(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    private static MimeMessage parsed(byte[] raw) throws Exception {
        return new MimeMessage(SESSION, new ByteArrayInputStream(raw));
    }

    @Test
    void textAndHtmlAreAlternativesThatParseBackToTheSameTexts() throws Exception {
        String longLine = "<p>" + "Grüße ".repeat(200) + "</p>";
        OutgoingMail mail = new OutgoingMail("<m-1@portal.example>", "portal@broker.example", "mia@firma.de",
            "Einladung\r\nvon Müller", "Grüße Mia,\nbitte registrieren:\rhttps://x/collab/register?token=abc\n", longLine);

        byte[] raw = written(MimeMessages.build(SESSION, mail));
        MimeMessage back = parsed(raw);

        assertEquals("<m-1@portal.example>", back.getMessageID());
        assertEquals("Einladung von Müller", back.getSubject());
        assertEquals("1.0", back.getHeader("MIME-Version", null));
        assertEquals(1, back.getHeader("Content-Type").length);
        assertEquals("8bit", back.getEncoding(), "a part is 8bit");
        assertTrue(back.isMimeType("multipart/alternative"), back.getContentType());
        MimeMultipart parts = (MimeMultipart) back.getContent();
        assertEquals(2, parts.getCount());
        assertTrue(parts.getBodyPart(0).isMimeType("text/plain"));
        assertEquals("8bit", parts.getBodyPart(0).getHeader("Content-Transfer-Encoding")[0]);
        assertEquals("Grüße Mia,\r\nbitte registrieren:\r\nhttps://x/collab/register?token=abc\r\n", parts.getBodyPart(0).getContent());
        assertTrue(parts.getBodyPart(1).isMimeType("text/html"));
        assertEquals("quoted-printable", parts.getBodyPart(1).getHeader("Content-Transfer-Encoding")[0], "a line over 998 octets");
        assertEquals(longLine, parts.getBodyPart(1).getContent());
        String text = new String(raw, StandardCharsets.UTF_8);
        assertFalse(text.replace("\r\n", "").contains("\n"), "bare LF in " + text);
        assertFalse(text.replace("\r\n", "").contains("\r"), "bare CR in " + text);
        for (String line : text.split("\r\n")) {
            assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 998, line);
        }
    }

    @Test
    void aTextAloneIsTheWholeBodyAndAsciiIs7bit() throws Exception {
        OutgoingMail mail = new OutgoingMail("<m-2@portal.example>", "portal@broker.example", "mia@firma.de", "Hello",
            "Hello Mia,\nhttps://x/collab/register?token=abc", null);

        MimeMessage back = parsed(written(MimeMessages.build(SESSION, mail)));

        assertTrue(back.isMimeType("text/plain"), back.getContentType());
        assertEquals("UTF-8", new jakarta.mail.internet.ContentType(back.getContentType()).getParameter("charset"));
        assertEquals("7bit", back.getEncoding());
        assertEquals("Hello Mia,\r\nhttps://x/collab/register?token=abc", back.getContent());
    }

    @Test
    void theMessageIsWrittenTheSameEveryTime() throws Exception {
        MimeMessage message = MimeMessages.build(SESSION, SmtpTransportTest.invitation("<m-3@portal.example>", "de"));

        assertArrayEquals(written(message), written(message), "a retry of the same transport writes the same bytes");
    }

    @Test
    void theBoundaryIsNotInAnyPart() {
        MimeMessages.Body part = new MimeMessages.Body("text/plain; charset=UTF-8", "7bit",
            "--=_collab_ is how our boundaries start".getBytes(StandardCharsets.US_ASCII));

        MimeMessages.Body body = MimeMessages.alternative(part, part);

        String boundary = body.contentType().replaceAll(".*boundary=\"([^\"]+)\".*", "$1");
        assertTrue(boundary.startsWith("=_collab_") && boundary.length() > 20, boundary);
        String raw = new String(body.bytes(), StandardCharsets.US_ASCII);
        assertEquals(3, raw.split("--" + boundary, -1).length - 1, raw);
        assertEquals("7bit", body.encoding());
    }
}
