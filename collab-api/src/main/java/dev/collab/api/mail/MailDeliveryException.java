package dev.collab.api.mail;

/** A transport could not deliver a message; {@link #permanent()} tells whether retrying can help. */
public class MailDeliveryException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean permanent;

    public MailDeliveryException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    /** @return {@code true} when the server refused the message for good (e.g. SMTP 5xx) */
    public boolean permanent() {
        return permanent;
    }
}
