package dev.collab.api;

/** A part the request needs (a bundle, the database) is not available right now; retry later. */
public class TemporarilyUnavailableException extends CollabException {
    private static final long serialVersionUID = 1L;

    public TemporarilyUnavailableException(String message) {
        super(message);
    }

    /**
     * @param key stable message key, see {@link CollabException#key()}
     * @param message the English message
     * @param arguments the values the message names
     * @since 1.2.0
     */
    public TemporarilyUnavailableException(String key, String message, Object... arguments) {
        super(key, message, arguments);
    }

    @Override
    public String kind() {
        return "unavailable";
    }
}
