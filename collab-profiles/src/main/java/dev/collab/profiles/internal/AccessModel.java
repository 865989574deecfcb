package dev.collab.profiles.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.collab.api.ConflictException;
import dev.collab.api.NotFoundException;
import dev.collab.api.access.AccessDecisions;
import dev.collab.api.access.CustomerAccess;
import dev.collab.api.access.Decision;
import dev.collab.api.access.EffectiveAccess;
import dev.collab.profiles.internal.entities.AccountEntity;
import dev.collab.profiles.internal.entities.GrantEntity;
import dev.collab.profiles.internal.entities.MembershipEntity;
import dev.collab.profiles.internal.entities.ProfileEntity;
import dev.collab.profiles.internal.persistence.Database;

/**
 * The single place where grants, memberships and profiles change and where access is decided.
 * Every write of a tenant runs under that tenant's lock, commits, and then replaces the
 * tenant's in-memory {@link TenantModel} before it returns: a decision made after a change has
 * returned always sees it, and decisions never wait for the database.
 */
@Component(service = {AccessModel.class, AccessDecisions.class})
public final class AccessModel implements AccessDecisions {
    private static final Logger LOG = LoggerFactory.getLogger(AccessModel.class);

    /** How often the users the host asked about are handed to the activity recorder. */
    private static final int SWEEP_SECONDS = 5;

    private final Database db;
    private final DelegationEvents events;
    private final ActivityRecorderImpl activity;
    private final Map<String, TenantModel> models = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final ScheduledExecutorService clock;
    private final long started = System.nanoTime();
    /**
     * Seconds since start, ticked by {@link #clock}: a decision notes the second it was asked in
     * by reading this field instead of asking the system clock (which would cost more than the
     * decision itself). {@code 0} (never ticked) notes nothing.
     */
    private volatile int now;
    private volatile int swept;

    @Activate
    public AccessModel(@Reference Database db, @Reference DelegationEvents events, @Reference ActivityRecorderImpl activity) {
        this.db = db;
        this.events = events;
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

    /** For tests and benchmarks: events go nowhere, questions are not noted as activity. */
    public AccessModel(Database db) {
        this(db, new DelegationEvents());
    }

    /** For tests: questions are not noted as activity. */
    AccessModel(Database db, DelegationEvents events) {
        this.db = db;
        this.events = events;
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

    /**
     * Runs a change of a tenant: serialized with every other change of that tenant, in one
     * transaction, with the model refreshed before this returns. A unique key the database
     * finds taken (a concurrent change) becomes the {@code conflict}.
     */
    <T> T change(String tenantId, Supplier<ConflictException> conflict, BiFunction<EntityManager, Changes, T> work) {
        ReentrantLock lock = locks.computeIfAbsent(tenantId, t -> new ReentrantLock());
        lock.lock();
        Changes changes = new Changes();
        T result;
        try {
            TenantModel[] current = new TenantModel[1];
            TenantModel.Delta[] delta = new TenantModel.Delta[1];
            result = db.write(conflict, em -> {
                T r = work.apply(em, changes);
                // A model not loaded yet is loaded whole by the first question; one loaded (maybe
                // by the work itself) follows this change by the rows it touched, read here so
                // that they are exactly what commits.
                current[0] = models.get(tenantId);
                if (current[0] != null && !changes.touchesNothing()) {
                    em.flush();
                    delta[0] = readDelta(em, tenantId, current[0], changes);
                }
                return r;
            });
            if (delta[0] != null) {
                try {
                    current[0].apply(delta[0]);
                } catch (RuntimeException e) {
                    // A model that might be stale must not answer: the next question reloads it whole.
                    models.remove(tenantId);
                    LOG.error("Updating the access model of tenant {} failed; it will be reloaded", tenantId, e);
                }
            }
        } finally {
            lock.unlock();
        }
        events.publish(changes.events);
        for (Runnable action : changes.afterCommit) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.error("After-commit action failed", e);
            }
        }
        return result;
    }

