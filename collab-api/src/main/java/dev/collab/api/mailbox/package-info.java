/**
 * The portal mailbox (Postfach). Implemented by the host; the suite ships an embedded demo
 * mailbox. A deleted delegate keeps access to their mailbox.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.collab.api.mailbox;
