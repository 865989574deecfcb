package dev.collab.profiles.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.collab.api.ConflictException;
import dev.collab.api.TemporarilyUnavailableException;
import dev.collab.profiles.internal.entities.AccountEntity;
import dev.collab.profiles.internal.entities.GrantEntity;
import dev.collab.profiles.internal.entities.MembershipEntity;
import dev.collab.profiles.internal.entities.ProfileEntity;
import dev.collab.profiles.internal.persistence.Database;

/**
 * The single place where grants, memberships and profiles change, and the keeper of each
 * tenant's in-memory {@link TenantModel}. Every write of a tenant runs under that tenant's
 * lock, commits, and then brings the tenant's model up to date before it returns: a decision
 * made after a change has returned always sees it. The host's questions are answered from these
 * models by {@link AccessDecisionsImpl}, which never waits for a lock or the database.
 * <p>
 * On a PostgreSQL database that several nodes share, each node keeps its own models: a change
 * takes the tenant's row lock (so changes of a tenant are serialized across nodes, not only
 * within this one), counts the tenant's change number up and announces it with
 * {@code NOTIFY}, and logs what it touched ({@code TENANT_CHANGE_ITEM}); {@link ClusterListener}
 * hands the announcements of other nodes' changes to {@link #announced}, which takes a model
 * that is behind away from the questions, and the next question (or change) brings it up by
 * the rows the missed changes touched, as after a change of its own; only a model further
 * behind than the log is loaded whole. A node that has lost its listening connection cannot
 * tell whether its models are current: it refuses to answer ({@link #model}) until it listens
 * again, and then brings every model up from its change number before it answers.
 */
@Component(service = AccessModel.class)
public final class AccessModel {
    private static final Logger LOG = LoggerFactory.getLogger(AccessModel.class);

    private final Database db;
    private final DelegationEvents events;
    /** Read by {@link AccessDecisionsImpl} without a lock: every model in it is complete and safe to read. */
    final Map<String, TenantModel> models = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** Whether other nodes may change the tenants too (a shared PostgreSQL database). */
    private final boolean shared;
    /** Shared database only: the change number each model in {@link #models} reflects. */
    private final Map<String, Long> changeNumbers = new ConcurrentHashMap<>();
    /**
     * Shared database only: models another node's change overtook, kept out of {@link #models}
     * (so that no question reads them) until the next question or change brings them up by the
     * rows the missed changes touched ({@link #catchUp}); their numbers stay in {@link #changeNumbers}.
     */
    private final Map<String, TenantModel> behindModels = new ConcurrentHashMap<>();
    /** Shared database only: the highest change number announced for each tenant. */
    private final Map<String, Long> announcedNumbers = new ConcurrentHashMap<>();
    /** Shared database only: whether this node hears the other nodes' changes (see {@link ClusterListener}). */
    private volatile boolean listening;
    /**
     * The one clock every validity ("gültig bis") is compared with: decisions, listings, the
     * rules of inviting and extending. The system's, or a test's that moves time on by hand.
     */
    final Clock clock;

    @Activate
    public AccessModel(@Reference Database db, @Reference DelegationEvents events) {
        this(db, events, Clock.systemUTC());
    }

    /** For tests: validities are compared with the test's clock. */
    AccessModel(Database db, DelegationEvents events, Clock clock) {
        this.db = db;
        this.events = events;
        this.shared = db.isShared();
        this.clock = clock;
    }

    /** For tests and benchmarks: events go nowhere. */
    public AccessModel(Database db) {
        this(db, new DelegationEvents());
    }

