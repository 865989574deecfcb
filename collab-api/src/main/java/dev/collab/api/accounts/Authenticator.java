package dev.collab.api.accounts;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Authenticates a request. Implemented by the host CRM to put its own login in front of the
 * suite; the suite ships an HTTP Basic default at the lowest service ranking, and always uses
 * the highest-ranked authenticator present.
 */
@ConsumerType
public interface Authenticator {

    /**
     * @param credentials what the request presents
     * @return the caller, or empty when the request carries no valid credentials
     * @throws dev.collab.api.TooManyAttemptsException when the login is throttled after failures
     *         (the REST API answers 429, the sign-in page asks to wait)
     */
    Optional<Principal> authenticate(Credentials credentials);
}
