package dev.collab.profiles.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import javax.persistence.TypedQuery;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.collab.api.ConflictException;
import dev.collab.api.FieldError;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.customers.Customer;
import dev.collab.api.customers.CustomerDirectory;
import dev.collab.api.grants.Grant;
import dev.collab.api.grants.GrantDraft;
import dev.collab.api.grants.GrantNode;
import dev.collab.api.grants.GrantPatch;
import dev.collab.api.grants.GrantService;
import dev.collab.api.grants.HandOverOptions;
import dev.collab.api.grants.HandOverResult;
import dev.collab.api.grants.Member;
import dev.collab.api.grants.MemberPage;
import dev.collab.api.grants.MemberQuery;
import dev.collab.api.grants.MembershipStatus;
import dev.collab.api.profiles.RightsCatalog;
import dev.collab.api.tenants.TenantService;
import dev.collab.profiles.internal.entities.AccountEntity;
import dev.collab.profiles.internal.entities.GrantEntity;
import dev.collab.profiles.internal.entities.MembershipEntity;
import dev.collab.profiles.internal.entities.ProfileEntity;
import dev.collab.profiles.internal.entities.RowIds;
import dev.collab.profiles.internal.entities.TenantEntity;
import dev.collab.profiles.internal.persistence.Database;

@Component(service = GrantService.class)
public final class GrantServiceImpl implements GrantService {
    /** The width of the membership customer column. */
    static final int MAX_CUSTOMER_ID = 64;
    /** Ids per batch query: one page of the largest size. */
    static final int BATCH = MemberQuery.MAX_LIMIT;
    private final AccessModel model;
    private final Database db;
    private final TenantService tenants;
    private final RightsCatalog catalog;
    private final InvitationIssuer invitations;
    private final Memberships memberships;
    private final Audit audit;
    private final HandOvers handOvers;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CustomerDirectory directory;

    @Activate
    public GrantServiceImpl(@Reference AccessModel model, @Reference Database db, @Reference TenantService tenants,
        @Reference RightsCatalog catalog, @Reference InvitationIssuer invitations) {
        this.model = model;
        this.db = db;
        this.tenants = tenants;
        this.catalog = catalog;
        this.invitations = invitations;
        this.memberships = new Memberships(db, model, invitations);
        this.audit = new Audit(db);
        this.handOvers = new HandOvers(db, model, invitations, memberships);
    }

    @Override
    public Grant create(String tenantId, GrantDraft draft, String actor) {
        requireTenant(tenantId);
        if (draft == null) {
            throw new ValidationException("body", "grant.bodyRequired", "A grant is required.");
        }
        List<FieldError> errors = new ArrayList<>();
        String name = Rules.name("name", draft.name(), 200, false, errors);
        String email = Rules.email("email", draft.email(), errors);
        Set<String> rights = draft.rights() == null ? null : knownRights(draft.rights(), errors);
        Set<String> customers = existingCustomers(tenantId, draft.customers(), errors);
        if (Memberships.language(draft.language()) != null) {
            errors.add(Memberships.language(draft.language()));
        }
        if (draft.profile() == null && draft.rights() == null) {
            errors.add(FieldError.of("profile", "grant.profileOrRights", "Give a profile, or rights, or both."));
        }
        if (!errors.isEmpty() && draft.profile() == null) {
            throw new ValidationException(errors);
        }
        return model.change(tenantId, () -> exists(name), () -> {
            ProfileEntity profile = draft.profile() == null ? null : profileByName(tenantId, draft.profile(), errors);
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
            GrantEntity grant = new GrantEntity();
            grant.id = RowIds.next();
            grant.tenantId = tenantId;
            grant.name = name;
            grant.nameKey = Rules.key(name);
            grant.profileId = profile == null ? null : profile.id;
            grant.customized = rights != null;
            grant.rights = rights == null ? new HashSet<>() : new HashSet<>(rights);
            grant.separateDelegateGrants = draft.separateDelegateGrants();
            grant.createdAt = Instant.now();
            db.em().persist(grant);

            AccountEntity account = memberships.accountFor(tenantId, email, draft.language());
            boolean registered = attach(tenantId, grant, profile, account, customers, actor);
            audit.record(tenantId, actor, "grant.created", grant.name,
                "profile " + (profile == null ? "-" : profile.name) + ", member " + account.login + ", customers "
                    + customers.stream().sorted().toList() + (registered ? "" : ", invitation issued"));
            db.em().flush();
            return view(tenantId, grant);
        });
    }

    @Override
    public List<Grant> list(String tenantId) {
        requireTenant(tenantId);
        return db.supports(() -> db.em().createQuery("SELECT g FROM GrantEntity g WHERE g.tenantId = :t", GrantEntity.class)
            .setParameter("t", tenantId).getResultList().stream()
            .sorted(Comparator.comparing((GrantEntity g) -> g.nameKey))
            .map(g -> view(tenantId, g)).toList());
    }

