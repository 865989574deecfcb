package dev.collab.invitations.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

import dev.collab.api.invitations.InvitationIssued;
import dev.collab.api.mail.AccessEndedNotice;
import dev.collab.api.mail.OutgoingMail;
import dev.collab.api.mail.PendingMail;

/** The reminder carries the invitation's own link; the removal notice carries none. */
class NoticeMailsComposeTest {
    private static final String TOKEN = "Rm9_-".repeat(8) + "abc";
    private static final Instant EXPIRES = Instant.parse("2026-12-12T10:00:00Z");

    private static MailDispatcher dispatcher() {
        return new MailDispatcher(Converters.standardConverter()
            .convert(Map.of("baseUrl", "https://portal.broker.example/", "from", "collab@broker.example"))
            .to(MailDispatcherConfiguration.class), null);
    }

    private static PendingMail reminder(String language) {
        return new PendingMail("out-7", PendingMail.REMINDER, new InvitationIssued("acme", "inv-1", "ma@firma.de", TOKEN, "MA",
            "Müller GmbH/MA", "gf@firma.de", EXPIRES), null, "Allfinanz Meier", language, 0, EXPIRES, "Europe/Berlin");
    }

    private static PendingMail ended(String language) {
        return new PendingMail("out-8", PendingMail.ACCESS_ENDED, null, null, "Allfinanz Meier", language, 0, EXPIRES,
            "Europe/Berlin", new AccessEndedNotice("acme", "ma@firma.de", "Müller GmbH/MA", EXPIRES));
    }

    @Test
    void aReminderLinksToTheSameRegistrationAndSaysWhenItExpires() {
        // even without any invitation template: the reminder has its own wording
        OutgoingMail de = dispatcher().compose(reminder("de"), "<out-7@portal.broker.example>");
        assertEquals("ma@firma.de", de.to());
        assertEquals("Erinnerung: Ihre Einladung in das Kundenportal von Allfinanz Meier läuft bald ab", de.subject());
        assertTrue(de.text().contains("https://portal.broker.example/collab/register?token=" + TOKEN), de.text());
        assertTrue(de.text().contains("12.12.2026, 11:00 Uhr (MEZ)") || de.text().contains("12.12.2026, 11:00 Uhr (CET)"), de.text());
        assertTrue(de.text().contains("gf@firma.de"), de.text());
        assertTrue(de.html().contains("register?token=" + TOKEN), de.html());

        OutgoingMail en = dispatcher().compose(reminder("en"), "<out-7@portal.broker.example>");
        assertEquals("Reminder: your invitation to the customer portal of Allfinanz Meier expires soon", en.subject());
        assertTrue(en.text().contains("(role: MA)"), en.text());
    }

    @Test
    void theRemovalNoticeNamesTheGrantAndHasNoLink() {
        OutgoingMail de = dispatcher().compose(ended("de"), "<out-8@portal.broker.example>");
        assertEquals("ma@firma.de", de.to());
        assertEquals("Ihr Zugriff im Kundenportal von Allfinanz Meier wurde beendet", de.subject());
        assertTrue(de.text().contains("„Müller GmbH/MA“"), de.text());
        assertTrue(de.text().contains("Postfach"), de.text());
        assertFalse(de.text().contains("token="), de.text());
        assertTrue(de.html().contains("Müller GmbH/MA"), de.html());

        OutgoingMail en = dispatcher().compose(ended("en"), "<out-8@portal.broker.example>");
        assertEquals("Your access to the customer portal of Allfinanz Meier has ended", en.subject());
        assertTrue(en.text().contains("mailbox remain"), en.text());
    }
}
