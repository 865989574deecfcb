package dev.collab.api;

import java.util.Arrays;
import java.util.List;

/**
 * Base of every failure a collab service reports to its caller. Each subtype maps to one
 * class of answer (not found, conflict, invalid input, …); the REST layer renders them as
 * RFC 9457 problem details, and in-process callers can catch them by type.
 * <p>
 * The message is English. A failure that a front end shows to people also carries a
 * {@linkplain #key() message key} and its {@linkplain #arguments() arguments}, so that a
 * front end can word it in the caller's language; the English message stays the fallback for
 * a key it does not know.
 */
public abstract class CollabException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final List<Object> arguments;

    protected CollabException(String message) {
        this(null, message);
    }

    /**
     * @param key stable message key, e.g. {@code profile.inUse}, or {@code null}
     * @param message the English message
     * @param arguments the values the message names, in the order of the key's placeholders
     * @since 1.2.0
     */
    protected CollabException(String key, String message, Object... arguments) {
        super(message);
        this.key = key;
        this.arguments = copyArguments(arguments);
    }

    /** @return a short, stable machine-readable kind, e.g. {@code not-found} */
    public abstract String kind();

    /**
     * @return the stable key of the message, e.g. {@code profile.inUse}, or {@code null} when
     *         the failure has only its English message
     * @since 1.2.0
     */
    public String key() {
        return key;
    }

    /**
     * @return the values the message names (strings and numbers), in the order of the key's placeholders
     * @since 1.2.0
     */
    public List<Object> arguments() {
        return arguments;
    }

    /** Unmodifiable and serializable; a {@code null} value becomes the text "null" as in the message. */
    static List<Object> copyArguments(Object... arguments) {
        if (arguments == null || arguments.length == 0) {
            return List.of();
        }
        return List.copyOf(Arrays.stream(arguments).map(a -> a instanceof Number ? a : String.valueOf(a)).toList());
    }
}