    /**
     * Runs a change of a tenant: serialized with every other change of that tenant, in a
     * transaction of its own, with the model brought up to date before this returns. The work
     * uses {@link Database#em()} and marks what it changed in {@link #touched()}. A unique key
     * the database finds taken (a concurrent change) becomes the {@code conflict}.
     *
     * @throws IllegalStateException within a transaction: the model could only follow a commit
     *         that this call does not make
     */
    <T> T change(String tenantId, Supplier<ConflictException> conflict, Supplier<T> work) {
        if (db.activeTransaction()) {
            throw new IllegalStateException("A change of tenant " + tenantId + " must begin its own transaction");
        }
        ReentrantLock lock = lock(tenantId);
        lock.lock();
        boolean[] held = {true};
        try {
            return db.required(conflict, () -> {
                // Shared database: wait for every other node's change of the tenant, and learn its change number.
                Long numberBefore = shared ? lockTenantRow(tenantId) : null;
                if (numberBefore != null && !numberBefore.equals(changeNumbers.get(tenantId))
                    && (models.containsKey(tenantId) || behindModels.containsKey(tenantId))) {
                    // Behind another node's change that committed before the lock was ours: the rules
                    // must see it (a duplicate the other node just created), so the model follows it first.
                    publish(tenantId, bringUp(tenantId, numberBefore), numberBefore);
                }
                Changes changes = new Changes();
                db.putScopedValue(Changes.class, changes);
                TenantModel[] current = new TenantModel[1];
                TenantModel.Delta[] delta = new TenantModel.Delta[1];
                // shared database: the change number this change committed, or -1
                long[] committed = {-1};
                boolean[] behind = {false};
                // Registered before the work can register anything: after the commit the model
                // follows first, then the lock is released, and only then are listeners told
                // (outside the lock, as one may wait for another change of the tenant).
                db.postCommit(() -> {
                    try {
                        if (behind[0]) {
                            models.remove(tenantId);
                            changeNumbers.remove(tenantId);
                        } else if (delta[0] != null) {
                            apply(tenantId, current[0], delta[0]);
                            if (committed[0] >= 0) {
                                changeNumbers.put(tenantId, committed[0]);
                            }
                        }
                    } finally {
                        held[0] = false;
                        lock.unlock();
                    }
                });
                db.postCommit(() -> events.publish(changes.events));
                T result = work.get();
                // A model not loaded yet is loaded whole by the first question; one loaded (maybe
                // by the work itself) follows this change by the rows it touched, read here so
                // that they are exactly what commits.
                current[0] = models.get(tenantId);
                if (numberBefore != null && !changes.touchesNothing()) {
                    committed[0] = announce(tenantId, numberBefore, changes);
                    Long reflected = changeNumbers.get(tenantId);
                    if (current[0] != null && (reflected == null || reflected != numberBefore.longValue())) {
                        // Behind another node's change: following this one would skip that one; load afresh instead.
                        behind[0] = true;
                        current[0] = null;
                    }
                }
                if (current[0] != null && !changes.touchesNothing()) {
                    db.em().flush();
                    delta[0] = readDelta(db.em(), tenantId, current[0], changes);
                }
                return result;
            });
        } finally {
            if (held[0]) {
                lock.unlock();
            }
        }
    }

    /**
     * What the current change touched, for the work to mark the memberships, grants and
     * profiles it changed and the events to publish once it committed.
     *
     * @throws IllegalStateException outside {@link #change}
     */
    Changes touched() {
        Changes changes = db.activeTransaction() ? db.getScopedValue(Changes.class) : null;
        if (changes == null) {
            throw new IllegalStateException("Only a tenant's change (AccessModel.change) marks what it touched");
        }
        return changes;
    }

    private void apply(String tenantId, TenantModel current, TenantModel.Delta delta) {
        try {
            current.apply(delta);
        } catch (RuntimeException e) {
            // A model that might be stale must not answer: the next question reloads it whole.
            models.remove(tenantId);
            LOG.error("Updating the access model of tenant {} failed; it will be reloaded", tenantId, e);
        }
    }

    private ReentrantLock lock(String tenantId) {
        return locks.computeIfAbsent(tenantId, t -> new ReentrantLock());
    }