    @Override
    public Grant get(String tenantId, String grantId) {
        requireTenant(tenantId);
        return answer(tenantId, grantId);
    }

    @Override
    public Grant patch(String tenantId, String grantId, GrantPatch patch, String actor) {
        requireTenant(tenantId);
        if (patch == null) {
            throw new ValidationException("body", "grant.changeRequired", "A change is required.");
        }
        List<FieldError> errors = new ArrayList<>();
        Set<String> rights = patch.setRights() && patch.rights() != null ? knownRights(patch.rights(), errors) : null;
        return model.change(tenantId, GrantServiceImpl::grantChanged, () -> {
            GrantEntity grant = grant(tenantId, grantId);
            ProfileEntity profile = patch.profile() == null ? null : profileByName(tenantId, patch.profile(), errors);
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
            List<String> what = new ArrayList<>();
            if (profile != null) {
                grant.profileId = profile.id;
                what.add("profile " + profile.name);
            }
            if (patch.setRights()) {
                if (rights == null) {
                    if (grant.profileId == null) {
                        throw new ValidationException("rights", "grant.noProfile", "The grant has no profile to return to; give rights.");
                    }
                    grant.customized = false;
                    grant.rights.clear();
                    what.add("rights back to the profile's");
                } else {
                    grant.customized = true;
                    grant.rights = new HashSet<>(rights);
                    what.add("rights customized to " + rights.stream().sorted().toList());
                }
            }
            if (patch.separateDelegateGrants() != null) {
                grant.separateDelegateGrants = patch.separateDelegateGrants();
                what.add("separateDelegateGrants " + grant.separateDelegateGrants);
            }
            model.touched().grant(grant.id);
            audit.record(tenantId, actor, "grant.changed", grant.name, String.join(", ", what));
            db.em().flush();
            return view(tenantId, grant);
        });
    }

