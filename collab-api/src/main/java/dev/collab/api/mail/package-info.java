/**
 * The suite's mails (invitations and password resets): the transactional outbox the core
 * fills, the signal that a mail was queued ({@link dev.collab.api.mail.MailOutboxListener}, an
 * outbox id only), the transport that delivers a message, and the templates that word them.
 * Transport and templates are extension points: a service with a higher ranking replaces the
 * embedded default.
 */
@Export
@Version("1.6.0")
package dev.collab.api.mail;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