    /**
     * Runs a change of a tenant's own record (name, settings) serialized with every other
     * change of that tenant, without refreshing the access model (which does not hold it).
     */
    <T> T locked(String tenantId, Supplier<T> work) {
        ReentrantLock lock = lock(tenantId);
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** Whether this node holds a model of the tenant: it then exists (tenants are never deleted). */
    boolean holds(String tenantId) {
        return tenantId != null && models.containsKey(tenantId);
    }

    /**
     * The tenant's current model, loaded on first use.
     *
     * @throws TemporarilyUnavailableException on a shared database while this node does not hear
     *         the other nodes' changes: its answer could be stale
     */
    TenantModel model(String tenantId) {
        TenantModel model = models.get(tenantId);
        if (model != null) {
            return model;
        }
        ReentrantLock lock = lock(tenantId);
        lock.lock();
        try {
            model = models.get(tenantId);
            if (model != null) {
                return model;
            }
            if (!shared) {
                model = load(tenantId);
                // Only tenants with users are kept: a question about an unknown tenant must not grow memory.
                if (!model.accountByLogin.isEmpty()) {
                    models.put(tenantId, model);
                }
                return model;
            }
            // The change number is read before the rows: the model holds at least that change, and an
            // announcement of a later one (during the load or after it) makes it follow again.
            for (int attempt = 0; attempt < 3; attempt++) {
                requireListening();
                long number = changeNumber(tenantId);
                model = bringUp(tenantId, number);
                if (announcedNumbers.getOrDefault(tenantId, -1L) <= number && listening) {
                    publish(tenantId, model, number);
                    return model;
                }
                // a later change was announced meanwhile: the next attempt follows it from here
                keep(behindModels, tenantId, model, number);
            }
            throw new TemporarilyUnavailableException("unavailable.cluster",
                "The access data of this tenant is changing faster than this node can load it; retry shortly.");
        } finally {
            lock.unlock();
        }
    }

    private void requireListening() {
        if (!listening) {
            throw new TemporarilyUnavailableException("unavailable.cluster",
                "This node cannot tell whether its access data is current (it does not hear the other nodes' changes); retry shortly.");
        }
    }

    /** Shared database, in a change: takes the tenant's row lock; the tenant's change number, or {@code null} without a tenant row. */
    private Long lockTenantRow(String tenantId) {
        List<?> rows = db.em().createNativeQuery("SELECT CHANGESEQ FROM TENANT WHERE ID = ? FOR UPDATE").setParameter(1, tenantId)
            .getResultList();
        return rows.isEmpty() ? null : ((Number) rows.get(0)).longValue();
    }

    /** How many change numbers of a tenant the log keeps: a node further behind loads the tenant whole. */
    static final int LOG_KEPT = 1000;

    /**
     * Counts the change number up, logs what the change touched and announces it, all on commit
     * (NOTIFY is delivered then, or never).
     */
    private long announce(String tenantId, long numberBefore, Changes changes) {
        long numberAfter = numberBefore + 1;
        db.em().createNativeQuery("UPDATE TENANT SET CHANGESEQ = ? WHERE ID = ?").setParameter(1, numberAfter).setParameter(2, tenantId)
            .executeUpdate();
        // the accounts of the memberships as they are now (a new delegate's, above all), read back by a node that never saw them
        Set<String> accounts = new HashSet<>();
        for (Set<String> memberships : List.of(changes.memberships, changes.rescoped)) {
            for (String id : memberships) {
                MembershipEntity m = db.em().find(MembershipEntity.class, id);
                if (m != null) {
                    accounts.add(m.accountId);
                }
            }
        }
        Map<String, Set<String>> items = new LinkedHashMap<>();
        items.put("M", changes.memberships);
        items.put("R", changes.rescoped);
        items.put("A", accounts);
        items.put("G", changes.grants);
        items.put("P", changes.profiles);
        items.forEach((kind, ids) -> {
            for (String id : ids) {
                db.em().createNativeQuery("INSERT INTO TENANT_CHANGE_ITEM (TENANTID, CHANGENO, KIND, ITEMID) VALUES (?, ?, ?, ?)")
                    .setParameter(1, tenantId).setParameter(2, numberAfter).setParameter(3, kind).setParameter(4, id).executeUpdate();
            }
        });
        if (numberAfter % (LOG_KEPT / 2) == 0) {
            db.em().createNativeQuery("DELETE FROM TENANT_CHANGE_ITEM WHERE TENANTID = ? AND CHANGENO <= ?").setParameter(1, tenantId)
                .setParameter(2, numberAfter - LOG_KEPT).executeUpdate();
        }
        db.em().createNativeQuery("SELECT pg_notify(?, ?)").setParameter(1, CHANNEL).setParameter(2, tenantId + " " + numberAfter)
            .getResultList();
        return numberAfter;
    }

    private long changeNumber(String tenantId) {
        return db.notSupported(() -> {
            List<?> rows = db.em().createNativeQuery("SELECT CHANGESEQ FROM TENANT WHERE ID = ?").setParameter(1, tenantId).getResultList();
            return rows.isEmpty() ? 0L : ((Number) rows.get(0)).longValue();
        });
    }

    /** The channel the nodes announce their changes on: payload {@code "<tenant> <change number>"}. */
    static final String CHANNEL = "collab_changes";

    /** Another node (or this one) committed change {@code number} of a tenant: a model that is behind goes. */
    void announced(String tenantId, long number) {
        announcedNumbers.merge(tenantId, number, Math::max);
        Long reflected = changeNumbers.get(tenantId);
        if (reflected == null || reflected < number) {
            TenantModel behind = models.remove(tenantId);
            if (behind != null) {
                // No question reads it any more; the next one brings it up by the changes it missed.
                behindModels.put(tenantId, behind);
            }
        }
    }

    /**
     * Shared database, under the tenant's lock: the tenant's model at change {@code number}, not
     * yet published for questions ({@link #publish}). A model that is behind follows the changes it missed by the rows
     * they touched (as after a change of this node); one the log cannot bring up (none, further
     * behind than {@link #LOG_KEPT}, a failure) is loaded whole.
     */
    private TenantModel bringUp(String tenantId, long number) {
        TenantModel model = models.remove(tenantId);
        if (model == null) {
            model = behindModels.remove(tenantId);
        } else {
            behindModels.remove(tenantId);
        }
        Long reflected = changeNumbers.remove(tenantId);
        if (model == null || reflected == null || reflected > number || !catchUp(tenantId, model, reflected, number)) {
            model = load(tenantId);
        }
        return model;
    }

    /** Lets questions read a model that reflects change {@code number}; only tenants with users are kept (an unknown tenant must not grow memory). */
    private void publish(String tenantId, TenantModel model, long number) {
        keep(models, tenantId, model, number);
    }

    /** Keeps a model that reflects change {@code number} in {@code where} ({@link #models} or {@link #behindModels}), if the tenant has users. */
    private void keep(Map<String, TenantModel> where, String tenantId, TenantModel model, long number) {
        if (!model.accountByLogin.isEmpty()) {
            changeNumbers.put(tenantId, number);
            where.put(tenantId, model);
        }
    }

    /**
     * Brings a model from change {@code from} to change {@code to} by what the changes between
     * touched, read as committed.
     *
     * @return {@code false} when the log does not hold every one of those changes (or reading failed): load whole
     */
    private boolean catchUp(String tenantId, TenantModel model, long from, long to) {
        if (from == to) {
            return true;
        }
        try {
            return db.notSupported(() -> {
                EntityManager em = db.em();
                Changes missed = new Changes();
                Set<Long> numbers = new HashSet<>();
                for (Object row : em.createNativeQuery("SELECT CHANGENO, KIND, ITEMID FROM TENANT_CHANGE_ITEM"
                    + " WHERE TENANTID = ? AND CHANGENO > ? AND CHANGENO <= ?").setParameter(1, tenantId).setParameter(2, from)
                    .setParameter(3, to).getResultList()) {
                    Object[] item = (Object[]) row;
                    numbers.add(((Number) item[0]).longValue());
                    String id = (String) item[2];
                    switch (item[1].toString().trim()) {
                        case "M" -> missed.membership(id);
                        case "R" -> missed.rescoped(id);
                        case "A" -> missed.accounts.add(id);
                        case "G" -> missed.grant(id);
                        case "P" -> missed.profile(id);
                        default -> throw new IllegalStateException("Unknown kind of change item: " + item[1]);
                    }
                }
                if (numbers.size() != to - from) {
                    return false;
                }
                model.apply(readDelta(em, tenantId, model, missed));
                return true;
            });
        } catch (RuntimeException e) {
            LOG.warn("Following other nodes' changes of tenant {} failed; it is loaded whole", tenantId, e);
            return false;
        }
    }

    /** The listener hears the other nodes again. */
    void listening() {
        // What was announced while this node did not listen is unknown: every model follows the
        // changes since its own number (from the log, or loads whole) before it answers again.
        behindModels.putAll(models);
        models.clear();
        listening = true;
    }

    /** The listener lost its connection: no answer until it listens again. */
    void deaf() {
        listening = false;
        behindModels.putAll(models);
        models.clear();
    }

    boolean isShared() {
        return shared;
    }

    /** Shared database: whether this node hears the other nodes' changes and answers. */
    boolean isListening() {
        return listening;
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
        delta.touchedAccounts.addAll(changes.accounts);
        for (String id : memberships) {
            TenantModel.Node before = current.nodes.get(id);
            Changes.Written written = changes.scopes.get(id);
            if (written != null && before != null && !changes.memberships.contains(id)) {
                // Only its customers changed, and the change says which: loading the entity would read them all back,
                // and coding the thousands it kept again would cost more than the difference. Its grant and
                // account stay as they were (a change to them is marked on its own), so neither is read back.
                delta.memberships.put(id, new TenantModel.Node(id, before.accountId(), before.grantId(), before.inviterId(),
                    before.active(), before.scope().changed(written.removed(), written.added()), before.validUntil()));
                continue;
            }
            if (before != null) {
                delta.touchedGrants.add(before.grantId());
                delta.touchedAccounts.add(before.accountId());
            }
            MembershipEntity m = em.find(MembershipEntity.class, id);
            if (m == null || !tenantId.equals(m.tenantId)) {
                continue;
            }
            IdSet scope = written != null ? current.customerSet(written.customers())
                : before != null && !changes.rescoped.contains(id) ? before.scope() : current.customerSet(m.customers);
            delta.memberships.put(id, new TenantModel.Node(id, m.accountId, m.grantId, m.inviterId,
                MembershipEntity.ACTIVE.equals(m.status), scope, m.validUntil));
            delta.touchedGrants.add(m.grantId);
            delta.touchedAccounts.add(m.accountId);
        }
        for (String id : delta.touchedGrants) {
            GrantEntity g = em.find(GrantEntity.class, id);
            if (g != null && tenantId.equals(g.tenantId)) {
                delta.grants.put(id, new TenantModel.GrantRow(id, g.name, g.profileId, g.customized,
                    current.rightSet(g.customized ? g.rights : List.of()), g.parentGrantId, g.separateDelegateGrants));
            }
        }
        for (String id : delta.touchedProfiles) {
            ProfileEntity p = em.find(ProfileEntity.class, id);
            if (p != null && tenantId.equals(p.tenantId)) {
                delta.profiles.put(id, new TenantModel.ProfileRow(id, p.name, current.rightSet(p.rights), List.copyOf(p.delegableIds),
                    p.maxValidityMonths));
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
     * The whole tenant as one delta onto an empty model: seven projections over the entities, each
     * one pass over the tenant's rows. Read in a scope of its own, also when a change asks: the
     * model must hold what is committed, not a transaction's changes that may yet roll back.
     */
    private TenantModel load(String tenantId) {
        return db.notSupported(() -> {
            EntityManager em = db.em();
            TenantModel model = new TenantModel(clock);
            TenantModel.Delta delta = new TenantModel.Delta();
            Map<String, List<String>> scopes = new HashMap<>();
            for (Object[] row : rows(em, "SELECT m.id, c FROM MembershipEntity m JOIN m.customers c WHERE m.tenantId = :t", tenantId)) {
                scopes.computeIfAbsent((String) row[0], m -> new ArrayList<>()).add((String) row[1]);
            }
            for (Object[] row : rows(em,
                "SELECT m.id, m.accountId, m.grantId, m.inviterId, m.status, m.validUntil FROM MembershipEntity m WHERE m.tenantId = :t",
                tenantId)) {
                String id = (String) row[0];
                List<String> scope = scopes.remove(id);
                delta.memberships.put(id, new TenantModel.Node(id, (String) row[1], (String) row[2], (String) row[3],
                    MembershipEntity.ACTIVE.equals(row[4]), model.customerSet(scope == null ? List.of() : scope), (Instant) row[5]));
                delta.touchedMemberships.add(id);
            }
            Map<String, List<String>> customRights = new HashMap<>();
            for (Object[] row : rows(em, "SELECT g.id, r FROM GrantEntity g JOIN g.rights r WHERE g.tenantId = :t", tenantId)) {
                customRights.computeIfAbsent((String) row[0], g -> new ArrayList<>()).add((String) row[1]);
            }
            for (Object[] row : rows(em, "SELECT g.id, g.name, g.profileId, g.customized, g.parentGrantId, g.separateDelegateGrants"
                + " FROM GrantEntity g WHERE g.tenantId = :t", tenantId)) {
                String id = (String) row[0];
                boolean customized = (Boolean) row[3];
                delta.grants.put(id, new TenantModel.GrantRow(id, (String) row[1], (String) row[2], customized,
                    model.rightSet(customized ? customRights.getOrDefault(id, List.of()) : List.of()), (String) row[4], (Boolean) row[5]));
                delta.touchedGrants.add(id);
            }
            Map<String, List<String>> profileRights = new HashMap<>();
            Map<String, Object[]> profileColumns = new HashMap<>();
            for (Object[] row : rows(em,
                "SELECT p.id, p.name, p.maxValidityMonths, r FROM ProfileEntity p LEFT JOIN p.rights r WHERE p.tenantId = :t", tenantId)) {
                List<String> rights = profileRights.computeIfAbsent((String) row[0], p -> new ArrayList<>());
                profileColumns.put((String) row[0], row);
                if (row[3] != null) {
                    rights.add((String) row[3]);
                }
            }
            Map<String, List<String>> delegable = new HashMap<>();
            for (Object[] row : rows(em, "SELECT p.id, d FROM ProfileEntity p JOIN p.delegableIds d WHERE p.tenantId = :t", tenantId)) {
                delegable.computeIfAbsent((String) row[0], p -> new ArrayList<>()).add((String) row[1]);
            }
            profileRights.forEach((id, rights) -> {
                Object[] columns = profileColumns.get(id);
                delta.profiles.put(id, new TenantModel.ProfileRow(id, (String) columns[1], model.rightSet(rights),
                    delegable.getOrDefault(id, List.of()), (Integer) columns[2]));
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
}
