package dev.collab.api;

/**
 * Base of every failure a collab service reports to its caller. Each subtype maps to one
 * class of answer (not found, conflict, invalid input, …); the REST layer renders them as
 * RFC 9457 problem details, and in-process callers can catch them by type.
 */
public abstract class CollabException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected CollabException(String message) {
        super(message);
    }

    /** @return a short, stable machine-readable kind, e.g. {@code not-found} */
    public abstract String kind();
}
