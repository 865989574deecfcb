package dev.collab.invitations.internal;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/** The pieces of a mail that follow from the configuration: link, Message-ID, language. */
final class InvitationLinks {
    /** Languages the suite words mails in; the tenant's default is German. */
    static final String DEFAULT_LANGUAGE = "de";
    private static final Pattern NOT_ID_LEFT = Pattern.compile("[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+");

    private InvitationLinks() {
    }

    /**
     * @param baseUrl the public base, with or without trailing slashes
     * @param token the raw token
     * @return {@code <base>/collab/register?token=<token>}
     */
    static String link(String baseUrl, String token) {
        return stripSlashes(baseUrl) + "/collab/register?token=" + token;
    }

    /**
     * @param baseUrl the public base, with or without trailing slashes
     * @param token the raw reset token
     * @return {@code <base>/collab/password/reset?token=<token>}
     */
    static String resetLink(String baseUrl, String token) {
        return stripSlashes(baseUrl) + "/collab/password/reset?token=" + token;
    }

    /**
     * @param baseUrl the public base, with or without trailing slashes
     * @return {@code <base>/collab/review}, the screen "Zugriffe überprüfen" (behind the sign-in: the link carries no token)
     */
    static String reviewLink(String baseUrl) {
        return stripSlashes(baseUrl) + "/collab/review";
    }

    /**
     * @param outboxId the outbox entry's id, stable over retries
     * @param baseUrl the public base whose host names the id's right part
     * @return an RFC 5322 msg-id {@code <id@host>}, the same for every attempt of a mail
     */
    static String messageId(String outboxId, String baseUrl) {
        String left = NOT_ID_LEFT.matcher(outboxId).replaceAll("_").replaceAll("^\\.+|\\.+$", "").replaceAll("\\.{2,}", ".");
        return "<" + (left.isEmpty() ? "mail" : left) + "@" + host(baseUrl) + ">";
    }

    static String host(String baseUrl) {
        try {
            String host = URI.create(stripSlashes(baseUrl).trim()).getHost();
            if (host != null && HOST.matcher(host).matches()) {
                return host.toLowerCase(Locale.ROOT);
            }
        } catch (IllegalArgumentException e) {
            // not a URI: fall through to the neutral host
        }
        return "localhost";
    }

    /**
     * @param language a language tag such as {@code de}, {@code en-GB}, or {@code null}
     * @return its primary subtag in lower case; the default language when unknown
     */
    static String language(String language) {
        if (language == null || language.isBlank()) {
            return DEFAULT_LANGUAGE;
        }
        String primary = language.trim().split("[-_]", 2)[0];
        return primary.isEmpty() ? DEFAULT_LANGUAGE : primary.toLowerCase(Locale.ROOT);
    }

    private static String stripSlashes(String baseUrl) {
        String base = baseUrl == null ? "" : baseUrl.trim();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base;
    }
}
