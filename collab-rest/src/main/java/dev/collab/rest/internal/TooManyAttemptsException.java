package dev.collab.rest.internal;

import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

import javax.ws.rs.WebApplicationException;

/** Too many failed token redemptions from one client address (HTTP 429 with Retry-After). */
final class TooManyAttemptsException extends WebApplicationException {
    private static final long serialVersionUID = 1L;

    TooManyAttemptsException(long retryAfterSeconds) {
        super("Too many failed attempts from this address; try again in " + retryAfterSeconds + " seconds.",
            Response.status(429).header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds)).build());
    }
}
