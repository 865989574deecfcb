package dev.collab.api.sessions;

import java.time.Instant;

import dev.collab.api.accounts.Principal;

/**
 * A web session as the store keeps it. Its id is not part of it: the store keeps only the id's
 * SHA-256, so that its rows do not hand out sessions.
 *
 * @param csrf the token every state-changing form of the session must carry
 * @param principal who signed in, as at sign-in; {@code null} for a visitor not signed in
 * @param createdAt when the session started (a sign-in starts a new one)
 * @param lastSeen when a request of the session was last recorded (not more often than the
 *        caller chooses to, see {@link WebSessionStore#seen})
 * @param flash a message for the next page, or {@code null}
 */
public record StoredSession(String csrf, Principal principal, Instant createdAt, Instant lastSeen, String flash) {
}
