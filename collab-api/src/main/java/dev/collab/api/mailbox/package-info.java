/**
 * The portal mailbox (Postfach). Implemented by the host; the suite ships an embedded demo
 * mailbox. A deleted delegate keeps access to their mailbox.
 */
@Export
@Version("1.0.0")
package dev.collab.api.mailbox;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
