package dev.collab.api;

/** The caller is known but may not do this. */
public class NotPermittedException extends CollabException {
    private static final long serialVersionUID = 1L;

    public NotPermittedException(String message) {
        super(message);
    }

    /**
     * @param key stable message key, see {@link CollabException#key()}
     * @param message the English message
     * @param arguments the values the message names
     * @since 1.2.0
     */
    public NotPermittedException(String key, String message, Object... arguments) {
        super(key, message, arguments);
    }

    @Override
    public String kind() {
        return "forbidden";
    }
}
