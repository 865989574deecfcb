package dev.collab.profiles.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.collab.api.UnknownResourceException;
import dev.collab.api.access.AccessDecisions;
import dev.collab.api.access.CustomerAccess;
import dev.collab.api.access.Decision;
import dev.collab.api.access.EffectiveAccess;

/**
 * Answers the host's questions from the tenants' in-memory models that {@link AccessModel}
 * keeps: no lock, no database, except for loading a tenant's model the first time it is asked
 * about. Each question notes the second it was asked in on the user's index entry; every few
 * seconds those users are handed to the activity recorder.
 */
@Component(service = AccessDecisions.class)
public final class AccessDecisionsImpl implements AccessDecisions {
    private static final Logger LOG = LoggerFactory.getLogger(AccessDecisionsImpl.class);

    /** How often the users the host asked about are handed to the activity recorder. */
    private static final int SWEEP_SECONDS = 5;
    /** See {@link #answers}. */
    static final int ANSWER_SETS = 16384;

    private final AccessModel access;
    /** {@link AccessModel}'s own map: a question costs one look-up in it, as before the split. */
    private final Map<String, TenantModel> models;
    private final ActivityRecorderImpl activity;
    private final ScheduledExecutorService clock;
    private final long started = System.nanoTime();
    /**
     * Seconds since start, ticked by {@link #clock}: a decision notes the second it was asked in
     * by reading this field instead of asking the system clock (which would cost more than the
     * decision itself). {@code 0} (never ticked) notes nothing.
     */
    private volatile int now;
    private volatile int swept;
    /**
     * What the host asked lately: a page view mostly asks what the one before it asked. 32,768
     * answers for every tenant together, enough for a few hundred users of a 5,000-delegate
     * tenant on their pages at once: 1.4 MB, up to about 7 MB with the strings of questions that
     * arrived over REST (a host asking in process mostly passes strings it keeps anyway).
     */
    private final RecentAnswers answers = new RecentAnswers(ANSWER_SETS);

    @Activate
    public AccessDecisionsImpl(@Reference AccessModel access, @Reference ActivityRecorderImpl activity) {
        this.access = access;
        this.models = access.models;
        this.activity = activity;
        this.clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "collab-access-clock");
            t.setDaemon(true);
            return t;
        });
        now = 1;
        swept = 1;
        clock.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** For tests and benchmarks: questions are not noted as activity. */
    public AccessDecisionsImpl(AccessModel access) {
        this.access = access;
        this.models = access.models;
        this.activity = null;
        this.clock = null;
    }

    @Deactivate
    void stop() {
        if (clock != null) {
            clock.shutdownNow();
            sweep();
        }
    }

    private void tick() {
        int second = (int) ((System.nanoTime() - started) / 1_000_000_000L) + 1;
        now = second;
        if (second - swept >= SWEEP_SECONDS) {
            sweep();
        }
    }

    /** Hands the users asked about since the last sweep to the activity recorder (which stores them in the background). */
    private synchronized void sweep() {
        if (activity == null) {
            return;
        }
        int since = swept;
        swept = now + 1;
        Instant at = Instant.now();
        for (TenantModel model : models.values()) {
            try {
                model.askedSince(since, account -> activity.activeAt(account, at));
            } catch (RuntimeException e) {
                LOG.warn("Noting the host's questions as activity failed", e);
            }
        }
    }

    private void noteAsked(TenantModel model, String user) {
        if (user != null && now != 0) {
            TenantModel.asked(model.holder(user), now);
        }
    }

    @Override
    public boolean isAllowed(String tenantId, String user, String rightId, String customerId) {
        if (tenantId == null || user == null || rightId == null || customerId == null) {
            return false;
        }
        TenantModel model = models.get(tenantId);
        if (model == null) {
            model = access.model(tenantId);
        }
        // The generation before anything else is read: an answer found from here on is at least this current.
        Object generation = model.generation();
        int hash = RecentAnswers.hash(tenantId, user, rightId, customerId);
        RecentAnswers.Answer known = answers.find(hash, generation, user, rightId, customerId);
        if (known != null && model.holds(known.until)) {
            known.asked(model, now);
            return known.until > 0;
        }
        TenantModel.Holder holder = model.holder(user);
        long until = holder == null ? TenantModel.DENIED : model.until(holder, rightId, customerId);
        TenantModel.asked(holder, now);
        if (until != TenantModel.ENDED) {
            answers.remember(hash, new RecentAnswers.Answer(generation, user, rightId, customerId, until, now));
        }
        return until > 0;
    }

    @Override
    public Decision decide(String tenantId, String user, String rightId, String customerId) {
        TenantModel model = access.model(tenantId);
        noteAsked(model, user);
        String account = model.account(user);
        Set<String> via = new TreeSet<>();
        if (account != null && rightId != null && customerId != null) {
            for (TenantModel.Entry entry : model.entries(account)) {
                if (entry.rights().contains(rightId) && entry.customers().contains(customerId)) {
                    via.add(model.grantNames.get(entry.grantId()));
                }
            }
        }
        return new Decision(!via.isEmpty(), List.copyOf(via));
    }

    @Override
    public EffectiveAccess effectiveAccess(String tenantId, String user) {
        TenantModel model = access.model(tenantId);
        noteAsked(model, user);
        String account = model.account(user);
        if (account == null) {
            throw new UnknownResourceException("access.noPortalUser", "Tenant '" + tenantId + "' has no portal user '" + user + "'.", tenantId,
                user);
        }
        Map<String, Set<String>> byCustomer = new TreeMap<>();
        for (TenantModel.Entry entry : model.entries(account)) {
            for (String customer : entry.customers()) {
                byCustomer.computeIfAbsent(customer, c -> new TreeSet<>()).addAll(entry.rights());
            }
        }
        List<CustomerAccess> customers = new ArrayList<>();
        byCustomer.forEach((customer, rights) -> customers.add(new CustomerAccess(customer, List.copyOf(rights))));
        return new EffectiveAccess(customers, true);
    }
}