    @Override
    public Grant rescope(String tenantId, String grantId, String userId, List<String> customers, String actor) {
        requireTenant(tenantId);
        List<FieldError> errors = new ArrayList<>();
        // What the re-scope takes away and gives, planned against the membership the model holds:
        // each requested id is looked up there once, and only the customers it gives are asked of
        // the directory (taking one of 2,000 away must not look up the other 1,999, which were
        // checked when they were added).
        TenantModel.Node held = model.model(tenantId).membership(userId, grantId);
        IdSet.Difference planned = held != null && wellFormed(customers) ? held.scope().difference(customers) : null;
        Set<String> giving = planned == null ? null : new HashSet<>(planned.added());
        checkCustomers(tenantId, customers, giving == null ? id -> false : id -> !giving.contains(id), errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        model.change(tenantId, GrantServiceImpl::memberChanged, () -> {
            // The model holds what is committed (this change holds the tenant's lock): the grant,
            // the account, the membership and its customers come from there, and only the
            // difference is written. Loading the entity would read a root member's thousands of
            // customers back.
            TenantModel committed = model.model(tenantId);
            TenantModel.Node node = committed.membership(userId, grantId);
            TenantModel.GrantRow grantRow = node == null ? null : committed.grant(grantId);
            TenantModel.AccountRow accountRow = node == null ? null : committed.accountRow(userId);
            String id;
            String grantName;
            String login;
            IdSet.Difference difference;
            int size;
            if (grantRow != null && accountRow != null) {
                id = node.id();
                grantName = grantRow.name();
                login = accountRow.login();
                // The same set as planned (sets are immutable): the plan's difference stands.
                difference = planned != null && node.scope() == held.scope() ? planned : node.scope().difference(customers);
                size = node.scope().size() - difference.removed().size() + difference.added().size();
            } else {
                GrantEntity grant = grant(tenantId, grantId);
                MembershipEntity member = member(grant, userId);
                id = member.id;
                grantName = grant.name;
                login = db.em().find(AccountEntity.class, userId).login;
                Set<String> scope = new HashSet<>(customers);
                difference = difference(member.customers, scope);
                size = scope.size();
            }
            List<String> removed = difference.removed();
            List<String> added = difference.added();
            memberships.rescope(id, removed, added);
            model.touched().rescoped(id, List.copyOf(customers), removed, added);
            // The difference, not both lists: a root member holds thousands of customers.
            audit.record(tenantId, actor, "member.rescoped", login,
                "grant " + grantName + ": customers removed " + removed + ", added " + added + ", now " + size);
            return null;
        });
        // The answer after the commit, outside the tenant's lock: it reads, and other changes need not wait for it.
        return answer(tenantId, grantId);
    }

    @Override
    public Grant setValidUntil(String tenantId, String grantId, String userId, Instant validUntil, String actor) {
        requireTenant(tenantId);
        model.change(tenantId, GrantServiceImpl::memberChanged, () -> {
            GrantEntity grant = grant(tenantId, grantId);
            MembershipEntity member = member(grant, userId);
            Instant now = model.clock.instant();
            if (validUntil != null && !validUntil.isAfter(now)) {
                throw new ValidationException("validUntil", "validity.past", "The end of the access must lie in the future.");
            }
            Instant before = member.validUntil;
            member.validUntil = Validity.stored(validUntil);
            // an end that lies ahead again is recorded again when it passes
            member.expiredAt = null;
            model.touched().membership(member.id);
            AccountEntity account = db.em().find(AccountEntity.class, userId);
            audit.record(tenantId, actor, "member.validUntil", account.login, "grant " + grant.name + ": valid until " + before + " -> "
                + (member.validUntil == null ? "no end" : member.validUntil));
            return null;
        });
        return answer(tenantId, grantId);
    }

    @Override
    public void removeMember(String tenantId, String grantId, String userId, String actor) {
        requireTenant(tenantId);
        model.change(tenantId, GrantServiceImpl::memberChanged, () -> {
            GrantEntity grant = grant(tenantId, grantId);
            memberships.removeCascade(member(grant, userId), actor);
            return null;
        });
    }

    @Override
    public GrantNode tree(String tenantId, String grantId) {
        requireTenant(tenantId);
        return db.supports(() -> {
            GrantEntity root = grant(tenantId, grantId);
            Map<String, List<GrantEntity>> children = new HashMap<>();
            for (GrantEntity g : db.em().createQuery("SELECT g FROM GrantEntity g WHERE g.tenantId = :t AND g.parentGrantId IS NOT NULL",
                GrantEntity.class).setParameter("t", tenantId).getResultList()) {
                children.computeIfAbsent(g.parentGrantId, p -> new ArrayList<>()).add(g);
            }
            return node(tenantId, root, children, new HashSet<>());
        });
    }

    private GrantNode node(String tenantId, GrantEntity grant, Map<String, List<GrantEntity>> children,
        Set<String> seen) {
        Grant view = view(tenantId, grant);
        List<GrantNode> below = new ArrayList<>();
        if (seen.add(grant.id)) {
            for (GrantEntity child : children.getOrDefault(grant.id, List.of()).stream()
                .sorted(Comparator.comparing((GrantEntity g) -> g.nameKey)).toList()) {
                below.add(node(tenantId, child, children, seen));
            }
        }
        return new GrantNode(view.name(), view.id(), view.profile(), view.members(), below);
    }

    @Override
    public MemberPage members(String tenantId, String grantId, MemberQuery query) {
        requireTenant(tenantId);
        if (query == null) {
            throw new ValidationException("query", "list.queryRequired", "A query is required.");
        }
        int limit = Keyset.limit(query.limit(), MemberQuery.MAX_LIMIT);
        List<String> after = Keyset.decode(query.cursor(), 2);
        String like = Keyset.like(query.filter());
        return db.supports(() -> {
            GrantEntity grant = grant(tenantId, grantId);
            // Only the columns of the index MEMBERSHIP_GRANT_ORDER: one range scan per page.
            StringBuilder jpql = new StringBuilder("SELECT m.id, m.accountLoginKey FROM MembershipEntity m WHERE m.grantId = :g");
            if (like != null) {
                jpql.append(" AND m.accountLoginKey LIKE :q ESCAPE '\\'");
            }
            if (after != null) {
                jpql.append(" AND m.accountLoginKey >= :k1 AND (m.accountLoginKey > :k1 OR m.id > :k2)");
            }
            jpql.append(" ORDER BY m.accountLoginKey, m.id");
            TypedQuery<Object[]> page = db.em().createQuery(jpql.toString(), Object[].class)
                .setParameter("g", grant.id);
            if (like != null) {
                page.setParameter("q", like);
            }
            if (after != null) {
                page.setParameter("k1", after.get(0)).setParameter("k2", after.get(1));
            }
            List<Object[]> keys = page.setMaxResults(limit + 1).getResultList();
            List<Object[]> shown = keys.subList(0, Math.min(limit, keys.size()));
            List<Member> items = members(tenantId, shown.stream().map(k -> (String) k[0]).toList());
            Object[] last = shown.isEmpty() ? null : shown.get(shown.size() - 1);
            return new MemberPage(items, keys.size() > limit ? Keyset.encode((String) last[1], (String) last[0]) : null);
        });
    }

    /**
     * The grant as the admin sees it, read from the access model: it holds exactly what is
     * committed (grant, profile, memberships with their accounts, customers and validity), so
     * only the host's directory is asked, for the customers' names. Within a transaction, or
     * when the model lacks a part (a grant it does not hold: the 404 comes from there), the
     * database answers.
     */
    private Grant answer(String tenantId, String grantId) {
        Grant held = db.activeTransaction() || grantId == null ? null : heldView(tenantId, model.model(tenantId), grantId);
        return held != null ? held : db.supports(() -> view(tenantId, grant(tenantId, grantId)));
    }

    /** {@link #view} from the model, or {@code null} when the model lacks a part of it. */
    private Grant heldView(String tenantId, TenantModel committed, String grantId) {
        TenantModel.GrantRow grant = committed.grant(grantId);
        TenantModel.ProfileRow profile = grant == null ? null : committed.profile(grant.profileId());
        // the grant's rights as decisions use them: its own if customized, else its profile's
        Set<String> rights = committed.grantRights.get(grantId);
        if (grant == null || grant.profileId() != null && profile == null || rights == null) {
            return null;
        }
        List<TenantModel.Node> nodes = new ArrayList<>(committed.membersOf(grantId));
        Map<String, TenantModel.AccountRow> accounts = new HashMap<>();
        for (TenantModel.Node node : nodes) {
            TenantModel.AccountRow account = committed.accountRow(node.accountId());
            if (account == null) {
                return null;
            }
            accounts.put(node.id(), account);
        }
        // the database's order: MEMBERSHIP_GRANT_ORDER (login key, then id)
        nodes.sort(Comparator.comparing((TenantModel.Node n) -> accounts.get(n.id()).loginKey()).thenComparing(TenantModel.Node::id));
        Map<String, Customer> names = Memberships.named(directory, tenantId, union(nodes.stream().map(TenantModel.Node::scope).toList()));
        List<Member> members = new ArrayList<>(nodes.size());
        for (TenantModel.Node node : nodes) {
            TenantModel.Node inviter = node.inviterId() == null ? null : committed.nodes.get(node.inviterId());
            TenantModel.AccountRow inviterAccount = inviter == null ? null : committed.accountRow(inviter.accountId());
            members.add(new Member(node.accountId(), accounts.get(node.id()).login(), Memberships.sorted(node.scope(), names),
                node.active() ? MembershipStatus.ACTIVE : MembershipStatus.INVITED, inviterAccount == null ? null : inviterAccount.login(),
                node.validUntil()));
        }
        TenantModel.GrantRow parent = grant.parentGrantId() == null ? null : committed.grant(grant.parentGrantId());
        return new Grant(grant.id(), grant.name(), profile == null ? null : profile.name(), rights.stream().sorted().toList(),
            grant.customized(), grant.separateDelegateGrants(), parent == null ? null : parent.name(), grant.parentGrantId(), members);
    }

    Grant view(String tenantId, GrantEntity grant) {
        ProfileEntity profile = grant.profileId == null ? null : db.em().find(ProfileEntity.class, grant.profileId);
        GrantEntity parent = grant.parentGrantId == null ? null : db.em().find(GrantEntity.class, grant.parentGrantId);
        List<String> ids = db.em().createQuery("SELECT m.id FROM MembershipEntity m WHERE m.grantId = :g"
            + " ORDER BY m.accountLoginKey, m.id", String.class).setParameter("g", grant.id).getResultList();
        return new Grant(grant.id, grant.name, profile == null ? null : profile.name,
            Memberships.rights(grant, profile).stream().sorted().toList(), grant.customized, grant.separateDelegateGrants,
            parent == null ? null : parent.name, grant.parentGrantId, members(tenantId, ids));
    }

    /**
     * The members of these memberships, in the order given: a fixed number of batch queries
     * however many there are (at most {@link #BATCH} ids per query), one look-up of customer
     * names for all of them.
     */
    private List<Member> members(String tenantId, List<String> ids) {
        Map<String, Object[]> rows = new HashMap<>();
        Map<String, Set<String>> scopes = new HashMap<>();
        Map<String, String> logins = new HashMap<>();
        Set<String> inviters = new HashSet<>();
        for (List<String> chunk : chunks(ids)) {
            for (Object[] row : db.em().createQuery("SELECT m.id, m.accountId, a.login, m.status, m.inviterId, m.validUntil"
                + " FROM MembershipEntity m, AccountEntity a WHERE a.id = m.accountId AND m.id IN :ids", Object[].class)
                .setParameter("ids", chunk).getResultList()) {
                rows.put((String) row[0], row);
                if (row[4] != null) {
                    inviters.add((String) row[4]);
                }
            }
        }
        // Outside a change the access model holds exactly the committed customers: a root
        // member's thousands need not be read back. Within one (or for a membership the model
        // does not hold yet) they are read from the database, which shows the change's own writes.
        TenantModel committed = db.activeTransaction() || rows.isEmpty() ? null : model.model(tenantId);
        List<String> unknown = new ArrayList<>();
        for (String id : rows.keySet()) {
            TenantModel.Node node = committed == null ? null : committed.nodes.get(id);
            if (node != null) {
                scopes.put(id, node.scope());
            } else {
                unknown.add(id);
            }
        }
        for (List<String> chunk : chunks(unknown)) {
            for (Object[] row : db.em().createQuery("SELECT m.id, c FROM MembershipEntity m JOIN m.customers c WHERE m.id IN :ids",
                Object[].class).setParameter("ids", chunk).getResultList()) {
                scopes.computeIfAbsent((String) row[0], k -> new HashSet<>()).add((String) row[1]);
            }
        }
        for (List<String> chunk : chunks(List.copyOf(inviters))) {
            for (Object[] row : db.em().createQuery("SELECT m.id, a.login FROM MembershipEntity m, AccountEntity a"
                + " WHERE a.id = m.accountId AND m.id IN :ids", Object[].class).setParameter("ids", chunk).getResultList()) {
                logins.put((String) row[0], (String) row[1]);
            }
        }
        Map<String, Customer> names = Memberships.named(directory, tenantId, union(List.copyOf(scopes.values())));
        List<Member> members = new ArrayList<>(ids.size());
        for (String id : ids) {
            Object[] m = rows.get(id);
            if (m != null) {
                members.add(new Member((String) m[1], (String) m[2], Memberships.sorted(scopes.getOrDefault(id, Set.of()), names),
                    MembershipStatus.valueOf((String) m[3]), m[4] == null ? null : logins.get((String) m[4]), (Instant) m[5]));
            }
        }
        return members;
    }

    /** Every customer of these members, asked of the directory at once; a single member's set as it is. */
    private static Set<String> union(List<? extends Set<String>> scopes) {
        if (scopes.size() == 1) {
            return scopes.get(0);
        }
        Set<String> all = new HashSet<>();
        scopes.forEach(all::addAll);
        return all;
    }

    /** Bounds the IN lists (databases limit a statement's parameters; PostgreSQL at 32,767). */
    private static List<List<String>> chunks(List<String> ids) {
        List<List<String>> result = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += BATCH) {
            result.add(ids.subList(i, Math.min(ids.size(), i + BATCH)));
        }
        return result;
    }

