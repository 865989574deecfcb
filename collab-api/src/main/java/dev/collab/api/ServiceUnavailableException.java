package dev.collab.api;

/** A part the request needs (a bundle, the database) is not available right now; retry later. */
public class ServiceUnavailableException extends CollabException {
    private static final long serialVersionUID = 1L;

    public ServiceUnavailableException(String message) {
        super(message);
    }

    @Override
    public String kind() {
        return "unavailable";
    }
}
