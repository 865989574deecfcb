package dev.collab.profiles.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.collab.api.ConflictException;
import dev.collab.api.FieldError;
import dev.collab.api.ValidationException;
import dev.collab.api.grants.HandOverOptions;
import dev.collab.api.grants.HandOverResult;
import dev.collab.api.grants.MovedMember;
import dev.collab.api.grants.Successor;
import dev.collab.profiles.internal.entities.AccountEntity;
import dev.collab.profiles.internal.entities.GrantEntity;
import dev.collab.profiles.internal.entities.MembershipEntity;
import dev.collab.profiles.internal.entities.ProfileEntity;
import dev.collab.profiles.internal.entities.RowIds;
import dev.collab.profiles.internal.entities.TenantEntity;
import dev.collab.profiles.internal.persistence.Database;

/**
 * "Ansprechpartner wechselt": a leaving person's delegates move to a successor in one change,
 * then the leaver's own membership ends. Shared by the admin's and the policyholder's services,
 * which find the leaver and the successor each by their own rules and call this in their change
 * of the tenant ({@link AccessModel#change}); the model follows by the memberships and grants
 * marked here, like every other write.
 *
 * <p>The rules, all checked before anything changes (all or nothing):
 * <ul>
 * <li>the successor is another person, registered and live, in the same company (below the same
 * top-level grant), and not below the leaver (that would hang the subtree from itself);</li>
 * <li>the successor's profile lists every profile the leaver's direct delegates hold: nobody ends
 * with a profile their new inviter could not have given them;</li>
 * <li>each direct delegate keeps only the customers the successor sees now (attenuation made
 * durable); one who would keep none refuses the hand-over, naming them, rather than silently
 * becoming a delegate without access;</li>
 * <li>nobody moved is already a delegate under the grant they would move to, names stay unique
 * and within the column, and the moved chains stay within {@link TenantModel#MAX_DEPTH}.</li>
 * </ul>
 * Delegates deeper down keep their inviter and scope; their grants are renamed for their
 * inviter's new grant name. Pending invitations of moved people stay valid (the link names the
 * current inviter and grant when it is opened); the leaver's own pending invitations are voided.
 */
final class HandOvers {
    private final Database db;
    private final AccessModel model;
    private final InvitationIssuer invitations;
    private final Memberships memberships;
    private final Audit audit;

    HandOvers(Database db, AccessModel model, InvitationIssuer invitations, Memberships memberships) {
        this.db = db;
        this.model = model;
        this.invitations = invitations;
        this.memberships = memberships;
        this.audit = new Audit(db);
    }

    /** Everyone below a membership (invited from it, at every level), parents before their children. */
    List<MembershipEntity> below(MembershipEntity root) {
        List<MembershipEntity> result = new ArrayList<>();
        Set<String> seen = new HashSet<>(Set.of(root.id));
        List<String> level = List.of(root.id);
        while (!level.isEmpty()) {
            List<String> next = new ArrayList<>();
            for (MembershipEntity m : memberships.invitedBy(level)) {
                if (seen.add(m.id)) {
                    result.add(m);
                    next.add(m.id);
                }
            }
            level = next;
        }
        return result;
    }

    /** How many people a removal of these memberships takes with it, beyond the memberships themselves. */
    int cascade(List<MembershipEntity> roots) {
        Set<String> named = new HashSet<>();
        roots.forEach(r -> named.add(r.id));
        Set<String> people = new HashSet<>();
        for (MembershipEntity root : roots) {
            for (MembershipEntity m : below(root)) {
                if (!named.contains(m.id)) {
                    people.add(m.id);
                }
            }
        }
        return people.size();
    }

    /**
     * The cascade's size and, of the candidates, those the cheap rules admit (registered, live,
     * another person, same company, not below the leaver, profile wide enough), by e-mail.
     */
    HandOverOptions options(String tenantId, MembershipEntity leaver, List<MembershipEntity> candidates) {
        TenantModel current = model.model(tenantId);
        List<MembershipEntity> below = below(leaver);
        List<MembershipEntity> direct = below.stream().filter(m -> leaver.id.equals(m.inviterId)).toList();
        Set<String> belowIds = new HashSet<>();
        below.forEach(m -> belowIds.add(m.id));
        // The profiles a successor must be able to hand out, found once: a company may offer thousands of candidates.
        Set<String> needed = new HashSet<>();
        boolean unprofiled = false;
        for (MembershipEntity d : direct) {
            GrantEntity g = db.em().find(GrantEntity.class, d.grantId);
            if (g.profileId == null) {
                unprofiled = true;
            } else {
                needed.add(g.profileId);
            }
        }
        Map<String, Successor> result = new LinkedHashMap<>();
        for (MembershipEntity candidate : candidates) {
            if (unprofiled || result.containsKey(candidate.id) || belowIds.contains(candidate.id)) {
                continue;
            }
            GrantEntity grant = db.em().find(GrantEntity.class, candidate.grantId);
            ProfileEntity profile = grant.profileId == null ? null : db.em().find(ProfileEntity.class, grant.profileId);
            boolean wideEnough = needed.isEmpty() || profile != null && profile.delegableIds.containsAll(needed);
            if (wideEnough && basicRefusal(current, leaver, candidate, belowIds) == null) {
                AccountEntity account = db.em().find(AccountEntity.class, candidate.accountId);
                result.put(candidate.id, new Successor(candidate.id, account.id, account.login, grant.name, grant.id,
                    profile == null ? null : profile.name));
            }
        }
        List<Successor> sorted = new ArrayList<>(result.values());
        sorted.sort(Comparator.comparing((Successor s) -> Rules.loginKey(s.email())).thenComparing(s -> Rules.key(s.grant())));
        return new HandOverOptions(below.size(), direct.size(), sorted);
    }