    /**
     * Answers 404 for a tenant that does not exist. Tenants are never deleted, so one whose
     * model this node holds exists, and an admin's change need not read its row first.
     */
    private void requireTenant(String tenantId) {
        if (!model.holds(tenantId)) {
            tenants.get(tenantId);
        }
    }

    GrantEntity grant(String tenantId, String grantId) {
        GrantEntity grant = grantId == null ? null : db.em().find(GrantEntity.class, grantId);
        if (grant == null || !grant.tenantId.equals(tenantId)) {
            throw new UnknownResourceException("grant.notFound", "There is no grant '" + grantId + "' in this tenant.", grantId);
        }
        return grant;
    }

    private MembershipEntity member(GrantEntity grant, String userId) {
        return memberships.ofGrant(grant.id).stream().filter(m -> m.accountId.equals(userId)).findFirst()
            .orElseThrow(() -> new UnknownResourceException("grant.memberNotFound", "User '" + userId + "' is not a member of grant '" + grant.name + "'.", userId, grant.name));
    }

    ProfileEntity profileByName(String tenantId, String name, List<FieldError> errors) {
        List<ProfileEntity> found = db.em().createQuery(
            "SELECT p FROM ProfileEntity p WHERE p.tenantId = :t AND p.nameKey = :n", ProfileEntity.class)
            .setParameter("t", tenantId).setParameter("n", Rules.key(name.trim())).getResultList();
        if (found.isEmpty()) {
            errors.add(FieldError.of("profile", "profile.unknown", "Unknown profile '" + name + "'.", name));
            return null;
        }
        return found.get(0);
    }

