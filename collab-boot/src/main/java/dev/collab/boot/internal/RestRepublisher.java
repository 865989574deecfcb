package dev.collab.boot.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.FailedApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.RuntimeDTO;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.collab.api.CollabRest;

/**
 * Heals a lost publication of the REST application. The Aries whiteboard's trackers are not
 * thread-safe while services register from several threads at once (seen at start as a
 * ConcurrentModificationException in its event dispatch); the application it was adding is
 * then never published, and the API answers the fallback's 503 for good although collab-rest
 * and its application service are there. A publication counts as lost when the fallback has
 * kept answering for a grace (20 s; {@link Config}) while the application service was registered and no
 * request reached the application in between ({@link #served}, told by
 * {@link ApiTransitionGuard}); a 503 because collab-rest or a service it needs is out is right
 * and never counts. Then this restarts a bundle (what an operator would do), at most once a
 * minute: first collab-rest, which registers its application anew; when that did not bring the
 * API back, the whiteboard itself, whose own state was then what got lost (seen once: a start
 * whose API stayed on the 503 for ten minutes of restarts of collab-rest); then the two in
 * turn. Each restart is logged with what the whiteboard's runtime said of the application.
 */
@Component(service = RestRepublisher.class, configurationPid = RestRepublisher.PID)
@Designate(ocd = RestRepublisher.Config.class)
public final class RestRepublisher {
    static final String PID = "dev.collab.boot.republisher";
    static final String REST = "dev.collab.collab-rest";
    static final String WHITEBOARD = "org.apache.aries.jax.rs.whiteboard";
    /** The REST bundle's application service (registered only while everything it needs is there). */
    static final String APPLICATION = "(&(objectClass=javax.ws.rs.core.Application)(osgi.jaxrs.name=" + CollabRest.APP + "))";
    static final long GRACE_MILLIS = 20_000;
    static final long SPACING_MILLIS = 60_000;

    @ObjectClassDefinition(name = "collab REST republisher", description = "How long the REST API may stay on the 503 of a lost publication before a bundle is restarted")
    @interface Config {
        @AttributeDefinition(name = "Grace (seconds)", description = "How long the fallback answers, with the application registered and nothing served, before the first restart", min = "1")
        long graceSeconds() default GRACE_MILLIS / 1000;

        @AttributeDefinition(name = "Spacing (seconds)", description = "The least time between two restarts", min = "1")
        long spacingSeconds() default SPACING_MILLIS / 1000;
    }

