/**
 * Invitation mail: the transactional outbox the core fills, the transport that delivers a
 * message, and the template that words it. Transport and template are extension points: a
 * service with a higher ranking replaces the embedded default.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.collab.api.mail;
