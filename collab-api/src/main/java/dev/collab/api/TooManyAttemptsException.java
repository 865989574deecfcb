package dev.collab.api;

/**
 * Too many failed attempts (passwords, tokens) from one client or against one account: the
 * caller should wait (HTTP 429 with {@code Retry-After}). Never a hard lock-out: the wait grows
 * with the failures and ends by itself.
 */
public class TooManyAttemptsException extends CollabException {
    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    public TooManyAttemptsException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /**
     * @param key stable message key, see {@link CollabException#key()}
     * @param message the English message
     * @param retryAfterSeconds seconds until a new attempt may succeed
     * @param arguments the values the message names
     * @since 1.2.0
     */
    public TooManyAttemptsException(String key, String message, long retryAfterSeconds, Object... arguments) {
        super(key, message, arguments);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /** @return seconds until a new attempt may succeed, at least 1 */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public String kind() {
        return "too-many-attempts";
    }
}
