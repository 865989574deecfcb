package dev.collab.rest.internal;

import java.text.MessageFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.ws.rs.core.HttpHeaders;

import dev.collab.texts.Catalogs;

/**
 * The HTTP layer's own words in English (the contract's default) and German, from
 * {@code problems/http_<lang>.properties} in this bundle (UTF-8, MessageFormat patterns): the
 * titles and summaries of problem details, the HTTP failures, malformed JSON bodies and the
 * checks only the REST API makes (guards, query parameters). They stay here, not with the
 * services' catalog ({@code ProblemWording}, collab-profiles), because only the REST API shows
 * them and because it must still answer in the caller's language while the bundle that words
 * the services' failures is away (then its 503 problems are worded from here).
 */
final class ProblemTexts {
    static final String ENGLISH = "en";
    static final String GERMAN = "de";
    static final Set<String> LANGUAGES = Set.of(ENGLISH, GERMAN);
    private static final ProblemTexts INSTANCE = new ProblemTexts();
    private final Map<String, Map<String, String>> byLanguage = new HashMap<>();

    private ProblemTexts() {
        for (String language : LANGUAGES) {
            byLanguage.put(language, load(language));
        }
    }

    static ProblemTexts get() {
        return INSTANCE;
    }

    /**
     * The caller's language: the most preferred of {@code Accept-Language} that we speak, else
     * English. A header that cannot be parsed means English too: it must never fail the answer.
     */
    static String language(HttpHeaders headers) {
        if (headers == null) {
            return ENGLISH;
        }
        List<Locale> acceptable;
        try {
            acceptable = headers.getAcceptableLanguages();
        } catch (RuntimeException e) {
            return ENGLISH;
        }
        for (Locale locale : acceptable == null ? List.<Locale>of() : acceptable) {
            String language = locale.getLanguage().toLowerCase(Locale.ROOT);
            if (LANGUAGES.contains(language)) {
                return language;
            }
            if ("*".equals(language)) {
                return ENGLISH;
            }
        }
        return ENGLISH;
    }

    /** @return whether the key is one of the HTTP layer's own */
    boolean knows(String key) {
        return key != null && all(ENGLISH).containsKey(key);
    }

    /** @return every key of the language, for tests */
    Map<String, String> all(String language) {
        return byLanguage.get(supported(language));
    }

    /**
     * @param language {@code de} or {@code en}
     * @param key a message key, or {@code null}
     * @param arguments the values of the key's placeholders
     * @param fallback the English text thrown, used when the key is unknown
     */
    String text(String language, String key, List<Object> arguments, String fallback) {
        String pattern = key == null ? null : all(language).get(key);
        if (pattern == null) {
            return fallback;
        }
        try {
            return new MessageFormat(pattern, Locale.forLanguageTag(supported(language)))
                .format(arguments == null ? new Object[0] : arguments.toArray());
        } catch (IllegalArgumentException e) {
            // an argument of the wrong type for its placeholder (a partner's key of the same name)
            return fallback;
        }
    }

    String text(String language, String key, Object... arguments) {
        return text(language, key, List.of(arguments), all(ENGLISH).get(key));
    }

    private static String supported(String language) {
        return language != null && LANGUAGES.contains(language) ? language : ENGLISH;
    }

    private static Map<String, String> load(String language) {
        return Catalogs.load(ProblemTexts.class.getClassLoader(), "problems/http_" + language + ".properties");
    }
}