    /**
     * Moves the leaver's delegates to the successor and ends the leaver's membership, in the
     * current change of the tenant.
     */
    HandOverResult handOver(String tenantId, MembershipEntity leaver, MembershipEntity successor, String actor) {
        TenantModel current = model.model(tenantId);
        List<MembershipEntity> below = below(leaver);
        Set<String> moving = new HashSet<>();
        below.forEach(m -> moving.add(m.id));
        ValidationException refused = basicRefusal(current, leaver, successor, moving);
        if (refused != null) {
            throw refused;
        }
        List<MembershipEntity> direct = below.stream().filter(m -> leaver.id.equals(m.inviterId)).toList();
        refused = profileRefusal(successor, direct);
        if (refused != null) {
            throw refused;
        }
        TenantModel.Node successorNode = current.nodes.get(successor.id);
        Set<String> successorSees = current.effective(successorNode);
        Map<String, Set<String>> kept = new HashMap<>();
        List<String> empty = new ArrayList<>();
        for (MembershipEntity d : direct) {
            Set<String> scope = Rules.attenuate(d.customers, successorSees);
            kept.put(d.id, scope);
            if (scope.isEmpty()) {
                empty.add(login(d));
            }
        }
        if (!empty.isEmpty()) {
            throw new ValidationException("successorId", "handover.noCustomersLeft", "The successor sees none of the customers of "
                + empty + ": they would keep no access. Give the successor those customers first, or delete them.",
                String.join(", ", empty));
        }
        int height = height(leaver, below);
        int depth = DelegationServiceImpl.chainLength(current, successorNode);
        if (depth + height > TenantModel.MAX_DEPTH) {
            throw new ConflictException("handover.tooDeep", "Below the successor the delegation chain would be deeper than "
                + TenantModel.MAX_DEPTH + " levels: the people at its end could not use their access.", TenantModel.MAX_DEPTH);
        }

        AccountEntity leaverAccount = db.em().find(AccountEntity.class, leaver.accountId);
        AccountEntity successorAccount = db.em().find(AccountEntity.class, successor.accountId);
        GrantEntity leaverGrant = db.em().find(GrantEntity.class, leaver.grantId);
        GrantEntity successorGrant = db.em().find(GrantEntity.class, successor.grantId);
        Changes changes = model.touched();
        Map<String, GrantEntity> placed = new HashMap<>();
        Map<String, GrantEntity> created = new HashMap<>();
        Set<String> emptied = new LinkedHashSet<>();
        List<MovedMember> moved = new ArrayList<>();
        // Parents before their children: a child's grant is named after its inviter's new grant.
        for (MembershipEntity m : below) {
            boolean isDirect = leaver.id.equals(m.inviterId);
            GrantEntity parent = isDirect ? successorGrant : placed.get(m.inviterId);
            GrantEntity old = db.em().find(GrantEntity.class, m.grantId);
            ProfileEntity profile = old.profileId == null ? null : db.em().find(ProfileEntity.class, old.profileId);
            AccountEntity account = db.em().find(AccountEntity.class, m.accountId);
            String name = Rules.delegateGrantName(parent.name, parent.separateDelegateGrants, account.login,
                profile == null ? old.name.substring(old.name.lastIndexOf('/') + 1) : profile.name);
            if (name.length() > DelegationServiceImpl.MAX_GRANT_NAME || Rules.key(name).length() > DelegationServiceImpl.MAX_GRANT_NAME) {
                throw new ValidationException("successorId", "handover.nameTooLong", "The grant of '" + account.login
                    + "' would be named with more than " + DelegationServiceImpl.MAX_GRANT_NAME + " characters below the successor.",
                    account.login, DelegationServiceImpl.MAX_GRANT_NAME);
            }
            requireNotUnder(tenantId, account, parent, moving, leaver.id);
            String before = old.name;
            GrantEntity target = place(tenantId, m, old, parent, name, moving, created);
            if (target != old) {
                emptied.add(old.id);
            }
            m.grantId = target.id;
            m.grantNameKey = target.nameKey;
            placed.put(m.id, target);
            List<String> dropped = List.of();
            if (isDirect) {
                Set<String> scope = kept.get(m.id);
                dropped = m.customers.stream().filter(c -> !scope.contains(c)).sorted().toList();
                m.inviterId = successor.id;
                m.customers = new HashSet<>(scope);
                changes.rescoped(m.id);
            }
            changes.membership(m.id);
            changes.grant(target.id);
            changes.grant(old.id);
            audit.record(tenantId, actor, "member.handedOver", account.login, "from " + leaverAccount.login + " to "
                + successorAccount.login + (before.equals(target.name) ? ", grant " + target.name : ", grant " + before + " -> " + target.name)
                + (isDirect ? "" : ", follows the person who invited them") + (dropped.isEmpty() ? "" : ", customers dropped " + dropped));
            moved.add(new MovedMember(m.id, account.id, account.login, before, target.name, isDirect, dropped));
        }

        // The leaver's own access ends: membership removed (nothing is below it any more), links voided.
        invitations.voidPending(leaver);
        // told like anyone deleted, where the tenant asks for it (only someone who had access loses it)
        TenantEntity tenant = db.em().find(TenantEntity.class, tenantId);
        if (tenant != null && tenant.removalMail && MembershipEntity.ACTIVE.equals(leaver.status)) {
            invitations.accessEnded(leaver, leaverAccount, tenant, leaverGrant.name, actor);
        }
        audit.record(tenantId, actor, "member.removed.handOver", leaverAccount.login, "grant " + leaverGrant.name + "; "
            + direct.size() + " delegate(s) handed over to " + successorAccount.login + " (" + successorGrant.name + ")");
        changes.event("REMOVED", tenantId, actor, leaverAccount.login, leaverGrant.name, "handed over to " + successorAccount.login);
        changes.membership(leaver.id);
        changes.grant(leaverGrant.id);
        emptied.add(leaverGrant.id);
        String leaverGrantName = leaverGrant.name;
        db.em().remove(leaver);
        db.em().flush();
        memberships.removeEmptied(tenantId, emptied, actor, "no members left after a hand-over");
        audit.record(tenantId, actor, "handOver", leaverAccount.login + " -> " + successorAccount.login, moved.size()
            + " person(s) moved from " + leaverGrantName + " to " + successorGrant.name + " (" + direct.size() + " directly invited)");
        db.em().flush();
        return new HandOverResult(leaverAccount.login, leaverGrantName, successorAccount.login, successorGrant.name, moved);
    }

