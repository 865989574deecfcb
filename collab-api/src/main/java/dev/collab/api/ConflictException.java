package dev.collab.api;

/** The request contradicts the current state: a duplicate, an immutable field, a thing in use. */
public class ConflictException extends CollabException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }

    /**
     * @param key stable message key, see {@link CollabException#key()}
     * @param message the English message
     * @param arguments the values the message names
     * @since 1.2.0
     */
    public ConflictException(String key, String message, Object... arguments) {
        super(key, message, arguments);
    }

    @Override
    public String kind() {
        return "conflict";
    }
}