    private Set<String> knownRights(List<String> rights, List<FieldError> errors) {
        Set<String> known = new HashSet<>();
        catalog.rights().forEach(r -> known.add(r.id()));
        Set<String> result = new LinkedHashSet<>();
        for (int i = 0; i < rights.size(); i++) {
            String right = rights.get(i);
            if (right == null || !known.contains(right)) {
                errors.add(FieldError.of("rights[" + i + "]", "right.unknown", "Unknown right '" + right + "'.", right));
            } else {
                result.add(right);
            }
        }
        return result;
    }

    /** The customers if all exist, else none and {@code errors} says why. */
    private Set<String> existingCustomers(String tenantId, List<String> customers, List<FieldError> errors) {
        int before = errors.size();
        checkCustomers(tenantId, customers, id -> false, errors);
        return errors.size() == before ? new LinkedHashSet<>(customers) : Set.of();
    }

    /** Like {@link IdSet#difference}, for a membership the model does not hold. */
    private static IdSet.Difference difference(Set<String> before, Set<String> wanted) {
        return new IdSet.Difference(before.stream().filter(c -> !wanted.contains(c)).sorted().toList(),
            wanted.stream().filter(c -> !before.contains(c)).sorted().toList());
    }

    /** Whether every id is one the model could look up: present and not too long. */
    private static boolean wellFormed(List<String> customers) {
        if (customers == null) {
            return false;
        }
        for (String id : customers) {
            if (id == null || id.length() > MAX_CUSTOMER_ID) {
                return false;
            }
        }
        return true;
    }

