package dev.collab.profiles.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.collab.api.NotFoundException;
import dev.collab.api.access.AccessDecisions;
import dev.collab.api.access.CustomerAccess;
import dev.collab.api.access.Decision;
import dev.collab.api.access.EffectiveAccess;
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
    private static final int IN_CHUNK = 500;

    private final Database db;
    private final DelegationEvents events;
    private final Map<String, TenantModel> models = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    @Activate
    public AccessModel(@Reference Database db, @Reference DelegationEvents events) {
        this.db = db;
        this.events = events;
    }

    /** For tests and benchmarks: events go nowhere. */
    public AccessModel(Database db) {
        this(db, new DelegationEvents());
    }

    /**
     * Runs a change of a tenant: serialized with every other change of that tenant, in one
     * transaction, with the model refreshed before this returns.
     */
    <T> T change(String tenantId, String conflictMessage, BiFunction<EntityManager, Changes, T> work) {
        ReentrantLock lock = locks.computeIfAbsent(tenantId, t -> new ReentrantLock());
        lock.lock();
        Changes changes = new Changes();
        T result;
        try {
            result = db.write(conflictMessage, em -> work.apply(em, changes));
            try {
                refresh(tenantId, changes.rescoped);
            } catch (RuntimeException e) {
                // A model that might be stale must not answer: the next question reloads it whole.
                models.remove(tenantId);
                LOG.error("Refreshing the access model of tenant {} failed; it will be reloaded", tenantId, e);
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
    <T> T locked(String tenantId, java.util.function.Supplier<T> work) {
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
                model = load(tenantId, null, null);
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
        return load(tenantId, null, null);
    }

    private void refresh(String tenantId, Set<String> rescoped) {
        TenantModel previous = models.get(tenantId);
        if (previous == null) {
            return;
        }
        models.put(tenantId, load(tenantId, previous, rescoped));
    }

    /**
     * Reads the tenant's memberships, grants, rights and accounts. With a previous model, the
     * customer scopes of memberships that were neither new nor rescoped are taken over from it
     * instead of being read again (they are the bulk of the data).
     */
    @SuppressWarnings("unchecked")
    private TenantModel load(String tenantId, TenantModel previous, Set<String> rescoped) {
        return db.read(em -> {
            List<Object[]> rows = em.createNativeQuery(
                "SELECT ID, ACCOUNTID, GRANTID, INVITERID, STATUS FROM MEMBERSHIP WHERE TENANTID = ?")
                .setParameter(1, tenantId).getResultList();
            Map<String, Set<String>> scopes = new HashMap<>();
            List<String> toRead = new ArrayList<>();
            for (Object[] row : rows) {
                String id = (String) row[0];
                TenantModel.Node old = previous == null ? null : previous.nodes.get(id);
                if (old != null && !rescoped.contains(id)) {
                    scopes.put(id, old.scope());
                } else {
                    toRead.add(id);
                }
            }
            if (previous == null) {
                readAllScopes(em, tenantId, scopes);
            } else {
                readScopes(em, toRead, scopes);
            }
            Map<String, TenantModel.Node> nodes = new HashMap<>();
            Map<String, List<String>> byAccount = new HashMap<>();
            for (Object[] row : rows) {
                String id = (String) row[0];
                TenantModel.Node node = new TenantModel.Node(id, (String) row[1], (String) row[2], (String) row[3],
                    "ACTIVE".equals(row[4]), scopes.getOrDefault(id, Set.of()));
                nodes.put(id, node);
                byAccount.computeIfAbsent(node.accountId(), a -> new ArrayList<>()).add(id);
            }

            Map<String, Set<String>> profileRights = new HashMap<>();
            for (Object[] row : (List<Object[]>) em.createNativeQuery(
                "SELECT r.PROFILE_ID, r.RIGHT_ID FROM ACCESS_PROFILE_RIGHT r JOIN ACCESS_PROFILE p ON p.ID = r.PROFILE_ID WHERE p.TENANTID = ?")
                .setParameter(1, tenantId).getResultList()) {
                profileRights.computeIfAbsent((String) row[0], p -> new HashSet<>()).add((String) row[1]);
            }
            Map<String, Set<String>> customRights = new HashMap<>();
            for (Object[] row : (List<Object[]>) em.createNativeQuery(
                "SELECT r.GRANT_ID, r.RIGHT_ID FROM ACCESS_GRANT_RIGHT r JOIN ACCESS_GRANT g ON g.ID = r.GRANT_ID WHERE g.TENANTID = ?")
                .setParameter(1, tenantId).getResultList()) {
                customRights.computeIfAbsent((String) row[0], g -> new HashSet<>()).add((String) row[1]);
            }
            Map<String, Set<String>> grantRights = new HashMap<>();
            Map<String, String> grantNames = new HashMap<>();
            for (Object[] row : (List<Object[]>) em.createNativeQuery(
                "SELECT ID, NAME, PROFILEID, CUSTOMIZED FROM ACCESS_GRANT WHERE TENANTID = ?")
                .setParameter(1, tenantId).getResultList()) {
                String id = (String) row[0];
                grantNames.put(id, (String) row[1]);
                boolean customized = Boolean.TRUE.equals(row[3]) || Integer.valueOf(1).equals(row[3]);
                Set<String> rights = customized ? customRights.getOrDefault(id, Set.of())
                    : profileRights.getOrDefault((String) row[2], Set.of());
                grantRights.put(id, Set.copyOf(rights));
            }
            Map<String, String> accountByLogin = new HashMap<>();
            for (Object[] row : (List<Object[]>) em.createNativeQuery(
                "SELECT LOGINKEY, ID FROM ACCOUNT WHERE TENANTKEY = ? AND ROLE = 'USER'")
                .setParameter(1, tenantId).getResultList()) {
                accountByLogin.put((String) row[0], (String) row[1]);
            }
            return new TenantModel(Map.copyOf(nodes), byAccount, accountByLogin, grantRights, grantNames);
        });
    }

    @SuppressWarnings("unchecked")
    private static void readAllScopes(EntityManager em, String tenantId, Map<String, Set<String>> scopes) {
        Map<String, Set<String>> read = new HashMap<>();
        for (Object[] row : (List<Object[]>) em.createNativeQuery(
            "SELECT c.MEMBERSHIP_ID, c.CUSTOMER_ID FROM MEMBERSHIP_CUSTOMER c JOIN MEMBERSHIP m ON m.ID = c.MEMBERSHIP_ID WHERE m.TENANTID = ?")
            .setParameter(1, tenantId).getResultList()) {
            read.computeIfAbsent((String) row[0], m -> new HashSet<>()).add((String) row[1]);
        }
        read.forEach((id, set) -> scopes.put(id, Set.copyOf(set)));
    }

    @SuppressWarnings("unchecked")
    private static void readScopes(EntityManager em, Collection<String> membershipIds, Map<String, Set<String>> scopes) {
        List<String> ids = new ArrayList<>(membershipIds);
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            javax.persistence.Query query = em.createNativeQuery(
                "SELECT MEMBERSHIP_ID, CUSTOMER_ID FROM MEMBERSHIP_CUSTOMER WHERE MEMBERSHIP_ID IN (" + marks + ")");
            for (int i = 0; i < chunk.size(); i++) {
                query.setParameter(i + 1, chunk.get(i));
            }
            Map<String, Set<String>> read = new HashMap<>();
            for (Object[] row : (List<Object[]>) query.getResultList()) {
                read.computeIfAbsent((String) row[0], m -> new HashSet<>()).add((String) row[1]);
            }
            read.forEach((id, set) -> scopes.put(id, Set.copyOf(set)));
        }
    }

    @Override
    public boolean isAllowed(String tenantId, String user, String rightId, String customerId) {
        if (tenantId == null || rightId == null || customerId == null) {
            return false;
        }
        TenantModel model = model(tenantId);
        String account = model.account(user);
        if (account == null) {
            return false;
        }
        for (TenantModel.Node node : model.memberships(account)) {
            if (model.rights(node).contains(rightId) && model.reaches(node, customerId)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Decision decide(String tenantId, String user, String rightId, String customerId) {
        TenantModel model = model(tenantId);
        String account = model.account(user);
        Set<String> via = new TreeSet<>();
        if (account != null && rightId != null && customerId != null) {
            for (TenantModel.Node node : model.memberships(account)) {
                if (model.rights(node).contains(rightId) && model.reaches(node, customerId)) {
                    via.add(model.grantNames.get(node.grantId()));
                }
            }
        }
        return new Decision(!via.isEmpty(), List.copyOf(via));
    }

    @Override
    public EffectiveAccess effectiveAccess(String tenantId, String user) {
        TenantModel model = model(tenantId);
        String account = model.account(user);
        if (account == null) {
            throw new NotFoundException("Tenant '" + tenantId + "' has no portal user '" + user + "'.");
        }
        Map<String, Set<String>> byCustomer = new TreeMap<>();
        for (TenantModel.Node node : model.memberships(account)) {
            Set<String> rights = model.rights(node);
            if (rights.isEmpty()) {
                continue;
            }
            for (String customer : model.effective(node)) {
                byCustomer.computeIfAbsent(customer, c -> new TreeSet<>()).addAll(rights);
            }
        }
        List<CustomerAccess> customers = new ArrayList<>();
        byCustomer.forEach((customer, rights) -> customers.add(new CustomerAccess(customer, List.copyOf(rights))));
        return new EffectiveAccess(customers, true);
    }
}
