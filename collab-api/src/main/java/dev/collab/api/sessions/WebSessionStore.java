package dev.collab.api.sessions;

import java.time.Instant;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The web screens' sessions, in the database every node shares. The screens decide what a
 * session is (ids, timeouts, bounds); the store keeps them, addressed by the session id, of
 * which it stores only the SHA-256. Reading a session is one primary-key look-up.
 */
@ProviderType
public interface WebSessionStore {

    /**
     * Stores a new session.
     *
     * @param id the session's id (the cookie's value); only its hash is stored
     * @param session what the session holds
     */
    void create(String id, StoredSession session);

    /**
     * @param id a session id from a cookie
     * @return the session of that id, if stored; whether it has expired is the caller's decision
     */
    Optional<StoredSession> find(String id);

    /**
     * Records a request of the session: its last-seen time becomes {@code now}.
     *
     * @param id the session's id
     * @param now the time of the request
     */
    void seen(String id, Instant now);

    /**
     * Leaves a message for the session's next page, replacing one not shown yet.
     *
     * @param id the session's id
     * @param message the message
     */
    void flash(String id, String message);

    /**
     * Takes the message {@link #find} showed, so that it is shown once: of several requests
     * that read the same message, one takes it.
     *
     * @param id the session's id
     * @param message the message read with the session
     * @return whether this call took it (the session still had this message)
     */
    boolean takeFlash(String id, String message);

    /**
     * Ends a session (sign-out, sign-in under a new id, expiry).
     *
     * @param id the session's id
     */
    void end(String id);

    /**
     * Ends every session of an account, e.g. after its password changed.
     *
     * @param tenantId the account's tenant, {@code null} for support
     * @param accountId the account
     * @param exceptId the id of a session to keep (the browser that changed the password), or {@code null}
     * @return how many sessions ended
     */
    int endAll(String tenantId, String accountId, String exceptId);

    /**
     * Ends the sessions that have expired.
     *
     * @param seenBefore sessions not seen since before this time end
     * @param signedInBefore sessions signed in before this time end, however active
     * @return how many sessions ended
     */
    int purge(Instant seenBefore, Instant signedInBefore);

    /** @return how many sessions are stored */
    int count();

    /**
     * Ends sessions until at most {@code keep} are left: visitors not signed in first, the
     * longest idle first, then signed-in sessions in the same order.
     *
     * @param keep how many sessions may stay
     * @return how many sessions ended
     */
    int trim(int keep);
}
