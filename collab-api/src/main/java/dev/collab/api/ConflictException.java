package dev.collab.api;

/** The request contradicts the current state: a duplicate, an immutable field, a thing in use. */
public class ConflictException extends CollabException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }

    @Override
    public String kind() {
        return "conflict";
    }
}
