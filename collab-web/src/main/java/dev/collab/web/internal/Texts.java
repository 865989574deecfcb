package dev.collab.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

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
        String name = "texts/messages_" + language + ".properties";
        try (InputStream in = Texts.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + name);
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> texts = new HashMap<>();
            properties.stringPropertyNames().forEach(key -> texts.put(key, properties.getProperty(key)));
            return Collections.unmodifiableMap(texts);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name, e);
        }
    }
}
