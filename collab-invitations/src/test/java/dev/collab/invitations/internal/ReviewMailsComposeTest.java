package dev.collab.invitations.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

import dev.collab.api.mail.AccessReviewNotice;
import dev.collab.api.mail.OutgoingMail;
import dev.collab.api.mail.PendingMail;

/** The access review's mails link to the review screen (no token), name the deadline and say what it does. */
class ReviewMailsComposeTest {
    private static final Instant DEADLINE = Instant.parse("2026-12-12T10:00:00Z");

    private static MailDispatcher dispatcher() {
        return new MailDispatcher(Converters.standardConverter()
            .convert(Map.of("baseUrl", "https://portal.broker.example/", "from", "collab@broker.example"))
            .to(MailDispatcherConfiguration.class), null);
    }

    private static PendingMail mail(String kind, String language, boolean revoke) {
        return new PendingMail("out-9", kind, null, null, "Allfinanz Meier", language, 0, DEADLINE, "Europe/Berlin", null,
            new AccessReviewNotice("acme", "gf@firma.de", 3, DEADLINE, revoke));
    }

    @Test
    void theRequestLinksToTheReviewScreenAndNamesTheDeadline() {
        OutgoingMail de = dispatcher().compose(mail(PendingMail.REVIEW_REQUESTED, "de", true), "<out-9@portal.broker.example>");
        assertEquals("gf@firma.de", de.to());
        assertEquals("Bitte überprüfen Sie die Zugriffe Ihrer Mitarbeiter im Kundenportal von Allfinanz Meier", de.subject());
        assertTrue(de.text().contains("https://portal.broker.example/collab/review"), de.text());
        assertTrue(de.text().contains("12.12.2026, 11:00 Uhr"), de.text());
        assertTrue(de.text().contains("Ihre 3 freigeschalteten Mitarbeiter"), de.text());
        assertTrue(de.text().contains("verlieren ihren Zugriff"), "mode REVOKE says so: " + de.text());
        assertFalse(de.text().contains("token="), de.text());
        assertTrue(de.html().contains("href=\"https://portal.broker.example/collab/review\""), de.html());

        OutgoingMail notify = dispatcher().compose(mail(PendingMail.REVIEW_REQUESTED, "de", false), "<out-9@portal.broker.example>");
        assertFalse(notify.text().contains("verlieren ihren Zugriff"), "mode NOTIFY threatens nothing: " + notify.text());

        OutgoingMail en = dispatcher().compose(mail(PendingMail.REVIEW_REQUESTED, "en", false), "<out-9@portal.broker.example>");
        assertEquals("Please review your delegates' access in the customer portal of Allfinanz Meier", en.subject());
        assertTrue(en.text().contains("your 3 delegate(s) by 2026-12-12, 11:00"), en.text());
    }

    @Test
    void theOverdueAndTheRevokedNoteSayWhatHappened() {
        OutgoingMail overdue = dispatcher().compose(mail(PendingMail.REVIEW_OVERDUE, "de", false), "<out-9@portal.broker.example>");
        assertTrue(overdue.subject().startsWith("Erinnerung:"), overdue.subject());
        assertTrue(overdue.text().contains("abgelaufen"), overdue.text());
        assertTrue(overdue.text().contains("/collab/review"), overdue.text());

        OutgoingMail revoked = dispatcher().compose(mail(PendingMail.REVIEW_REVOKED, "en", true), "<out-9@portal.broker.example>");
        assertEquals("Access of your delegates in the customer portal of Allfinanz Meier was revoked", revoked.subject());
        assertTrue(revoked.text().contains("3 of your delegates"), revoked.text());
        assertTrue(revoked.text().contains("logins and mailboxes stay"), revoked.text());
    }
}
