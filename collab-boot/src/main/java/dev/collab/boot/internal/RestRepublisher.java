package dev.collab.boot.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Heals a lost publication of the REST application. The Aries whiteboard's trackers are not
 * thread-safe while services register from several threads at once (seen at start as a
 * ConcurrentModificationException in its event dispatch); the application it was adding is
 * then never published, and the API answers the fallback's 503 for good although collab-rest
 * is active. When the fallback keeps answering long after collab-rest started, this restarts
 * the bundle once (what an operator would do), at most once a minute.
 */
@Component(service = RestRepublisher.class)
public final class RestRepublisher {
    static final String REST = "dev.collab.collab-rest";
    static final long GRACE_MILLIS = 20_000;
    static final long SPACING_MILLIS = 60_000;
    private static final Logger LOG = Logger.getLogger("dev.collab.boot.republisher");
    private final BundleContext context;
    private final LongSupplier clock;
    private final ExecutorService restarts = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "collab-rest-republisher");
        thread.setDaemon(true);
        return thread;
    });
    private final BundleListener listener;
    private volatile long restStartedAt;
    private volatile long lastRestart = Long.MIN_VALUE / 2;

    @Activate
    public RestRepublisher(BundleContext context) {
        this(context, System::currentTimeMillis);
    }

    RestRepublisher(BundleContext context, LongSupplier clock) {
        this.context = context;
        this.clock = clock;
        this.restStartedAt = clock.getAsLong();
        this.listener = event -> {
            if (event.getType() == BundleEvent.STARTED && REST.equals(event.getBundle().getSymbolicName())) {
                restStartedAt = this.clock.getAsLong();
            }
        };
        context.addBundleListener(listener);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(listener);
        restarts.shutdownNow();
    }

    /** The fallback answered an API request: REST is not published right now. */
    void fallbackAnswered() {
        Bundle rest = restBundle();
        if (rest == null || rest.getState() != Bundle.ACTIVE || !due(clock.getAsLong())) {
            return;
        }
        lastRestart = clock.getAsLong();
        restarts.execute(() -> restart(rest));
    }

    /** Whether collab-rest has been active long enough without a published application, and no restart was tried lately. */
    boolean due(long now) {
        return now - restStartedAt > GRACE_MILLIS && now - lastRestart > SPACING_MILLIS;
    }

    private void restart(Bundle rest) {
        LOG.warning("collab-rest is active but its application was not published for "
            + GRACE_MILLIS / 1000 + " s; restarting the bundle to publish it again");
        try {
            rest.stop(Bundle.STOP_TRANSIENT);
            rest.start(Bundle.START_TRANSIENT);
        } catch (BundleException | IllegalStateException e) {
            LOG.warning("Restarting collab-rest failed: " + e);
        }
    }

    private Bundle restBundle() {
        for (Bundle bundle : context.getBundles()) {
            if (REST.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }
}
