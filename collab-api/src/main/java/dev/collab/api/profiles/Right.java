package dev.collab.api.profiles;

/**
 * One permission in the portal.
 *
 * @param id stable id, e.g. {@code contracts.view}
 * @param title human-readable title
 */
public record Right(String id, String title) {
}
