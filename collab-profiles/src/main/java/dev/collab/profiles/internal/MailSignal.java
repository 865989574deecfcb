package dev.collab.profiles.internal;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.collab.api.mail.MailOutboxListener;

/**
 * Wakes the {@link MailOutboxListener}s (the mailing bundle's dispatcher) once a mail was
 * committed to the outbox. The signal is the outbox entry's id only: the raw token stays sealed
 * in the outbox, which alone opens it, and leaves the core only inside the mail.
 */
final class MailSignal {
    private static final Logger LOG = LoggerFactory.getLogger(MailSignal.class);

    private MailSignal() {
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
