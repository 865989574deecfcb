package dev.collab.api.profiles;

import java.util.Map;

/**
 * One permission in the portal.
 *
 * @param id stable id, e.g. {@code contracts.view}
 * @param title human-readable title, shown where no title in the reader's language is given
 * @param titles the title per language ({@code de}, {@code en}, …), possibly empty (since 1.1.0)
 */
public record Right(String id, String title, Map<String, String> titles) {

    public Right {
        titles = titles == null ? Map.of() : Map.copyOf(titles);
    }

    /** A right with one title for every language (the 1.0 shape). */
    public Right(String id, String title) {
        this(id, title, Map.of());
    }

    /**
     * @param language a language code, e.g. {@code de}
     * @return the title in that language, else {@link #title()}
     * @since 1.1.0
     */
    public String title(String language) {
        return language == null ? title : titles.getOrDefault(language, title);
    }
}
