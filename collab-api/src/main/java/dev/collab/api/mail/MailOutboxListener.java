package dev.collab.api.mail;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Woken when a mail was recorded in the {@link MailOutbox}, right after its transaction
 * committed, so that a dispatcher need not wait for its next poll. The signal carries the outbox
 * entry's id and nothing else: no token, no link, no recipient. The mail itself, with its raw
 * token, is only ever handed out by {@link MailOutbox#due(java.time.Instant, int)}; every listener
 * registered, from whichever bundle, learns no more than that some mail is waiting.
 * Implementations must not block for long and should not throw.
 */
@ConsumerType
public interface MailOutboxListener {

    /**
     * A mail was queued.
     *
     * @param outboxId the outbox entry's id (the {@link PendingMail#id()} it will be handed out with)
     */
    void queued(String outboxId);
}
