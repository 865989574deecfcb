package dev.collab.profiles.internal;

import java.text.MessageFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;

import dev.collab.api.CollabException;
import dev.collab.api.FieldError;
import dev.collab.api.ProblemWording;
import dev.collab.texts.Catalogs;

/**
 * The catalog of the suite's failures in English and German, from
 * {@code problems/messages_<lang>.properties} in this bundle (UTF-8, MessageFormat patterns),
 * keyed by the message keys this bundle's services throw. It lives here, next to the code that
 * throws the keys, so that a new refusal and its words change in one commit; the REST API and
 * the screens ask this service instead of keeping copies. A failure without a key, with a key
 * the catalog does not know (a partner's), or with arguments that do not fit the key keeps the
 * English message it was thrown with.
 */
@Component(service = ProblemWording.class)
public final class ProblemWordingImpl implements ProblemWording {
    static final String ENGLISH = "en";
    static final String GERMAN = "de";
    static final Set<String> LANGUAGES = Set.of(ENGLISH, GERMAN);
    /** A day as a problem's argument carries it (ISO 8601, as clients read it). */
    private static final Pattern ISO_DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private final Map<String, Map<String, String>> byLanguage = new HashMap<>();

    public ProblemWordingImpl() {
        for (String language : LANGUAGES) {
            byLanguage.put(language, load(language));
        }
    }

    @Override
    public String detail(CollabException failure, Locale language) {
        return text(supported(language), failure.key(), failure.arguments(), failure.getMessage());
    }

    @Override
    public String message(FieldError error, Locale language) {
        return text(supported(language), error.key(), error.arguments(), error.message());
    }

    /** @return every key of the language ({@code de} or {@code en}), for tests */
    Map<String, String> all(String language) {
        return byLanguage.get(language);
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
        Locale locale = Locale.forLanguageTag(language);
        try {
            return new MessageFormat(pattern, locale).format(arguments == null ? new Object[0]
                : arguments.stream().map(argument -> readable(argument, locale)).toArray());
        } catch (IllegalArgumentException e) {
            // an argument of the wrong type for its placeholder (a partner's key of the same name)
            return fallback;
        }
    }

    /**
     * A day the problem carries as an ISO date (its argument, which a client reads) in the
     * reader's form: the German screens show 30.11.2027 everywhere else, not 2027-11-30.
     */
    private static Object readable(Object argument, Locale locale) {
        if (argument instanceof String text && ISO_DAY.matcher(text).matches()) {
            try {
                return LocalDate.parse(text).format(DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale));
            } catch (DateTimeParseException e) {
                return argument;
            }
        }
        return argument;
    }

    private static String supported(Locale language) {
        return language != null && GERMAN.equals(language.getLanguage()) ? GERMAN : ENGLISH;
    }

    private static Map<String, String> load(String language) {
        return Catalogs.load(ProblemWordingImpl.class.getClassLoader(), "problems/messages_" + language + ".properties");
    }
}
