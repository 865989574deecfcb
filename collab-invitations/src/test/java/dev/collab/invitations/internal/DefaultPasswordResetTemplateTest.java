package dev.collab.invitations.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.collab.api.mail.PasswordResetMailModel;
import dev.collab.api.mail.RenderedMail;

class DefaultPasswordResetTemplateTest {
    private static final String LINK = "https://portal.broker.example/collab/password/reset?token=" + "Ab9_-".repeat(8) + "xyz";
    private static final Instant EXPIRES = Instant.parse("2026-12-12T10:00:00Z");
    private final DefaultPasswordResetTemplate template = new DefaultPasswordResetTemplate();

    private RenderedMail render(String language, String broker) {
        return template.render(new PasswordResetMailModel(language, broker, "mia@firma.de", LINK, EXPIRES));
    }

    @Test
    void germanMailNamesAccountBrokerLinkAndExpiry() {
        RenderedMail mail = render("de", "Allfinanz Meier");
        assertEquals("Neues Passwort für das Kundenportal von Allfinanz Meier", mail.subject());
        for (String body : new String[] {mail.text(), mail.html()}) {
            assertTrue(body.contains("mia@firma.de"), body);
            assertTrue(body.contains("Allfinanz Meier"), body);
            assertTrue(body.contains(LINK), body);
            assertTrue(body.contains("12.12.2026, 11:00 Uhr (MEZ)"), body);
            assertTrue(body.contains("Ihr bisheriges Passwort bleibt gültig"), body);
        }
        assertTrue(mail.html().contains("<a href=\"" + LINK + "\">"), mail.html());
        assertTrue(mail.html().contains("<html lang=\"de\">"), mail.html());
    }

    @Test
    void englishMailFormatsTheDateTheEnglishWay() {
        RenderedMail mail = render("en", "Allfinanz Meier");
        assertEquals("New password for the customer portal of Allfinanz Meier", mail.subject());
        assertTrue(mail.text().contains("\n" + LINK + "\n"), mail.text());
        assertTrue(mail.text().contains("valid until 12 December 2026, 11:00 (CET)"), mail.text());
        assertTrue(mail.html().contains("<html lang=\"en\">"), mail.html());
        assertFalse(mail.text().contains("Guten Tag"), mail.text());
    }

    @Test
    void htmlEscapesAndOtherLanguagesFallBackToGerman() {
        RenderedMail mail = render("fr", "<Müller & Söhne>");
        assertTrue(mail.text().startsWith("Guten Tag,"), mail.text());
        assertTrue(mail.html().contains("&lt;Müller &amp; Söhne&gt;"), mail.html());
        assertEquals("Neues Passwort für das Kundenportal von <Müller & Söhne>", mail.subject());
        assertEquals("New password for the customer portal of Meier Bcc: x@evil.example",
            render("en", "Meier\r\nBcc: x@evil.example").subject());
    }
}
