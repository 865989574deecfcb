package dev.collab.profiles.internal;

import java.time.Duration;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.collab.profiles.internal.persistence.Database;

/**
 * On a PostgreSQL database that several nodes share: hears every node's committed changes
 * ({@code LISTEN} on {@link AccessModel#CHANNEL}, one connection of the pool held for it) and
 * hands them to the {@link AccessModel}. While it cannot listen (the database restarts, the
 * network breaks) the model answers nothing, and when it listens again every model loads afresh:
 * what was announced meanwhile is lost. On embedded Derby there is one node and nothing to hear.
 */
@Component(immediate = true, service = {})
public final class ClusterListener {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterListener.class);
    /** How long a listening connection may stay silent before it is asked whether it is alive. */
    static final Duration PROBE = Duration.ofSeconds(2);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final AccessModel model;
    private final Database db;
    private final Thread thread;
    private volatile boolean running = true;

    @Activate
    public ClusterListener(@Reference AccessModel model, @Reference Database db) {
        this.model = model;
        this.db = db;
        if (!db.isShared()) {
            thread = null;
            return;
        }
        thread = new Thread(this::listen, "collab-cluster-listener");
        thread.setDaemon(true);
        thread.start();
    }

    @Deactivate
    void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(Duration.ofSeconds(5).toMillis());
            model.deaf();
        }
    }

    private void listen() {
        boolean warned = false;
        while (running) {
            // PostgreSQL's own types only here, in a class of their own: the driver is an optional import
            try (PostgresNotifications notifications = PostgresNotifications.listen(db.dataSource(), AccessModel.CHANNEL)) {
                model.listening();
                if (warned) {
                    LOG.info("Hearing the other nodes' changes again; every access model loads afresh");
                    warned = false;
                }
                while (running) {
                    notifications.await(PROBE, model::announced);
                }
            } catch (Exception e) {
                model.deaf();
                if (!running) {
                    return;
                }
                if (!warned) {
                    LOG.warn("Not hearing the other nodes' changes ({}): access questions are refused until it listens again", e.toString());
                    warned = true;
                }
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }
}
