package dev.collab.web.internal;

import java.time.Instant;

import dev.collab.api.accounts.Principal;

/**
 * One browser's session: anonymous until sign-in (it then carries the CSRF token of the
 * sign-in and registration forms), signed in afterwards under a new id. Immutable apart from
 * the last-seen time and the one-shot flash message, so that sign-in replaces it whole.
 *
 * @param id the cookie's value
 * @param csrf the token every state-changing form must carry
 * @param principal who signed in, or {@code null}
 * @param createdAt when the session was created (sign-in starts a new one)
 */
record WebSession(String id, String csrf, Principal principal, Instant createdAt, Activity activity) {

    boolean signedIn() {
        return principal != null;
    }

    /** The mutable part: when the browser was last seen and a message for the next page. */
    static final class Activity {
        private volatile Instant lastSeen;
        private volatile String flash;

        Activity(Instant now) {
            this.lastSeen = now;
        }

        Instant lastSeen() {
            return lastSeen;
        }

        void seen(Instant now) {
            lastSeen = now;
        }

        void flash(String message) {
            flash = message;
        }

        synchronized String takeFlash() {
            String message = flash;
            flash = null;
            return message;
        }
    }
}
