/**
 * Shared vocabulary of the collab suite: the error types every service throws, the service that
 * words them in a reader's language, and the name of the REST application partners may attach
 * resources to.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package dev.collab.api;
