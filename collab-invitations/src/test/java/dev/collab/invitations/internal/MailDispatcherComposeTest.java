package dev.collab.invitations.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Constants;
import org.osgi.util.converter.Converters;

import dev.collab.api.invitations.InvitationIssued;
import dev.collab.api.mail.OutgoingMail;
import dev.collab.api.mail.PasswordResetIssued;
import dev.collab.api.mail.PendingMail;

/** The dispatcher words each kind of outbox mail with its own template and link. */
class MailDispatcherComposeTest {
    private static final String TOKEN = "Ab9_-".repeat(8) + "xyz";
    private static final Instant EXPIRES = Instant.parse("2026-12-12T10:00:00Z");

    @TempDir
    Path dir;

    private static MailDispatcher dispatcher() {
        MailDispatcher dispatcher = new MailDispatcher(Converters.standardConverter()
            .convert(Map.of("baseUrl", "https://portal.broker.example/", "from", "collab@broker.example"))
            .to(MailDispatcherConfiguration.class), null);
        Map<String, Object> lowest = Map.of(Constants.SERVICE_RANKING, Integer.MIN_VALUE, Constants.SERVICE_ID, 1L);
        dispatcher.resetTemplates = List.of(Map.entry(lowest, new DefaultPasswordResetTemplate()));
        return dispatcher;
    }

    private static PendingMail reset(String language) {
        return new PendingMail("out-9", PendingMail.PASSWORD_RESET, null,
            new PasswordResetIssued("acme", "reset-1", "mia@firma.de", TOKEN, EXPIRES), "Allfinanz Meier", language, 0, EXPIRES);
    }

    @Test
    void aResetMailLinksToThePasswordResetPageInTheRecipientsLanguage() {
        OutgoingMail de = dispatcher().compose(reset("de"), "<out-9@portal.broker.example>");
        assertEquals("mia@firma.de", de.to());
        assertEquals("collab@broker.example", de.from());
        assertEquals("Neues Passwort für das Kundenportal von Allfinanz Meier", de.subject());
        assertTrue(de.text().contains("https://portal.broker.example/collab/password/reset?token=" + TOKEN), de.text());
        assertTrue(de.html().contains("https://portal.broker.example/collab/password/reset?token=" + TOKEN), de.html());

        OutgoingMail en = dispatcher().compose(reset("en"), "<out-9@portal.broker.example>");
        assertEquals("New password for the customer portal of Allfinanz Meier", en.subject());
    }

    @Test
    void aResetMailGoesOutThroughTheTransportAsAnEmlFile() throws Exception {
        EmlFileTransport transport = new EmlFileTransport(Converters.standardConverter()
            .convert(Map.of("outboxDir", dir.resolve("outbox-mail").toString())).to(EmlFileTransportConfiguration.class));
        transport.send(dispatcher().compose(reset("en"), "<out-9@portal.broker.example>"));
        Path file = dir.resolve("outbox-mail").resolve("out-9@portal.broker.example.eml");
        MimeMessage mail;
        try (InputStream in = Files.newInputStream(file)) {
            mail = new MimeMessage(Session.getInstance(new Properties()), in);
        }
        assertEquals("mia@firma.de", mail.getAllRecipients()[0].toString());
        String text = (String) ((MimeMultipart) mail.getContent()).getBodyPart(0).getContent();
        assertTrue(text.contains("/collab/password/reset?token=" + TOKEN), text);
    }

    @Test
    void withoutAResetTemplateTheMailWaitsAndInvitationsStillUseTheirs() {
        MailDispatcher dispatcher = dispatcher();
        dispatcher.resetTemplates = List.of();
        assertNull(dispatcher.compose(reset("de"), "<x@y>"));
        // the invitation templates are a separate reference: none bound here, so it waits too
        PendingMail invitation = new PendingMail("out-1", new InvitationIssued("acme", "inv-1", "mia@firma.de", TOKEN, "MA",
            "Müller GmbH/MA", null, EXPIRES), "Allfinanz Meier", "de", 0, EXPIRES);
        assertEquals(PendingMail.INVITATION, invitation.kind());
        assertEquals("mia@firma.de", invitation.recipient());
        assertNull(dispatcher.compose(invitation, "<x@y>"));
    }
}
