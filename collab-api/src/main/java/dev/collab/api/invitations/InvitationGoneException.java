package dev.collab.api.invitations;

import dev.collab.api.CollabException;

/** The invitation was used, has expired or was voided (HTTP 410). */
public class InvitationGoneException extends CollabException {
    private static final long serialVersionUID = 1L;

    public InvitationGoneException(String message) {
        super(message);
    }

    /**
     * @param key stable message key, see {@link CollabException#key()}
     * @param message the English message
     * @param arguments the values the message names
     * @since 2.1.0
     */
    public InvitationGoneException(String key, String message, Object... arguments) {
        super(key, message, arguments);
    }

    @Override
    public String kind() {
        return "invitation-gone";
    }
}
