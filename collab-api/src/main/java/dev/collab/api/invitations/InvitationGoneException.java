package dev.collab.api.invitations;

import dev.collab.api.CollabException;

/** The invitation was used, has expired or was voided (HTTP 410). */
public class InvitationGoneException extends CollabException {
    private static final long serialVersionUID = 1L;

    public InvitationGoneException(String message) {
        super(message);
    }

    @Override
    public String kind() {
        return "invitation-gone";
    }
}
