/**
 * Invitations to register. A raw token leaves the suite's core only inside its mail: the
 * {@link dev.collab.api.mail.MailOutbox} hands it to the dispatcher, which is woken by a
 * {@link dev.collab.api.mail.MailOutboxListener} signal that carries no secret. 2.0:
 * {@code InvitationSink} was removed, as it gave every issued token to any bundle that
 * registered one.
 */
@Export
@Version("2.1.0")
package dev.collab.api.invitations;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
