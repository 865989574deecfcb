package dev.collab.profiles.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.persistence.EntityManager;

import dev.collab.api.ConflictException;
import dev.collab.api.FieldError;
import dev.collab.api.TemporarilyUnavailableException;
import dev.collab.api.customers.Customer;
import dev.collab.api.customers.CustomerDirectory;
import dev.collab.profiles.internal.entities.AccountEntity;
import dev.collab.profiles.internal.entities.GrantEntity;
import dev.collab.profiles.internal.entities.MembershipEntity;
import dev.collab.profiles.internal.entities.ProfileEntity;
import dev.collab.profiles.internal.entities.RowIds;
import dev.collab.profiles.internal.entities.TenantEntity;
import dev.collab.profiles.internal.persistence.Database;

/**
 * Queries and changes of memberships shared by the admin's and the users' services, in the
 * current database scope. Each service holds one over the components it already has.
 */
final class Memberships {
    private final Database db;
    private final AccessModel model;
    private final InvitationIssuer invitations;
    private final Audit audit;

    Memberships(Database db, AccessModel model, InvitationIssuer invitations) {
        this.db = db;
        this.model = model;
        this.invitations = invitations;
        this.audit = new Audit(db);
    }

    /**
     * Writes a membership's change of customers as the difference, in SQL: the entity's
     * collection would be loaded whole (a root member holds thousands) to change one. The
     * shared cache is off, so no cached copy goes stale; an entity of this membership already
     * loaded in the current scope does not show the change (the caller tells the access model
     * the new customers itself).
     */
    void rescope(String membershipId, Collection<String> removed, Collection<String> added) {
        EntityManager em = db.em();
        for (String customer : removed) {
            em.createNativeQuery("DELETE FROM MEMBERSHIP_CUSTOMER WHERE MEMBERSHIP_ID = ? AND CUSTOMER_ID = ?")
                .setParameter(1, membershipId).setParameter(2, customer).executeUpdate();
        }
        for (String customer : added) {
            em.createNativeQuery("INSERT INTO MEMBERSHIP_CUSTOMER (MEMBERSHIP_ID, CUSTOMER_ID) VALUES (?, ?)")
                .setParameter(1, membershipId).setParameter(2, customer).executeUpdate();
        }
    }

    List<MembershipEntity> ofGrant(String grantId) {
        return db.em().createQuery("SELECT m FROM MembershipEntity m WHERE m.grantId = :g", MembershipEntity.class)
            .setParameter("g", grantId).getResultList();
    }

    List<MembershipEntity> ofAccount(String tenantId, String accountId) {
        return db.em().createQuery("SELECT m FROM MembershipEntity m WHERE m.tenantId = :t AND m.accountId = :a", MembershipEntity.class)
            .setParameter("t", tenantId).setParameter("a", accountId).getResultList();
    }

    List<MembershipEntity> invitedBy(Collection<String> inviterIds) {
        if (inviterIds.isEmpty()) {
            return List.of();
        }
        return db.em().createQuery("SELECT m FROM MembershipEntity m WHERE m.inviterId IN :ids", MembershipEntity.class)
            .setParameter("ids", new ArrayList<>(inviterIds)).getResultList();
    }

    Optional<AccountEntity> account(String tenantId, String email) {
        return db.em().createQuery("SELECT a FROM AccountEntity a WHERE a.tenantKey = :t AND a.loginKey = :l", AccountEntity.class)
            .setParameter("t", tenantId).setParameter("l", Rules.loginKey(email)).getResultList().stream().findFirst();
    }

    /** Like {@link #accountFor(String, String)}, remembering the person's mail language if it was not known. */
    AccountEntity accountFor(String tenantId, String email, String language) {
        return withLanguage(accountFor(tenantId, email), language);
    }

    /** The account, with the person's mail language remembered if it was not known. */
    AccountEntity withLanguage(AccountEntity account, String language) {
        if (language != null && account.language == null) {
            account.language = language;
        }
        return account;
    }

    /** A new portal account without password, for an e-mail the caller found to have none in the tenant. */
    AccountEntity newAccount(String tenantId, String email, String language) {
        AccountEntity account = new AccountEntity();
        account.id = RowIds.next();
        account.tenantKey = tenantId;
        account.login = email;
        account.loginKey = Rules.loginKey(email);
        account.role = "USER";
        account.createdAt = Instant.now();
        account.language = language;
        db.em().persist(account);
        return account;
    }

    /** @return an error for a language the mails are not written in, or {@code null} */
    static FieldError language(String language) {
        return language == null || TenantServiceImpl.LANGUAGES.contains(language) ? null
            : FieldError.of("language", "tenant.languageUnknown", "The mail language is one of " + TenantServiceImpl.LANGUAGES + ".");
    }

    /** The e-mail's portal account, created without password when the tenant has none yet. */
    AccountEntity accountFor(String tenantId, String email) {
        Optional<AccountEntity> existing = account(tenantId, email);
        if (existing.isPresent()) {
            if (!"USER".equals(existing.get().role)) {
                // The same answer for every kind of account: an inviter must not learn who is an admin.
                throw new ConflictException("invite.notPossible", "'" + email + "' cannot be invited.", email);
            }
            return existing.get();
        }
        return newAccount(tenantId, email, null);
    }

