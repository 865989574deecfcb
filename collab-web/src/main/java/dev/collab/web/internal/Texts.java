package dev.collab.web.internal;

import java.text.MessageFormat;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.collab.texts.Catalogs;

/**
 * The screens' words in German (the seed's labels, the default) and English, from
 * {@code texts/messages_<lang>.properties} in this bundle (UTF-8). Both files must hold the
 * same keys; a unit test checks that.
 */
final class Texts {
    static final String GERMAN = "de";
    static final String ENGLISH = "en";
    static final Set<String> LANGUAGES = Set.of(GERMAN, ENGLISH);
    private final Map<String, Map<String, String>> byLanguage = new HashMap<>();

    Texts() {
        for (String language : LANGUAGES) {
            byLanguage.put(language, load(language));
        }
    }

    /** @return every text of the language, for the templates */
    Map<String, String> all(String language) {
        return byLanguage.get(supported(language));
    }

    String get(String language, String key) {
        String text = all(language).get(key);
        if (text == null) {
            throw new IllegalArgumentException("No text '" + key + "'");
        }
        return text;
    }

    String format(String language, String key, Object... arguments) {
        return new MessageFormat(get(language, key), locale(language)).format(arguments);
    }

    static String supported(String language) {
        return language != null && LANGUAGES.contains(language) ? language : GERMAN;
    }

    static Locale locale(String language) {
        return ENGLISH.equals(language) ? Locale.ENGLISH : Locale.GERMAN;
    }

    private static Map<String, String> load(String language) {
        return Catalogs.load(Texts.class.getClassLoader(), "texts/messages_" + language + ".properties");
    }
}
