package dev.collab.api;

/** The named thing does not exist, or belongs to another tenant (both look the same). */
public class NotFoundException extends CollabException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }

    @Override
    public String kind() {
        return "not-found";
    }
}
