package dev.collab.api;

/** The caller is known but may not do this. */
public class ForbiddenException extends CollabException {
    private static final long serialVersionUID = 1L;

    public ForbiddenException(String message) {
        super(message);
    }

    @Override
    public String kind() {
        return "forbidden";
    }
}