    /**
     * The grant a moved membership ends in: its own grant, renamed and hung below the new parent
     * when it holds nobody else (so the admin's customization stays), an existing shared grant of
     * that name below the parent, or a new one like the old (profile, customization).
     */
    private GrantEntity place(String tenantId, MembershipEntity m, GrantEntity old, GrantEntity parent, String name,
        Set<String> moving, Map<String, GrantEntity> created) {
        String key = Rules.key(name);
        if (old.nameKey.equals(key) && parent.id.equals(old.parentGrantId)) {
            return old;
        }
        GrantEntity existing = created.get(key);
        if (existing == null) {
            existing = db.em().createQuery("SELECT g FROM GrantEntity g WHERE g.tenantId = :t AND g.nameKey = :n", GrantEntity.class)
                .setParameter("t", tenantId).setParameter("n", key).getResultList().stream().findFirst().orElse(null);
        }
        if (existing != null) {
            if (existing == old) {
                return old;
            }
            if (parent.separateDelegateGrants || !parent.id.equals(existing.parentGrantId)) {
                throw new ConflictException("grant.exists", "A grant named '" + name + "' exists already.", name);
            }
            if (old.profileId != null && !old.profileId.equals(existing.profileId)) {
                throw new ConflictException("invite.sharedGrantProfile", "The shared grant '" + name
                    + "' has another profile now; ask the broker.", name);
            }
            return existing;
        }
        boolean alone = memberships.ofGrant(old.id).stream().allMatch(x -> x.id.equals(m.id));
        if (alone) {
            old.name = name;
            old.nameKey = key;
            old.parentGrantId = parent.id;
            created.put(key, old);
            return old;
        }
        GrantEntity grant = new GrantEntity();
        grant.id = RowIds.next();
        grant.tenantId = tenantId;
        grant.name = name;
        grant.nameKey = key;
        grant.profileId = old.profileId;
        grant.customized = old.customized;
        grant.rights = new HashSet<>(old.rights);
        grant.separateDelegateGrants = old.separateDelegateGrants;
        grant.parentGrantId = parent.id;
        grant.createdAt = Instant.now();
        db.em().persist(grant);
        created.put(key, grant);
        return grant;
    }

