package dev.collab.api;

/** The named thing does not exist, or belongs to another tenant (both look the same). */
public class UnknownResourceException extends CollabException {
    private static final long serialVersionUID = 1L;

    public UnknownResourceException(String message) {
        super(message);
    }

    /**
     * @param key stable message key, see {@link CollabException#key()}
     * @param message the English message
     * @param arguments the values the message names
     * @since 1.2.0
     */
    public UnknownResourceException(String key, String message, Object... arguments) {
        super(key, message, arguments);
    }

    @Override
    public String kind() {
        return "not-found";
    }
}