    /**
     * Adds to {@code errors} each customer that is missing, too long or not in the host's
     * directory; those {@code known} to exist are not asked of it.
     */
    private void checkCustomers(String tenantId, List<String> customers, Predicate<String> known, List<FieldError> errors) {
        if (customers == null || customers.isEmpty()) {
            errors.add(FieldError.of("customers", "grant.customersRequired", "Choose at least one customer."));
            return;
        }
        boolean[] held = new boolean[customers.size()];
        List<String> ask = new ArrayList<>();
        for (int i = 0; i < held.length; i++) {
            String id = customers.get(i);
            held[i] = id != null && known.test(id);
            if (id != null && !held[i]) {
                ask.add(id);
            }
        }
        CustomerDirectory customersOfHost = Memberships.need(directory);
        Map<String, ?> found = ask.isEmpty() ? Map.of() : customersOfHost.find(tenantId, ask);
        for (int i = 0; i < held.length; i++) {
            String id = customers.get(i);
            if (id != null && id.length() > MAX_CUSTOMER_ID) {
                errors.add(FieldError.of("customers[" + i + "]", "customer.idTooLong", "Customer ids longer than " + MAX_CUSTOMER_ID
                    + " characters are not supported.", MAX_CUSTOMER_ID));
            } else if (id == null || !held[i] && !found.containsKey(id)) {
                errors.add(FieldError.of("customers[" + i + "]", "customer.unknown", "Unknown customer '" + id + "'.", id));
            }
        }
    }

    // --- the admin's later changes of a grant (issue 11) -------------------------------------

