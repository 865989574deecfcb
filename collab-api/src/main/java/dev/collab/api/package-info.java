/**
 * Shared vocabulary of the collab suite: the error types every service throws, the service that
 * words them in a reader's language, and the name of the REST application partners may attach
 * resources to.
 *
 * <p>2.0.0: the exceptions for 404, 403 and 503 no longer share their simple names with
 * {@code javax.ws.rs}'s ({@code UnknownResourceException}, {@code NotPermittedException},
 * {@code TemporarilyUnavailableException}), so that a resource never catches or throws the wrong one.
 */
@Export
@Version("2.0.0")
package dev.collab.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
