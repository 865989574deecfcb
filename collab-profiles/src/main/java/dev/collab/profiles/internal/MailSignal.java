package dev.collab.profiles.internal;

import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.collab.api.mail.MailOutboxListener;
import dev.collab.profiles.internal.entities.OutboxEntity;
import dev.collab.profiles.internal.entities.RowIds;
import dev.collab.profiles.internal.persistence.Database;

/**
 * Wakes the {@link MailOutboxListener}s (the mailing bundle's dispatcher) once a mail was
 * committed to the outbox. The signal is the outbox entry's id only: the raw token stays sealed
 * in the outbox, which alone opens it, and leaves the core only inside the mail.
 */
final class MailSignal {
    private static final Logger LOG = LoggerFactory.getLogger(MailSignal.class);

    private MailSignal() {
    }

    /**
     * A new pending mail of the given kind, due at {@code at}; the caller adds what its kind
     * carries (token, grant, …) and {@link #queue}s it.
     */
    static OutboxEntity pending(String kind, String tenantId, String recipient, String language, Instant at) {
        OutboxEntity mail = new OutboxEntity();
        mail.id = RowIds.next();
        mail.kind = kind;
        mail.tenantId = tenantId;
        mail.recipient = recipient;
        mail.language = language;
        mail.status = OutboxEntity.PENDING;
        mail.nextAttemptAt = at;
        mail.createdAt = at;
        return mail;
    }

    /** Records the mail in the current transaction; the listeners hear of it once that committed. */
    static void queue(Database db, List<MailOutboxListener> listeners, OutboxEntity mail) {
        db.em().persist(mail);
        String outboxId = mail.id;
        db.postCommit(() -> queued(listeners, outboxId));
    }

    /** Tells every listener about the committed outbox entry; a failing listener does not stop the others. */
    static void queued(List<MailOutboxListener> listeners, String outboxId) {
        if (listeners.isEmpty()) {
            // Normal while the mailing bundle is out: the mail waits in the outbox for its return.
            LOG.debug("No mail outbox listener is present; mail {} waits in the outbox", outboxId);
        }
        for (MailOutboxListener listener : listeners) {
            try {
                listener.queued(outboxId);
            } catch (RuntimeException e) {
                LOG.error("Mail outbox listener {} failed for mail {}", listener.getClass().getName(), outboxId, e);
            }
        }
    }
}