    @Override
    public Grant rename(String tenantId, String grantId, String name, String actor) {
        requireTenant(tenantId);
        List<FieldError> errors = new ArrayList<>();
        String newName = Rules.name("name", name, 200, false, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return model.change(tenantId, () -> new ConflictException("grant.existsBelow",
            "A grant named '" + newName + "' (or one below it) already exists.", newName), () -> {
            GrantEntity root = grant(tenantId, grantId);
            if (root.parentGrantId != null) {
                throw new ConflictException("grant.renameDelegate", "'" + root.name + "' is a delegate grant: its name follows the "
                    + "grant of the person who invited (<grant>/<e-mail> or <grant>/<profile>); rename that grant instead.", root.name);
            }
            String oldName = root.name;
            if (oldName.equals(newName)) {
                return view(tenantId, root);
            }
            List<GrantEntity> renamed = new ArrayList<>();
            renamed.add(root);
            renamed.addAll(descendants(tenantId, root));
            Map<String, String> names = new HashMap<>();
            names.put(root.id, newName);
            for (GrantEntity g : renamed.subList(1, renamed.size())) {
                String parentName = names.get(g.parentGrantId);
                String oldParent = db.em().find(GrantEntity.class, g.parentGrantId).name;
                String suffix = g.name.startsWith(oldParent + "/") ? g.name.substring(oldParent.length() + 1)
                    : g.name.substring(g.name.lastIndexOf('/') + 1);
                String child = parentName + "/" + suffix;
                if (child.length() > DelegationServiceImpl.MAX_GRANT_NAME || Rules.key(child).length() > DelegationServiceImpl.MAX_GRANT_NAME) {
                    throw new ValidationException("name", "grant.nameTooLongBelow", "The name is too long for the grants below it: '" + Rules.abbreviate(child)
                        + "' would exceed " + DelegationServiceImpl.MAX_GRANT_NAME + " characters.", Rules.abbreviate(child), DelegationServiceImpl.MAX_GRANT_NAME);
                }
                names.put(g.id, child);
            }
            Set<String> ours = new HashSet<>();
            renamed.forEach(g -> ours.add(g.id));
            for (GrantEntity g : renamed) {
                String wanted = names.get(g.id);
                List<GrantEntity> taken = db.em().createQuery("SELECT g FROM GrantEntity g WHERE g.tenantId = :t AND g.nameKey = :n",
                    GrantEntity.class).setParameter("t", tenantId).setParameter("n", Rules.key(wanted)).getResultList();
                if (taken.stream().anyMatch(other -> !ours.contains(other.id))) {
                    throw exists(Rules.abbreviate(wanted));
                }
            }
            // Parents are renamed before their children (the list is in tree order), so that no two
            // rows of the subtree hold the same key at any moment.
            for (GrantEntity g : renamed) {
                g.name = names.get(g.id);
                g.nameKey = Rules.key(g.name);
                model.touched().grant(g.id);
                // the overview's sort key, copied onto each membership (migration V5), follows the name
                db.em().createQuery("UPDATE MembershipEntity m SET m.grantNameKey = :k WHERE m.grantId = :g")
                    .setParameter("k", g.nameKey).setParameter("g", g.id).executeUpdate();
            }
            audit.record(tenantId, actor, "grant.renamed", newName, "was " + oldName
                + (renamed.size() > 1 ? "; " + (renamed.size() - 1) + " delegate grant(s) below renamed with it" : ""));
            db.em().flush();
            return view(tenantId, root);
        });
    }

    @Override
    public List<String> delete(String tenantId, String grantId, String actor) {
        requireTenant(tenantId);
        return model.change(tenantId, GrantServiceImpl::grantChanged, () -> {
            GrantEntity root = grant(tenantId, grantId);
            String rootName = root.name;
            List<GrantEntity> subtree = new ArrayList<>();
            subtree.add(root);
            subtree.addAll(descendants(tenantId, root));
            List<String> removed = new ArrayList<>();
            for (GrantEntity g : subtree) {
                // A member may be gone already: removed with the person who invited them.
                for (MembershipEntity m : memberships.ofGrant(g.id)) {
                    if (db.em().find(MembershipEntity.class, m.id) != null) {
                        removed.addAll(memberships.removeCascade(m, actor));
                    }
                }
            }
            db.em().flush();
            for (int i = subtree.size() - 1; i >= 0; i--) {
                GrantEntity g = db.em().find(GrantEntity.class, subtree.get(i).id);
                if (g != null) {
                    if (g != root) {
                        audit.record(tenantId, actor, "grant.removed", g.name, "deleted with " + rootName);
                    }
                    model.touched().grant(g.id);
                    db.em().remove(g);
                }
            }
            audit.record(tenantId, actor, "grant.deleted", rootName, removed.size() + " membership(s) removed"
                + (subtree.size() > 1 ? ", " + (subtree.size() - 1) + " delegate grant(s) below deleted" : "")
                + "; accounts and mailboxes kept");
            db.em().flush();
            return List.copyOf(removed);
        });
    }

    @Override
    public Grant addMember(String tenantId, String grantId, String email, List<String> customers, String language, String actor) {
        requireTenant(tenantId);
        List<FieldError> errors = new ArrayList<>();
        String login = Rules.email("email", email, errors);
        Set<String> scope = existingCustomers(tenantId, customers, errors);
        if (Memberships.language(language) != null) {
            errors.add(Memberships.language(language));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return model.change(tenantId, () -> new ConflictException("member.exists", "'" + login + "' is a member of the grant already.", login),
            () -> {
            GrantEntity grant = grant(tenantId, grantId);
            AccountEntity account = memberships.accountFor(tenantId, login, language);
            if (memberships.ofGrant(grant.id).stream().anyMatch(m -> m.accountId.equals(account.id))) {
                throw new ConflictException("member.existsIn", "'" + account.login + "' is a member of '" + grant.name + "' already.",
                    account.login, grant.name);
            }
            ProfileEntity profile = grant.profileId == null ? null : db.em().find(ProfileEntity.class, grant.profileId);
            boolean registered = attach(tenantId, grant, profile, account, scope, actor);
            audit.record(tenantId, actor, "member.added", account.login, "grant " + grant.name + ", customers "
                + scope.stream().sorted().toList() + (registered ? "" : ", invitation issued"));
            db.em().flush();
            return view(tenantId, grant);
        });
    }

    /**
     * Makes the account a member of the grant, by the admin: at once when it has registered,
     * else invited with an invitation mail. The one place an admin's membership is created, so
     * that every one carries the overview's sort keys.
     *
     * @return whether the account had registered (the membership is active)
     */
    private boolean attach(String tenantId, GrantEntity grant, ProfileEntity profile,
        AccountEntity account, Set<String> customers, String actor) {
        MembershipEntity member = MembershipEntity.invited(grant, account, customers);
        boolean registered = account.passwordHash != null;
        member.status = registered ? MembershipEntity.ACTIVE : MembershipEntity.INVITED;
        member.acceptedAt = registered ? member.invitedAt : null;
        db.em().persist(member);
        model.touched().rescoped(member.id);
        if (!registered) {
            model.touched().event("INVITED", tenantId, actor, account.login, grant.name, "profile " + (profile == null ? "-" : profile.name));
            invitations.issue(member, account, db.em().find(TenantEntity.class, tenantId), profile == null ? null : profile.name,
                grant.name, null);
        }
        return registered;
    }

    @Override
    public Instant resendInvitation(String tenantId, String grantId, String userId, String actor) {
        requireTenant(tenantId);
        return model.change(tenantId, GrantServiceImpl::memberChanged, () -> {
            GrantEntity grant = grant(tenantId, grantId);
            MembershipEntity member = member(grant, userId);
            if (!MembershipEntity.INVITED.equals(member.status)) {
                throw new ConflictException("member.registered", "The member has registered already; there is nothing to resend.");
            }
            AccountEntity account = db.em().find(AccountEntity.class, member.accountId);
            ProfileEntity profile = grant.profileId == null ? null : db.em().find(ProfileEntity.class, grant.profileId);
            String invitedBy = null;
            if (member.inviterId != null) {
                // The mail names the person who invited, as the first one did, not the admin.
                MembershipEntity inviter = db.em().find(MembershipEntity.class, member.inviterId);
                AccountEntity inviterAccount = inviter == null ? null : db.em().find(AccountEntity.class, inviter.accountId);
                invitedBy = inviterAccount == null ? null : inviterAccount.login;
            }
            Instant expiresAt = invitations.reissue(member, account, db.em().find(TenantEntity.class, tenantId),
                profile == null ? null : profile.name, grant.name, invitedBy);
            audit.record(tenantId, actor, "member.invitation.resent", account.login,
                "grant " + grant.name + "; the previous link no longer works");
            return expiresAt;
        });
    }

    /** The grants created below a grant by inviting, at every level, parents before their children. */
    private List<GrantEntity> descendants(String tenantId, GrantEntity root) {
        Map<String, List<GrantEntity>> children = new HashMap<>();
        for (GrantEntity g : db.em().createQuery("SELECT g FROM GrantEntity g WHERE g.tenantId = :t AND g.parentGrantId IS NOT NULL",
            GrantEntity.class).setParameter("t", tenantId).getResultList()) {
            children.computeIfAbsent(g.parentGrantId, p -> new ArrayList<>()).add(g);
        }
        List<GrantEntity> result = new ArrayList<>();
        Set<String> seen = new HashSet<>(Set.of(root.id));
        ArrayDeque<GrantEntity> queue = new ArrayDeque<>(List.of(root));
        while (!queue.isEmpty()) {
            for (GrantEntity child : children.getOrDefault(queue.poll().id, List.of())) {
                if (seen.add(child.id)) {
                    result.add(child);
                    queue.add(child);
                }
            }
        }
        return result;
    }

    private static ConflictException exists(String name) {
        return new ConflictException("grant.exists", "A grant named '" + name + "' exists already.", name);
    }

    private static ConflictException grantChanged() {
        return new ConflictException("grant.concurrent", "The grant changed concurrently; retry.");
    }

    private static ConflictException memberChanged() {
        return new ConflictException("member.concurrent", "The member changed concurrently; retry.");
    }
    // --- "Ansprechpartner wechselt": the hand-over (issue 13) ------------------------------------

    /** At most this many successors are offered: a choice list, not a directory. */
    static final int MAX_SUCCESSORS = 500;

    @Override
    public HandOverOptions handOverOptions(String tenantId, String grantId, String userId) {
        requireTenant(tenantId);
        return db.supports(() -> {
            GrantEntity grant = grant(tenantId, grantId);
            MembershipEntity leaver = member(grant, userId);
            // Everyone in the company: the members of the top-level grant and of every grant below it.
            GrantEntity top = grant;
            for (int i = 0; top.parentGrantId != null && i <= TenantModel.MAX_DEPTH * 2; i++) {
                top = db.em().find(GrantEntity.class, top.parentGrantId);
            }
            List<String> grantIds = new ArrayList<>(List.of(top.id));
            descendants(tenantId, top).forEach(g -> grantIds.add(g.id));
            List<MembershipEntity> candidates = new ArrayList<>();
            for (List<String> chunk : chunks(grantIds)) {
                candidates.addAll(db.em().createQuery("SELECT m FROM MembershipEntity m WHERE m.grantId IN :g AND m.status = :a"
                    + " ORDER BY m.accountLoginKey", MembershipEntity.class).setParameter("g", chunk)
                    .setParameter("a", MembershipEntity.ACTIVE).getResultList());
            }
            HandOverOptions options = handOvers.options(tenantId, leaver, candidates);
            return options.successors().size() <= MAX_SUCCESSORS ? options
                : new HandOverOptions(options.cascade(), options.delegates(), options.successors().subList(0, MAX_SUCCESSORS));
        });
    }

    @Override
    public HandOverResult handOver(String tenantId, String grantId, String userId, String successorGrantId, String successorUserId,
        String actor) {
        requireTenant(tenantId);
        List<FieldError> errors = new ArrayList<>();
        if (successorGrantId == null || successorGrantId.isBlank()) {
            errors.add(FieldError.of("grantId", "handover.successorRequired", "Choose who takes over."));
        }
        if (successorUserId == null || successorUserId.isBlank()) {
            errors.add(FieldError.of("userId", "handover.successorRequired", "Choose who takes over."));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return model.change(tenantId, () -> new ConflictException("handover.concurrent",
            "The delegates changed while they were handed over; nothing was moved. Retry."), () -> {
            MembershipEntity leaver = member(grant(tenantId, grantId), userId);
            MembershipEntity successor = member(grant(tenantId, successorGrantId), successorUserId);
            return handOvers.handOver(tenantId, leaver, successor, actor);
        });
    }
}
