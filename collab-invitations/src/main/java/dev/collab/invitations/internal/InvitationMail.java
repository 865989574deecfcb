package dev.collab.invitations.internal;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.Locale;

import dev.collab.api.invitations.InvitationIssued;

/**
 * The registration mail of an invitation as an RFC 5322 message: plain text, German and
 * English, with the link {@code <base>/collab/register?token=<token>} and its expiry.
 */
final class InvitationMail {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm 'UTC'", Locale.GERMANY);

    private InvitationMail() {
    }

    static String link(String baseUrl, String token) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + "/collab/register?token=" + token;
    }

    static String render(InvitationIssued invitation, String baseUrl, String from, String host) {
        String link = link(baseUrl, invitation.token());
        String expires = DAY.format(invitation.expiresAt().atZone(ZoneOffset.UTC));
        String inviter = invitation.invitedBy() == null ? "Ihr Makler" : invitation.invitedBy();
        String inviterEn = invitation.invitedBy() == null ? "your broker" : invitation.invitedBy();
        String role = invitation.profile() == null ? invitation.grant() : invitation.profile();
        String body = String.join("\r\n",
            "Guten Tag,",
            "",
            inviter + " lädt Sie zur collaboration ein (Rolle: " + role + ").",
            "Bitte registrieren Sie sich über diesen Link:",
            "",
            link,
            "",
            "Der Link ist einmalig verwendbar und gilt bis " + expires + ".",
            "",
            "--",
            "",
            "Hello,",
            "",
            inviterEn + " invites you to the customer portal (role: " + role + ").",
            "Please register with this link:",
            "",
            link,
            "",
            "The link works once and until " + expires + ".",
            "");
        String subject = "Einladung zur collaboration / Invitation to the customer portal";
        return String.join("\r\n",
            "From: " + from,
            "To: " + invitation.email(),
            "Subject: " + encodeHeader(subject),
            "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)),
            "Message-ID: <" + invitation.invitationId() + "@" + host + ">",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: 8bit",
            "",
            body);
    }

    /** RFC 2047 encoded-word when the text is not plain ASCII. */
    static String encodeHeader(String text) {
        if (StandardCharsets.US_ASCII.newEncoder().canEncode(text)) {
            return text;
        }
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
    }
}
