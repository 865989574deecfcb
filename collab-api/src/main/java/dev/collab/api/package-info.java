/**
 * Shared vocabulary of the collab suite: the error types every service throws and the name of
 * the REST application partners may attach resources to.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package dev.collab.api;