    /**
     * Runs a change of a tenant's own record (name, settings) serialized with every other
     * change of that tenant, without refreshing the access model (which does not hold it).
     */
    <T> T locked(String tenantId, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(tenantId, t -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** The tenant's current model, loaded on first use. */
    TenantModel model(String tenantId) {
        TenantModel model = models.get(tenantId);
        if (model != null) {
            return model;
        }
        ReentrantLock lock = locks.computeIfAbsent(tenantId, t -> new ReentrantLock());
        lock.lock();
        try {
            model = models.get(tenantId);
            if (model == null) {
                model = load(tenantId);
                // Only tenants with users are kept: a question about an unknown tenant must not grow memory.
                if (!model.accountByLogin.isEmpty()) {
                    models.put(tenantId, model);
                }
            }
            return model;
        } finally {
            lock.unlock();
        }
    }

    /** For tests and the benchmark: the model as a fresh read of the database would build it. */
    TenantModel reloadFromScratch(String tenantId) {
        return load(tenantId);
    }

    /**
     * The rows the change touched as they are about to commit: the memberships it marked (their
     * customers only when it marked them rescoped or they are new), their accounts and grants,
     * and the grants and profiles it marked. They are the persistence context's own entities
     * (flushed, so exactly what commits), which the change has mostly loaded already: a write
     * reads back what it wrote, not the tenant.
     */
    private static TenantModel.Delta readDelta(EntityManager em, String tenantId, TenantModel current, Changes changes) {
        TenantModel.Delta delta = new TenantModel.Delta();
        Set<String> memberships = new HashSet<>(changes.memberships);
        memberships.addAll(changes.rescoped);
        delta.touchedMemberships.addAll(memberships);
        delta.touchedGrants.addAll(changes.grants);
        delta.touchedProfiles.addAll(changes.profiles);
        for (String id : memberships) {
            TenantModel.Node before = current.nodes.get(id);
            if (before != null) {
                delta.touchedGrants.add(before.grantId());
                delta.touchedAccounts.add(before.accountId());
            }
            MembershipEntity m = em.find(MembershipEntity.class, id);
            if (m == null || !tenantId.equals(m.tenantId)) {
                continue;
            }
            IdSet scope = before != null && !changes.rescoped.contains(id) ? before.scope() : current.customerSet(m.customers);
            delta.memberships.put(id, new TenantModel.Node(id, m.accountId, m.grantId, m.inviterId,
                MembershipEntity.ACTIVE.equals(m.status), scope));
            delta.touchedGrants.add(m.grantId);
            delta.touchedAccounts.add(m.accountId);
        }
        for (String id : delta.touchedGrants) {
            GrantEntity g = em.find(GrantEntity.class, id);
            if (g != null && tenantId.equals(g.tenantId)) {
                delta.grants.put(id, new TenantModel.GrantRow(id, g.name, g.profileId, g.customized,
                    current.rightSet(g.customized ? g.rights : List.of())));
            }
        }
        for (String id : delta.touchedProfiles) {
            ProfileEntity p = em.find(ProfileEntity.class, id);
            if (p != null && tenantId.equals(p.tenantId)) {
                delta.profiles.put(id, current.rightSet(p.rights));
            }
        }
        for (String id : delta.touchedAccounts) {
            AccountEntity a = em.find(AccountEntity.class, id);
            if (a != null && tenantId.equals(a.tenantKey) && "USER".equals(a.role)) {
                delta.accounts.put(id, new TenantModel.AccountRow(id, a.login, a.loginKey));
            }
        }
        return delta;
    }

    /**
     * The whole tenant as one delta onto an empty model: six projections over the entities, each
     * one pass over the tenant's rows.
     */
    private TenantModel load(String tenantId) {
        return db.read(em -> {
            TenantModel model = new TenantModel();
            TenantModel.Delta delta = new TenantModel.Delta();
            Map<String, List<String>> scopes = new HashMap<>();
            for (Object[] row : rows(em, "SELECT m.id, c FROM MembershipEntity m JOIN m.customers c WHERE m.tenantId = :t", tenantId)) {
                scopes.computeIfAbsent((String) row[0], m -> new ArrayList<>()).add((String) row[1]);
            }
            for (Object[] row : rows(em,
                "SELECT m.id, m.accountId, m.grantId, m.inviterId, m.status FROM MembershipEntity m WHERE m.tenantId = :t", tenantId)) {
                String id = (String) row[0];
                List<String> scope = scopes.remove(id);
                delta.memberships.put(id, new TenantModel.Node(id, (String) row[1], (String) row[2], (String) row[3],
                    MembershipEntity.ACTIVE.equals(row[4]), model.customerSet(scope == null ? List.of() : scope)));
                delta.touchedMemberships.add(id);
            }
            Map<String, List<String>> customRights = new HashMap<>();
            for (Object[] row : rows(em, "SELECT g.id, r FROM GrantEntity g JOIN g.rights r WHERE g.tenantId = :t", tenantId)) {
                customRights.computeIfAbsent((String) row[0], g -> new ArrayList<>()).add((String) row[1]);
            }
            for (Object[] row : rows(em, "SELECT g.id, g.name, g.profileId, g.customized FROM GrantEntity g WHERE g.tenantId = :t",
                tenantId)) {
                String id = (String) row[0];
                boolean customized = (Boolean) row[3];
                delta.grants.put(id, new TenantModel.GrantRow(id, (String) row[1], (String) row[2], customized,
                    model.rightSet(customized ? customRights.getOrDefault(id, List.of()) : List.of())));
                delta.touchedGrants.add(id);
            }
            Map<String, List<String>> profileRights = new HashMap<>();
            for (Object[] row : rows(em, "SELECT p.id, r FROM ProfileEntity p LEFT JOIN p.rights r WHERE p.tenantId = :t", tenantId)) {
                List<String> rights = profileRights.computeIfAbsent((String) row[0], p -> new ArrayList<>());
                if (row[1] != null) {
                    rights.add((String) row[1]);
                }
            }
            profileRights.forEach((id, rights) -> {
                delta.profiles.put(id, model.rightSet(rights));
                delta.touchedProfiles.add(id);
            });
            for (Object[] row : rows(em,
                "SELECT a.id, a.login, a.loginKey FROM AccountEntity a WHERE a.tenantKey = :t AND a.role = 'USER'", tenantId)) {
                delta.accounts.put((String) row[0], new TenantModel.AccountRow((String) row[0], (String) row[1], (String) row[2]));
                delta.touchedAccounts.add((String) row[0]);
            }
            model.apply(delta);
            return model;
        });
    }

    private static List<Object[]> rows(EntityManager em, String jpql, String tenantId) {
        return em.createQuery(jpql, Object[].class).setParameter("t", tenantId).getResultList();
    }

    private void noteAsked(TenantModel model, String user) {
        TenantModel.Holder holder = user == null ? null : model.holder(user);
        if (holder != null && now != 0) {
            holder.askedAt = now;
        }
    }

    @Override
    public boolean isAllowed(String tenantId, String user, String rightId, String customerId) {
        if (tenantId == null || user == null || rightId == null || customerId == null) {
            return false;
        }
        TenantModel model = models.get(tenantId);
        return (model != null ? model : model(tenantId)).isAllowed(user, rightId, customerId, now);
    }

    @Override
    public Decision decide(String tenantId, String user, String rightId, String customerId) {
        TenantModel model = model(tenantId);
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
        TenantModel model = model(tenantId);
        noteAsked(model, user);
        String account = model.account(user);
        if (account == null) {
            throw new NotFoundException("access.noPortalUser", "Tenant '" + tenantId + "' has no portal user '" + user + "'.", tenantId,
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
