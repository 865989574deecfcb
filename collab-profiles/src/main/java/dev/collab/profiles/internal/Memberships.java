package dev.collab.profiles.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.persistence.EntityManager;

import dev.collab.api.ConflictException;
import dev.collab.api.FieldError;
import dev.collab.api.ServiceUnavailableException;
import dev.collab.api.customers.Customer;
import dev.collab.api.customers.CustomerDirectory;
import dev.collab.profiles.internal.entities.AccountEntity;
import dev.collab.profiles.internal.entities.GrantEntity;
import dev.collab.profiles.internal.entities.MembershipEntity;
import dev.collab.profiles.internal.entities.ProfileEntity;

/** Queries and changes of memberships shared by the admin's and the users' services. */
final class Memberships {
    private Memberships() {
    }

    static List<MembershipEntity> ofGrant(EntityManager em, String grantId) {
        return em.createQuery("SELECT m FROM MembershipEntity m WHERE m.grantId = :g", MembershipEntity.class)
            .setParameter("g", grantId).getResultList();
    }

    static List<MembershipEntity> ofAccount(EntityManager em, String tenantId, String accountId) {
        return em.createQuery("SELECT m FROM MembershipEntity m WHERE m.tenantId = :t AND m.accountId = :a", MembershipEntity.class)
            .setParameter("t", tenantId).setParameter("a", accountId).getResultList();
    }

    static List<MembershipEntity> invitedBy(EntityManager em, Collection<String> inviterIds) {
        if (inviterIds.isEmpty()) {
            return List.of();
        }
        return em.createQuery("SELECT m FROM MembershipEntity m WHERE m.inviterId IN :ids", MembershipEntity.class)
            .setParameter("ids", new ArrayList<>(inviterIds)).getResultList();
    }

    static Optional<AccountEntity> account(EntityManager em, String tenantId, String email) {
        return em.createQuery("SELECT a FROM AccountEntity a WHERE a.tenantKey = :t AND a.loginKey = :l", AccountEntity.class)
            .setParameter("t", tenantId).setParameter("l", Rules.loginKey(email)).getResultList().stream().findFirst();
    }

    /** Like {@link #accountFor(EntityManager, String, String)}, remembering the person's mail language if it was not known. */
    static AccountEntity accountFor(EntityManager em, String tenantId, String email, String language) {
        AccountEntity account = accountFor(em, tenantId, email);
        if (language != null && account.language == null) {
            account.language = language;
        }
        return account;
    }

    /** @return an error for a language the mails are not written in, or {@code null} */
    static FieldError language(String language) {
        return language == null || TenantServiceImpl.LANGUAGES.contains(language) ? null
            : FieldError.of("language", "tenant.languageUnknown", "The mail language is one of " + TenantServiceImpl.LANGUAGES + ".");
    }

    /** The e-mail's portal account, created without password when the tenant has none yet. */
    static AccountEntity accountFor(EntityManager em, String tenantId, String email) {
        Optional<AccountEntity> existing = account(em, tenantId, email);
        if (existing.isPresent()) {
            if (!"USER".equals(existing.get().role)) {
                // The same answer for every kind of account: an inviter must not learn who is an admin.
                throw new ConflictException("invite.notPossible", "'" + email + "' cannot be invited.", email);
            }
            return existing.get();
        }
        AccountEntity account = new AccountEntity();
        account.id = UUID.randomUUID().toString();
        account.tenantKey = tenantId;
        account.login = email;
        account.loginKey = Rules.loginKey(email);
        account.role = "USER";
        account.createdAt = Instant.now();
        em.persist(account);
        return account;
    }

    /**
     * Removes a membership and, transitively, every membership created by inviting from it;
     * voids their pending invitations and drops delegate grants left without members.
     * Accounts stay: login and mailbox survive.
     *
     * @return the e-mails removed, the first one being the membership asked for
     */
    static List<String> removeCascade(EntityManager em, String tenantId, MembershipEntity root, String actor, Changes changes) {
        List<String> removed = new ArrayList<>();
        Set<String> grants = new HashSet<>();
        Deque<MembershipEntity> queue = new ArrayDeque<>();
        queue.add(root);
        Set<String> seen = new HashSet<>();
        while (!queue.isEmpty()) {
            MembershipEntity m = queue.poll();
            if (!seen.add(m.id)) {
                continue;
            }
            queue.addAll(invitedBy(em, List.of(m.id)));
            InvitationIssuer.voidPending(em, m.id);
            AccountEntity account = em.find(AccountEntity.class, m.accountId);
            GrantEntity grant = em.find(GrantEntity.class, m.grantId);
            String email = account == null ? m.accountId : account.login;
            removed.add(email);
            grants.add(m.grantId);
            Audit.record(em, tenantId, actor, m == root ? "member.removed" : "member.removed.cascade",
                email, "grant " + (grant == null ? m.grantId : grant.name));
            changes.event(m == root ? "REMOVED" : "CASCADED", tenantId, actor, email, grant == null ? null : grant.name, "");
            changes.membership(m.id);
            em.remove(m);
        }
        em.flush();
        for (String grantId : grants) {
            GrantEntity grant = em.find(GrantEntity.class, grantId);
            if (grant != null && grant.parentGrantId != null && ofGrant(em, grantId).isEmpty()) {
                Audit.record(em, tenantId, actor, "grant.removed", grant.name, "no members left");
                em.remove(grant);
            }
        }
        return removed;
    }

    /** Customers by id from the host's directory; an id the host no longer knows keeps a null name. */
    static List<Customer> customers(CustomerDirectory directory, String tenantId, Collection<String> ids) {
        List<String> sorted = ids.stream().sorted().toList();
        Map<String, Customer> found = directory == null ? Map.of() : directory.find(tenantId, sorted);
        return sorted.stream().map(id -> found.getOrDefault(id, new Customer(id, null))).toList();
    }

    static CustomerDirectory need(CustomerDirectory directory) {
        if (directory == null) {
            throw new ServiceUnavailableException("unavailable.customers", "The customer directory is not available right now; retry shortly.");
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
