package dev.collab.texts;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A text catalog is a properties file per language inside a bundle, read as UTF-8 (German text
 * needs it; {@code ResourceBundle}'s ISO-8859-1 default and its fallback chain are not wanted).
 * The problem wording, the REST layer's own words and the screens each keep their catalog in
 * their bundle and read it the same way, through this package included privately in each.
 */
public final class Catalogs {
    private Catalogs() {
    }

    /**
     * @param loader the bundle's class loader
     * @param name the resource, e.g. {@code problems/messages_de.properties}
     * @return key to text, unmodifiable
     * @throws IllegalStateException when the bundle lacks the resource: a build error, not a runtime condition
     */
    public static Map<String, String> load(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
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