    /** The duplicate rule of inviting, for a moved person: not already under the grant they move below. */
    private void requireNotUnder(String tenantId, AccountEntity account, GrantEntity parent, Set<String> moving, String leaverId) {
        for (MembershipEntity other : memberships.ofAccount(tenantId, account.id)) {
            if (moving.contains(other.id) || other.id.equals(leaverId)) {
                continue;
            }
            GrantEntity grant = db.em().find(GrantEntity.class, other.grantId);
            if (grant != null && parent.id.equals(grant.parentGrantId)) {
                throw new ConflictException("handover.duplicate", "'" + account.login + "' is already a delegate under '" + parent.name
                    + "' (grant '" + grant.name + "'): delete one of the two first.", account.login, parent.name, grant.name);
            }
        }
    }

    /** The rules that need no look-up below the successor: another live person in the same company, not below the leaver. */
    private ValidationException basicRefusal(TenantModel current, MembershipEntity leaver, MembershipEntity successor,
        Set<String> below) {
        if (successor.id.equals(leaver.id) || successor.accountId.equals(leaver.accountId)) {
            return new ValidationException("successorId", "handover.samePerson", "The successor must be another person than the one who leaves.");
        }
        if (below.contains(successor.id)) {
            return new ValidationException("successorId", "handover.belowLeaver", "The successor was invited by the person who leaves "
                + "(or by someone they invited) and would be moved with them; choose someone outside their delegates.");
        }
        TenantModel.Node node = current.nodes.get(successor.id);
        if (node == null || !current.live(node)) {
            return new ValidationException("successorId", "handover.successorNotActive", "The successor has not registered yet or has "
                + "no access of their own; only a registered person with access can take over.");
        }
        if (!company(leaver.grantId).equals(company(successor.grantId))) {
            return new ValidationException("successorId", "handover.otherCompany", "The successor belongs to another company (top-level grant); "
                + "a hand-over stays within one company.");
        }
        return null;
    }

    /** The successor's profile must list every profile the leaver's direct delegates hold. */
    private ValidationException profileRefusal(MembershipEntity successor, List<MembershipEntity> direct) {
        GrantEntity grant = db.em().find(GrantEntity.class, successor.grantId);
        ProfileEntity profile = grant.profileId == null ? null : db.em().find(ProfileEntity.class, grant.profileId);
        Set<String> delegable = profile == null ? Set.of() : profile.delegableIds;
        Map<String, List<String>> refused = new LinkedHashMap<>();
        for (MembershipEntity d : direct) {
            GrantEntity g = db.em().find(GrantEntity.class, d.grantId);
            if (g.profileId == null || !delegable.contains(g.profileId)) {
                ProfileEntity p = g.profileId == null ? null : db.em().find(ProfileEntity.class, g.profileId);
                refused.computeIfAbsent(p == null ? "-" : p.name, k -> new ArrayList<>()).add(login(d));
            }
        }
        if (refused.isEmpty()) {
            return null;
        }
        List<String> people = refused.values().stream().flatMap(List::stream).toList();
        FieldError error = FieldError.of("successorId", "handover.profileNotDelegable", "The successor's profile '"
            + (profile == null ? "-" : profile.name) + "' may not hand out " + refused.keySet() + ", which " + people
            + " hold: the successor's profile is narrower.", profile == null ? "-" : profile.name, String.join(", ", refused.keySet()),
            String.join(", ", people));
        return new ValidationException(List.of(error));
    }

    /** The top-level grant a grant was created below (its company); the grant itself when it is one. */
    private String company(String grantId) {
        String id = grantId;
        for (int i = 0; i <= TenantModel.MAX_DEPTH * 2; i++) {
            GrantEntity grant = db.em().find(GrantEntity.class, id);
            if (grant == null || grant.parentGrantId == null) {
                return id;
            }
            id = grant.parentGrantId;
        }
        return id;
    }

    /** How many levels the subtree below the leaver has (1: only direct delegates, 0: nobody). */
    private static int height(MembershipEntity leaver, List<MembershipEntity> below) {
        Map<String, Integer> level = new HashMap<>();
        level.put(leaver.id, 0);
        int max = 0;
        Deque<MembershipEntity> order = new ArrayDeque<>(below);
        for (MembershipEntity m : order) {
            int l = level.getOrDefault(m.inviterId, 0) + 1;
            level.put(m.id, l);
            max = Math.max(max, l);
        }
        return max;
    }

    private String login(MembershipEntity m) {
        AccountEntity account = db.em().find(AccountEntity.class, m.accountId);
        return account == null ? m.accountId : account.login;
    }
}