    /**
     * Removes a membership and, transitively, every membership created by inviting from it, in
     * the current change of its tenant; voids their pending invitations and drops delegate
     * grants left without members. Accounts stay: login and mailbox survive.
     *
     * @return the e-mails removed, the first one being the membership asked for
     */
    List<String> removeCascade(MembershipEntity root, String actor) {
        EntityManager em = db.em();
        Changes changes = model.touched();
        String tenantId = root.tenantId;
        List<String> removed = new ArrayList<>();
        Set<String> grants = new HashSet<>();
        Deque<MembershipEntity> queue = new ArrayDeque<>();
        queue.add(root);
        Set<String> seen = new HashSet<>();
        TenantEntity tenant = em.find(TenantEntity.class, tenantId);
        while (!queue.isEmpty()) {
            MembershipEntity m = queue.poll();
            if (!seen.add(m.id)) {
                continue;
            }
            queue.addAll(invitedBy(List.of(m.id)));
            invitations.voidPending(m);
            AccountEntity account = em.find(AccountEntity.class, m.accountId);
            GrantEntity grant = em.find(GrantEntity.class, m.grantId);
            String email = account == null ? m.accountId : account.login;
            removed.add(email);
            grants.add(m.grantId);
            audit.record(tenantId, actor, m == root ? "member.removed" : "member.removed.cascade",
                email, "grant " + (grant == null ? m.grantId : grant.name));
            changes.event(m == root ? "REMOVED" : "CASCADED", tenantId, actor, email, grant == null ? null : grant.name, "");
            // only someone who had access loses it: an invitee who never registered just has a void link
            if (tenant != null && tenant.removalMail && account != null && MembershipEntity.ACTIVE.equals(m.status)) {
                invitations.accessEnded(m, account, tenant, grant == null ? m.grantId : grant.name, actor);
            }
            changes.membership(m.id);
            em.remove(m);
        }
        em.flush();
        removeEmptied(tenantId, grants, actor, "no members left");
        return removed;
    }

    /**
     * Drops the delegate grants among the candidates that are left without members and without
     * delegate grants below them, then their parents if that empties them too. A delegate grant
     * that still has grants below it stays, empty: its children are named after it and would
     * otherwise hang below a grant that no longer exists (an admin may add people to a delegate
     * grant directly, so they do not go with the cascade).
     */
    void removeEmptied(String tenantId, Collection<String> candidates, String actor, String reason) {
        EntityManager em = db.em();
        Deque<String> queue = new ArrayDeque<>(candidates);
        while (!queue.isEmpty()) {
            String id = queue.poll();
            GrantEntity grant = em.find(GrantEntity.class, id);
            if (grant == null || grant.parentGrantId == null || !ofGrant(id).isEmpty() || hasChildGrants(id)) {
                continue;
            }
            audit.record(tenantId, actor, "grant.removed", grant.name, reason);
            model.touched().grant(id);
            em.remove(grant);
            em.flush();
            queue.add(grant.parentGrantId);
        }
    }

    private boolean hasChildGrants(String grantId) {
        return !db.em().createQuery("SELECT g.id FROM GrantEntity g WHERE g.parentGrantId = :p", String.class)
            .setParameter("p", grantId).setMaxResults(1).getResultList().isEmpty();
    }

    /** Customers by id from the host's directory; an id the host no longer knows keeps a null name. */
    static List<Customer> customers(CustomerDirectory directory, String tenantId, Collection<String> ids) {
        return sorted(ids, named(directory, tenantId, ids));
    }

    /**
     * The directory's customers of these ids, in one look-up; none while the directory is away.
     * An answer that lists several members' customers asks once for all of them and sorts each
     * member's own with {@link #sorted}: a root member holds thousands.
     */
    static Map<String, Customer> named(CustomerDirectory directory, String tenantId, Collection<String> ids) {
        return directory == null || ids.isEmpty() ? Map.of() : directory.find(tenantId, ids);
    }

    /** These customers sorted by id, named from {@code names}; an id it lacks has no name. */
    static List<Customer> sorted(Collection<String> ids, Map<String, Customer> names) {
        String[] sorted;
        if (ids instanceof IdSet coded) {
            sorted = coded.toSortedArray();
        } else {
            sorted = ids.toArray(new String[0]);
            Arrays.sort(sorted);
        }
        Customer[] customers = new Customer[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            Customer named = names.get(sorted[i]);
            customers[i] = named != null ? named : new Customer(sorted[i], null);
        }
        // Unmodifiable without List.of's copy: nothing else holds the array.
        return Collections.unmodifiableList(Arrays.asList(customers));
    }

    static CustomerDirectory need(CustomerDirectory directory) {
        if (directory == null) {
            throw new TemporarilyUnavailableException("unavailable.customers", "The customer directory is not available right now; retry shortly.");
        }
        return directory;
    }

    /** The grant's rights: the admin's customization, or its profile's. */
    static Set<String> rights(GrantEntity grant, ProfileEntity profile) {
        if (grant.customized) {
            return grant.rights;
        }
        return profile == null ? Set.of() : profile.rights;
    }
}
