package dev.collab.api;

/**
 * One rejected input field.
 *
 * @param field the field's name as the caller sent it, e.g. {@code rights[2]}
 * @param message what is wrong with it, in words a user can act on
 */
public record FieldError(String field, String message) {
}
