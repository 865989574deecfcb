package dev.collab.invitations.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.collab.api.mail.InvitationMailModel;
import dev.collab.api.mail.RenderedMail;

class DefaultInvitationTemplateTest {
    private static final String LINK = "https://portal.broker.example/collab/register?token=" + "Ab9_-".repeat(9);
    private static final Instant EXPIRES = Instant.parse("2026-12-12T10:00:00Z");
    private final DefaultInvitationTemplate template = new DefaultInvitationTemplate();

    private RenderedMail render(String language, String broker, String inviter) {
        return template.render(new InvitationMailModel(language, broker, "mia@firma.de", inviter, "Mitarbeiter", LINK, EXPIRES));
    }

    @Test
    void germanMailNamesBrokerInviterRoleLinkAndExpiry() {
        RenderedMail mail = render("de", "Allfinanz Meier", "gf@firma.de");
        assertEquals("Einladung in das Kundenportal von Allfinanz Meier", mail.subject());
        for (String body : new String[] {mail.text(), mail.html()}) {
            assertTrue(body.contains("gf@firma.de lädt Sie in das Kundenportal von"), body);
            assertTrue(body.contains("Allfinanz Meier"), body);
            assertTrue(body.contains("Mitarbeiter"), body);
            assertTrue(body.contains(LINK), body);
            assertTrue(body.contains("12.12.2026, 11:00 Uhr (MEZ)"), body);
        }
        assertTrue(mail.html().contains("<a href=\"" + LINK + "\">"), mail.html());
        assertTrue(mail.html().contains("<html lang=\"de\">"), mail.html());
    }

    @Test
    void theExpiryIsShownInTheTenantsTimeZoneNotUtc() {
        RenderedMail summer = template.render(new InvitationMailModel("de", "Meier", "mia@firma.de", null, "MA", LINK,
            Instant.parse("2026-07-01T12:05:00Z"), "Europe/Berlin"));
        assertTrue(summer.text().contains("01.07.2026, 14:05 Uhr (MESZ)"), summer.text());
        RenderedMail newYork = template.render(new InvitationMailModel("en", "Meier", "mia@firma.de", null, "MA", LINK,
            EXPIRES, "America/New_York"));
        assertTrue(newYork.text().contains("valid until 12 December 2026, 05:00 (EST)"), newYork.text());
        assertTrue(newYork.html().contains("12 December 2026, 05:00 (EST)"), newYork.html());
    }

    @Test
    void englishMailFormatsTheDateTheEnglishWay() {
        RenderedMail mail = render("en", "Allfinanz Meier", "gf@firma.de");
        assertEquals("Invitation to the customer portal of Allfinanz Meier", mail.subject());
        assertTrue(mail.text().contains("gf@firma.de invites you to the customer portal of Allfinanz Meier."), mail.text());
        assertTrue(mail.text().contains("Your role: Mitarbeiter"), mail.text());
        assertTrue(mail.text().contains("\n" + LINK + "\n"), mail.text());
        assertTrue(mail.text().contains("valid until 12 December 2026, 11:00 (CET)"), mail.text());
        assertTrue(mail.html().contains("12 December 2026"), mail.html());
        assertFalse(mail.text().contains("Guten Tag"), mail.text());
    }

    @Test
    void withoutAnInviterTheBrokerInvites() {
        assertTrue(render("de", "Meier", null).text().contains("Ihr Makler lädt Sie"));
        assertTrue(render("en", "Meier", null).text().contains("Your broker invites you"));
        assertTrue(render("en", "Meier", " ").html().contains("Your broker invites you"));
    }

    @Test
    void htmlEscapesWhatTheTextKeepsVerbatim() {
        RenderedMail mail = render("de", "<Müller & Söhne>", "\"x\"@firma.de");
        assertTrue(mail.html().contains("&lt;Müller &amp; Söhne&gt;"), mail.html());
        assertFalse(mail.html().contains("<Müller"), mail.html());
        assertTrue(mail.html().contains("&quot;x&quot;@firma.de"), mail.html());
        assertTrue(mail.text().contains("<Müller & Söhne>"), mail.text());
        assertEquals("Einladung in das Kundenportal von <Müller & Söhne>", mail.subject());
    }

    @Test
    void regionalAndUnknownLanguagesFallBack() {
        assertTrue(render("en-GB", "Meier", null).text().startsWith("Hello,"));
        assertTrue(render("DE", "Meier", null).text().startsWith("Guten Tag,"));
        assertTrue(render("fr", "Meier", null).text().startsWith("Guten Tag,"));
        assertTrue(render(null, "Meier", null).text().startsWith("Guten Tag,"));
    }

    @Test
    void aBrokerNameWithLineBreaksCannotBreakTheSubject() {
        assertEquals("Invitation to the customer portal of Meier Bcc: x@evil.example",
            render("en", "Meier\r\nBcc: x@evil.example", null).subject());
    }
}
