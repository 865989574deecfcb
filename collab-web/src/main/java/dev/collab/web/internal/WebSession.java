package dev.collab.web.internal;

import java.time.Instant;

import dev.collab.api.accounts.Principal;

/**
 * One browser's session, as one request sees it: anonymous until sign-in (it then carries the
 * CSRF token of the sign-in and registration forms), signed in afterwards under a new id. Read
 * from the store ({@link WebSessions}) at the start of the request; immutable apart from the
 * flash message, so that sign-in replaces it whole.
 *
 * @param id the cookie's value
 * @param csrf the token every state-changing form must carry
 * @param principal who signed in, or {@code null}
 * @param createdAt when the session was created (sign-in starts a new one)
 * @param activity the flash message read with the session or set in this request
 */
record WebSession(String id, String csrf, Principal principal, Instant createdAt, Activity activity) {

    boolean signedIn() {
        return principal != null;
    }

    /** The mutable part, for this request: when the browser was last seen and a message for the next page. */
    static final class Activity {
        private final Instant lastSeen;
        private String flash;

        Activity(Instant lastSeen, String flash) {
            this.lastSeen = lastSeen;
            this.flash = flash;
        }

        Instant lastSeen() {
            return lastSeen;
        }

        void flash(String message) {
            flash = message;
        }

        /** @return the message, once */
        String takeFlash() {
            String message = flash;
            flash = null;
            return message;
        }
    }
}
