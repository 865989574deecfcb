package dev.collab.api;

import java.util.List;

/**
 * One rejected input field.
 *
 * @param field the field's name as the caller sent it, e.g. {@code rights[2]}
 * @param message what is wrong with it, in English words a user can act on
 * @param key stable key of the message, e.g. {@code name.required}, so that a front end can
 *        word it in the user's language; {@code null} when the message has none (since 1.2.0)
 * @param arguments the values the message names, in the order of the key's placeholders (since 1.2.0)
 */
public record FieldError(String field, String message, String key, List<Object> arguments) {

    public FieldError {
        arguments = arguments == null ? List.of() : CollabException.copyArguments(arguments.toArray());
    }

    public FieldError(String field, String message) {
        this(field, message, null, List.of());
    }

    /**
     * @param field the field's name as the caller sent it
     * @param key stable message key
     * @param message the English message
     * @param arguments the values the message names
     * @return the field error
     * @since 1.2.0
     */
    public static FieldError of(String field, String key, String message, Object... arguments) {
        return new FieldError(field, message, key, CollabException.copyArguments(arguments));
    }
}