    private final long grace;
    private final long spacing;
    /**
     * After this long without a restart, earlier attempts are history: the next loss begins again
     * with collab-rest. Attempts of one loss follow each other about a minute apart.
     */
    static final long FORGET_MILLIS = 10 * 60_000;
    private static final Logger LOG = Logger.getLogger("dev.collab.boot.republisher");
    private final BundleContext context;
    private final LongSupplier clock;
    private final ExecutorService restarts = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "collab-rest-republisher");
        thread.setDaemon(true);
        return thread;
    });
    private final ServiceListener listener;
    /** When the application service was last registered or changed. */
    private volatile long registeredAt;
    /** When the fallback began answering with no request served by the application since; {@code 0}: not lost. */
    private volatile long lostSince;
    /** When the fallback last answered while the application service was registered; guarded by this. */
    private long lastFallback = Long.MIN_VALUE / 2;
    private volatile long lastRestart = Long.MIN_VALUE / 2;
    /** Restarts in the current loss (see {@link #FORGET_MILLIS}); guarded by this. */
    private int attempts;
    /** The whiteboard, while there is one: what it says of the API's application goes into the log. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile JaxrsServiceRuntime runtime;

    @Activate
    public RestRepublisher(BundleContext context, Config config) throws InvalidSyntaxException {
        this(context, System::currentTimeMillis, Math.max(1, config.graceSeconds()) * 1000, Math.max(1, config.spacingSeconds()) * 1000);
    }

    RestRepublisher(BundleContext context, LongSupplier clock) throws InvalidSyntaxException {
        this(context, clock, GRACE_MILLIS, SPACING_MILLIS);
    }

    private RestRepublisher(BundleContext context, LongSupplier clock, long grace, long spacing) throws InvalidSyntaxException {
        this.context = context;
        this.clock = clock;
        this.grace = grace;
        this.spacing = spacing;
        this.registeredAt = clock.getAsLong();
        this.listener = event -> {
            if (event.getType() == ServiceEvent.REGISTERED || event.getType() == ServiceEvent.MODIFIED) {
                registeredAt = this.clock.getAsLong();
            }
        };
        context.addServiceListener(listener, APPLICATION);
    }

    @Deactivate
    void deactivate() {
        context.removeServiceListener(listener);
        restarts.shutdownNow();
    }

    /** A request reached the application: it is published. Called for every API request, so it only reads when nothing was lost. */
    void served() {
        if (lostSince != 0) {
            lostSince = 0;
        }
    }

    /** The fallback answered an API request: REST is not published right now. */
    void fallbackAnswered() {
        Bundle rest = bundle(REST);
        if (rest == null || rest.getState() != Bundle.ACTIVE || !applicationRegistered()) {
            return;
        }
        String target = nextRestart(clock.getAsLong());
        Bundle bundle = target == null ? null : bundle(target);
        if (bundle != null) {
            String state = describe(runtime);
            restarts.execute(() -> restart(bundle, state));
        }
    }

    /**
     * Whether the fallback has answered for the grace (counted from the application's last
     * registration at the earliest) with no request served since, and no restart was tried lately.
     */
    boolean due(long now) {
        long since = lostSince;
        return since != 0 && now - Math.max(since, registeredAt) > grace && now - lastRestart > spacing;
    }

    /**
     * Notes that the fallback answered while the application service is registered, and returns
     * the bundle to restart now, noting the attempt; {@code null} when none is due. Even attempts
     * restart collab-rest, odd ones the whiteboard.
     */
    synchronized String nextRestart(long now) {
        // a fallback answer a minute after the last one begins a new loss: the earlier one was a
        // transition nobody asked after (no request, so nothing told that it was served again)
        if (lostSince == 0 || now - lastFallback > spacing) {
            lostSince = now;
        }
        lastFallback = now;
        if (!due(now)) {
            return null;
        }
        if (now - lastRestart > FORGET_MILLIS) {
            attempts = 0;
        }
        lastRestart = now;
        return attempts++ % 2 == 0 ? REST : WHITEBOARD;
    }

    /** What the whiteboard's runtime says of the API's application, for the log. */
    static String describe(JaxrsServiceRuntime runtime) {
        if (runtime == null) {
            return "no JAX-RS runtime is registered";
        }
        RuntimeDTO dto;
        try {
            dto = runtime.getRuntimeDTO();
        } catch (RuntimeException e) {
            return "the JAX-RS runtime could not be asked (" + e + ")";
        }
        List<String> served = new ArrayList<>();
        if (dto != null && dto.applicationDTOs != null) {
            for (ApplicationDTO application : dto.applicationDTOs) {
                served.add(application.name + " at " + application.base);
            }
        }
        List<String> failed = new ArrayList<>();
        if (dto != null && dto.failedApplicationDTOs != null) {
            for (FailedApplicationDTO application : dto.failedApplicationDTOs) {
                failed.add(application.name + " at " + application.base + " (failure reason " + application.failureReason + ")");
            }
        }
        return "the JAX-RS runtime serves " + served + " and lists as failed " + failed;
    }

    private void restart(Bundle bundle, String state) {
        LOG.warning("collab-rest is active but its application was not published for " + grace / 1000
            + " s or more (" + state + "); restarting " + bundle.getSymbolicName() + " to publish it again");
        try {
            bundle.stop(Bundle.STOP_TRANSIENT);
            bundle.start(Bundle.START_TRANSIENT);
        } catch (BundleException | IllegalStateException e) {
            LOG.warning("Restarting " + bundle.getSymbolicName() + " failed: " + e);
        }
    }

    private boolean applicationRegistered() {
        try {
            return context.getServiceReferences((String) null, APPLICATION) != null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }
}
