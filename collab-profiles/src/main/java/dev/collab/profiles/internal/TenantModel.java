package dev.collab.profiles.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One tenant's grants and memberships in memory, from which access is decided without touching
 * the database, together with the decision index the host's question reads: per account, the
 * rights and effective customers of each of its live memberships.
 *
 * <p>A membership's effective customers are its own scope intersected with those of every
 * inviter above it (attenuation). They are kept per membership and recomputed only for the
 * memberships a change touches and the subtrees below them, so a write costs what it changes,
 * not what the tenant holds.
 *
 * <p>Concurrency: one writer at a time (the caller holds the tenant's lock, see
 * {@link AccessModel}); readers never lock. Every value a reader can reach is immutable and
 * replaced whole, so a reader sees, per account, either the state before or after a change; the
 * writer publishes everything before the change returns, so the first question after it sees it.
 * The indexes only the writer and the admin's views read (children, members of a grant, grants
 * of a profile) are concurrent sets changed in place.
 */
final class TenantModel {
    /** Inviter chains are short (a few levels); longer chains give no access, which also stops a corrupt cycle. */
    static final int MAX_DEPTH = 64;

    /**
     * A membership as access and the admin's view see it.
     *
     * @param validUntil the end of its own access ("gültig bis") as stored, {@code null} for none
     */
    record Node(String id, String accountId, String grantId, String inviterId, boolean active, IdSet scope, Instant validUntil) {
        /** The end of its own access in epoch milliseconds, {@link #UNLIMITED} for none. */
        long end() {
            return TenantModel.end(validUntil);
        }
    }

    /**
     * A live membership's place in its chain (the root is 1), its effective customers and the
     * end of its effective access: the earliest validity along the chain (attenuation in time).
     */
    record Reach(int depth, IdSet customers, long end) {
    }

    /**
     * One live membership of an account as the host's question needs it, with the end of its
     * access (epoch milliseconds, {@link #UNLIMITED} for none). The entry stays in the index after
     * its end: the question compares the end with the clock, so access ends at that instant
     * without a change having to run then.
     */
    record Entry(String membershipId, String grantId, IdSet rights, IdSet customers, long end) {
        /** Whether the entry gives access at this instant; unlimited entries never read the clock. */
        boolean valid(Clock clock) {
            return end == UNLIMITED || clock.millis() < end;
        }
    }

    /** The end of an access that does not end. */
    static final long UNLIMITED = Long.MAX_VALUE;
    /** {@link #until}: no, until the next change. */
    static final long DENIED = 0;
    /** {@link #until}: no, because an access ended by the clock (a clock set back would give it again). */
    static final long ENDED = -1;

    /** Epoch milliseconds of a validity, {@link #UNLIMITED} for {@code null}. */
    static long end(Instant validUntil) {
        return validUntil == null ? UNLIMITED : validUntil.toEpochMilli();
    }

    /**
     * A grant as decisions and the admin's view see it: its rights follow its profile's unless
     * customized.
     */
    record GrantRow(String id, String name, String profileId, boolean customized, IdSet customRights, String parentGrantId,
        boolean separateDelegateGrants) {
    }

    /**
     * An access profile: its name for the admin's view, its rights for decisions, and what an
     * invite's rules ask of it (the profiles its holders may hand out, sorted, and the longest
     * validity it allows).
     */
    record ProfileRow(String id, String name, IdSet rights, List<String> delegableIds, Integer maxValidityMonths) {
        ProfileRow {
            delegableIds = delegableIds.stream().sorted().toList();
        }
    }

    /** An account of role USER. */
    record AccountRow(String id, String login, String loginKey) {
    }

    private static final Entry[] NO_ENTRIES = new Entry[0];

    /**
     * An account in the decision index. It lives as long as the account, its entries are replaced
     * whole on each change, and it notes (to the second of {@link AccessModel}'s coarse clock)
     * when the host last asked about the account: the "last active" the admin sees counts page
     * views in the host too, for the price of a field write once a second per user.
     */
    static final class Holder {
        final String accountId;
        volatile Entry[] entries = NO_ENTRIES;
        volatile int askedAt;

        Holder(String accountId) {
            this.accountId = accountId;
        }
    }

    final Map<String, Node> nodes = new ConcurrentHashMap<>();
    final Map<String, List<String>> membershipsByAccount = new ConcurrentHashMap<>();
    /** Login key (ASCII lower case) to account id. */
    final Map<String, String> accountByLogin = new ConcurrentHashMap<>();
    final Map<String, IdSet> grantRights = new ConcurrentHashMap<>();
    final Map<String, String> grantNames = new ConcurrentHashMap<>();

    private final Map<String, Reach> reach = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> children = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> membersOfGrant = new ConcurrentHashMap<>();
    private final Map<String, GrantRow> grants = new ConcurrentHashMap<>();
    /** A grant's name key ({@link Rules#key}, unique in the tenant) to its id. */
    private final Map<String, String> grantByNameKey = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> grantsOfProfile = new ConcurrentHashMap<>();
    private final Map<String, ProfileRow> profiles = new ConcurrentHashMap<>();
    private final Map<String, AccountRow> accounts = new ConcurrentHashMap<>();
    private final Map<String, Holder> accessByAccount = new ConcurrentHashMap<>();
    /** The same holders by the login exactly as stored: the host's usual question needs no normalizing. */
    private final Map<String, Holder> accessByLogin = new ConcurrentHashMap<>();
    /** The tenant's customer ids and rights as numbers: sets of them are bitmaps or sorted arrays. */
    private final Ids customerIds = new Ids();
    private final Ids rightIds = new Ids();
    private final IdSet noCustomers = IdSet.empty(customerIds);
    private final IdSet noRights = IdSet.empty(rightIds);
    /** The clock validities are compared with: the system's, or a test's. */
    private final Clock clock;
    /** See {@link #generation()}. */
    private volatile Object generation = new Object();

    TenantModel(Clock clock) {
        this.clock = clock;
    }

    // --- reading (any thread) ---------------------------------------------------------------------

    /** @return the account id for an e-mail (any case) or an account id, or {@code null} */
    String account(String user) {
        if (user == null) {
            return null;
        }
        String byLogin = accountByLogin.get(Rules.loginKey(user.trim()));
        if (byLogin != null) {
            return byLogin;
        }
        return accounts.containsKey(user) ? user : null;
    }

    /** Notes the second of a question on the user's entry; a field write once a second at most. */
    static void asked(Holder holder, int now) {
        if (holder != null && holder.askedAt != now) {
            holder.askedAt = now;
        }
    }

    /**
     * The decision for a user's entry, with how long it holds.
     *
     * @return {@link #DENIED} (until a change), {@link #ENDED} (denied, and an access that ended by
     *         the clock is why), or allowed until that epoch millisecond ({@link #UNLIMITED}: for ever)
     */
    long until(Holder holder, String rightId, String customerId) {
        // The entries (a volatile read) before the codes: every code a published set holds is then visible.
        Entry[] entries = holder.entries;
        int right = rightIds.find(rightId);
        if (right == 0) {
            return DENIED;
        }
        int customer = customerIds.find(customerId);
        if (customer == 0) {
            return DENIED;
        }
        long answer = DENIED;
        for (Entry entry : entries) {
            if (entry.rights().has(right) && entry.customers().has(customer)) {
                if (entry.valid(clock)) {
                    return entry.end();
                }
                answer = ENDED;
            }
        }
        return answer;
    }

    /** Whether a decision of {@link #until} still holds, as far as the clock goes. */
    boolean holds(long until) {
        return until == DENIED || until == UNLIMITED || until > 0 && clock.millis() < until;
    }

    /**
     * The model's state as decisions see it, by identity: a new object after every change, so a
     * decision remembered with one is this model's before the next change only, and no other
     * model's. Written by the writer once a change is complete (a volatile write), so a reader
     * that reads the new one sees the whole change.
     */
    Object generation() {
        return generation;
    }

    /** The index entry of a user given by login (any case) or account id, or {@code null}. */
    Holder holder(String user) {
        Holder holder = accessByLogin.get(user);
        if (holder == null) {
            holder = accessByAccount.get(user);
            if (holder == null) {
                String account = account(user);
                holder = account == null ? null : accessByAccount.get(account);
            }
        }
        return holder;
    }

    /** The account's live memberships with rights whose access has not ended, as decided. */
    Entry[] entries(String accountId) {
        Holder holder = accessByAccount.get(accountId);
        Entry[] entries = holder == null ? NO_ENTRIES : holder.entries;
        for (Entry entry : entries) {
            if (!entry.valid(clock)) {
                return Arrays.stream(entries).filter(e -> e.valid(clock)).toArray(Entry[]::new);
            }
        }
        return entries;
    }

    /** Calls {@code asked} with every account the host asked about at or after second {@code since}. */
    void askedSince(int since, Consumer<String> asked) {
        for (Holder holder : accessByAccount.values()) {
            if (holder.askedAt >= since) {
                asked.accept(holder.accountId);
            }
        }
    }

    List<Node> memberships(String accountId) {
        return present(membershipsByAccount.get(accountId), null);
    }

    /** The grant as committed, or {@code null} if this tenant has none of that id. */
    GrantRow grant(String grantId) {
        return grants.get(grantId);
    }

    /** The id of the grant of that name key as committed, or {@code null} if this tenant has none. */
    String grantNamed(String nameKey) {
        return grantByNameKey.get(nameKey);
    }

    /** The access profile as committed, or {@code null} if this tenant has none of that id. */
    ProfileRow profile(String profileId) {
        return profileId == null ? null : profiles.get(profileId);
    }

    /**
     * The memberships of a grant as committed, in no particular order. The index is changed in
     * place by the writer; a reader sees each membership before or after a change.
     */
    List<Node> membersOf(String grantId) {
        return present(membersOfGrant.get(grantId), grantId);
    }

    /**
     * The memberships of these ids the model holds, those of {@code grantId} only unless it is
     * {@code null}: a membership moved to another grant (a hand-over) is replaced in the nodes
     * before it leaves its old grant's index.
     */
    private List<Node> present(Collection<String> ids, String grantId) {
        if (ids == null) {
            return List.of();
        }
        List<Node> result = new ArrayList<>(ids.size());
        for (String id : ids) {
            Node node = nodes.get(id);
            if (node != null && (grantId == null || node.grantId().equals(grantId))) {
                result.add(node);
            }
        }
        return result;
    }

    /** The portal user's account as committed, or {@code null} if this tenant has no such user. */
    AccountRow accountRow(String accountId) {
        return accounts.get(accountId);
    }

    /** The customers an account's membership in a grant holds (its own scope), or none. */
    Set<String> scope(String accountId, String grantId) {
        Node node = membership(accountId, grantId);
        return node == null ? Set.of() : node.scope();
    }

    /** An account's membership in a grant, or {@code null}. */
    Node membership(String accountId, String grantId) {
        if (accountId == null || grantId == null) {
            return null;
        }
        for (Node node : memberships(accountId)) {
            if (node.grantId().equals(grantId)) {
                return node;
            }
        }
        return null;
    }

    /**
     * Whether the membership and every inviter above it exist and are active, within
     * {@link #MAX_DEPTH}, and none of their validities has passed.
     */
    boolean live(Node node) {
        Reach r = reach.get(node.id());
        return r != null && (r.end() == UNLIMITED || clock.millis() < r.end());
    }

    /** The membership's effective customers: its scope, attenuated by every inviter above it; none once its access ended. */
    Set<String> effective(Node node) {
        Reach r = reach.get(node.id());
        return r == null || !(r.end() == UNLIMITED || clock.millis() < r.end()) ? Set.of() : r.customers();
    }

    /**
     * The end of the membership's effective access (the earliest validity along its chain), in
     * epoch milliseconds; {@link #UNLIMITED} when none.
     */
    long effectiveEnd(Node node) {
        Reach r = reach.get(node.id());
        if (r != null) {
            return r.end();
        }
        // not live (invited, not registered yet): its own end, bounded by its inviter's
        Reach above = node.inviterId() == null ? null : reach.get(node.inviterId());
        return above == null ? node.end() : Math.min(node.end(), above.end());
    }

    /** Whether the membership's access, or that of an inviter above it, reached its end. */
    boolean expired(Node node) {
        long end = effectiveEnd(node);
        return end != UNLIMITED && clock.millis() >= end;
    }

    Set<String> rights(Node node) {
        IdSet rights = grantRights.get(node.grantId());
        return rights == null ? Set.of() : rights;
    }

    /**
     * Everything this model holds, in a form two models can be compared by: the property tests
     * compare an incrementally maintained model with a fresh load of the database.
     */
    Map<String, Object> picture() {
        Map<String, Object> p = new TreeMap<>();
        p.put("nodes", new TreeMap<>(nodes));
        Map<String, Set<String>> byAccount = new TreeMap<>();
        membershipsByAccount.forEach((a, ids) -> {
            if (!ids.isEmpty()) {
                byAccount.put(a, new TreeSet<>(ids));
            }
        });
        p.put("membershipsByAccount", byAccount);
        p.put("accountByLogin", new TreeMap<>(accountByLogin));
        p.put("accounts", new TreeMap<>(accounts));
        p.put("grants", new TreeMap<>(grants));
        p.put("grantRights", new TreeMap<>(grantRights));
        p.put("grantNames", new TreeMap<>(grantNames));
        p.put("grantByNameKey", new TreeMap<>(grantByNameKey));
        p.put("profiles", new TreeMap<>(profiles));
        p.put("grantsOfProfile", sortedNonEmpty(grantsOfProfile));
        p.put("membersOfGrant", sortedNonEmpty(membersOfGrant));
        p.put("children", sortedNonEmpty(children));
        p.put("reach", new TreeMap<>(reach));
        Map<String, List<Entry>> access = new TreeMap<>();
        accessByAccount.forEach((a, h) -> access.put(a + (a.equals(h.accountId) ? "" : " holds " + h.accountId),
            sortedEntries(h.entries)));
        p.put("accessByAccount", access);
        Map<String, List<Entry>> byLogin = new TreeMap<>();
        accessByLogin.forEach((l, h) -> byLogin.put(l + " of " + h.accountId, sortedEntries(h.entries)));
        p.put("accessByLogin", byLogin);
        return p;
    }

    private static Map<String, Set<String>> sortedNonEmpty(Map<String, Set<String>> map) {
        Map<String, Set<String>> result = new TreeMap<>();
        map.forEach((k, v) -> {
            if (!v.isEmpty()) {
                result.put(k, new TreeSet<>(v));
            }
        });
        return result;
    }

    private static List<Entry> sortedEntries(Entry[] entries) {
        List<Entry> list = new ArrayList<>(List.of(entries));
        list.sort(Comparator.comparing(Entry::membershipId));
        return list;
    }

    // --- writing (the tenant's lock held) ---------------------------------------------------------

    /** What one change did, as read back from the database in its transaction. */
    static final class Delta {
        /** Memberships read back; a touched id missing here was removed. */
        final Map<String, Node> memberships = new HashMap<>();
        final Set<String> touchedMemberships = new HashSet<>();
        final Map<String, GrantRow> grants = new HashMap<>();
        final Set<String> touchedGrants = new HashSet<>();
        final Map<String, ProfileRow> profiles = new HashMap<>();
        final Set<String> touchedProfiles = new HashSet<>();
        final Map<String, AccountRow> accounts = new HashMap<>();
        final Set<String> touchedAccounts = new HashSet<>();
    }

    /** These customers as a set of this model's codes. Writer only. */
    IdSet customerSet(Collection<String> customers) {
        return customers.isEmpty() ? noCustomers : IdSet.of(customerIds, customers);
    }

    /** These rights as a set of this model's codes. Writer only. */
    IdSet rightSet(Collection<String> rights) {
        return rights.isEmpty() ? noRights : IdSet.of(rightIds, rights);
    }

    /**
     * Applies a change: accounts, profiles, grants and memberships as read back, then the
     * effective customers of the touched memberships and their subtrees, then the decision index
     * of every account whose memberships, rights or customers changed.
     */
    void apply(Delta delta) {
        try {
            applyRows(delta);
        } finally {
            // Also after a failure half-way: whatever it changed must not be answered from before it.
            generation = new Object();
        }
    }

    private void applyRows(Delta delta) {
        Set<String> dirtyAccounts = new HashSet<>();
        Set<String> dirtyGrants = new HashSet<>();
        Set<String> dirtyNodes = new HashSet<>();

        for (String id : delta.touchedAccounts) {
            AccountRow now = delta.accounts.get(id);
            AccountRow before = now == null ? accounts.remove(id) : accounts.put(id, now);
            if (before != null && (now == null || !before.equals(now))) {
                accountByLogin.remove(before.loginKey(), id);
                accessByLogin.remove(before.login());
            }
            if (now == null) {
                accessByAccount.remove(id);
            } else {
                accountByLogin.put(now.loginKey(), id);
                Holder holder = accessByAccount.computeIfAbsent(id, Holder::new);
                accessByLogin.put(now.login(), holder);
            }
            dirtyAccounts.add(id);
        }

        for (String id : delta.touchedProfiles) {
            ProfileRow now = delta.profiles.get(id);
            if (now == null) {
                profiles.remove(id);
            } else {
                profiles.put(id, now);
            }
            Set<String> using = grantsOfProfile.get(id);
            if (using != null) {
                dirtyGrants.addAll(using);
            }
        }

        for (String id : delta.touchedGrants) {
            GrantRow now = delta.grants.get(id);
            GrantRow before = now == null ? grants.remove(id) : grants.put(id, now);
            if (before != null && before.profileId() != null && (now == null || !before.profileId().equals(now.profileId()))) {
                without(grantsOfProfile, before.profileId(), id);
            }
            if (before != null) {
                // only its own entry: another grant of this change may have taken the name already
                grantByNameKey.remove(Rules.key(before.name()), id);
            }
            if (now == null) {
                grantNames.remove(id);
            } else {
                grantNames.put(id, now.name());
                grantByNameKey.put(Rules.key(now.name()), id);
                if (now.profileId() != null) {
                    with(grantsOfProfile, now.profileId(), id);
                }
            }
            dirtyGrants.add(id);
        }
        for (String id : dirtyGrants) {
            GrantRow grant = grants.get(id);
            ProfileRow profile = grant == null || grant.profileId() == null ? null : profiles.get(grant.profileId());
            IdSet rights = grant == null ? null : grant.customized() ? grant.customRights() : profile == null ? noRights : profile.rights();
            IdSet before = rights == null ? grantRights.remove(id) : grantRights.put(id, rights);
            if (!Objects.equals(before, rights)) {
                for (String m : membersOfGrant.getOrDefault(id, Set.of()).toArray(new String[0])) {
                    Node node = nodes.get(m);
                    if (node != null) {
                        dirtyAccounts.add(node.accountId());
                    }
                }
            }
        }

        for (String id : delta.touchedMemberships) {
            Node now = delta.memberships.get(id);
            Node before = now == null ? nodes.remove(id) : nodes.put(id, now);
            if (before != null) {
                if (before.inviterId() != null) {
                    without(children, before.inviterId(), id);
                }
                without(membersOfGrant, before.grantId(), id);
                List<String> mine = membershipsByAccount.get(before.accountId());
                if (mine != null) {
                    List<String> rest = new ArrayList<>(mine);
                    rest.remove(id);
                    if (rest.isEmpty()) {
                        membershipsByAccount.remove(before.accountId());
                    } else {
                        membershipsByAccount.put(before.accountId(), List.copyOf(rest));
                    }
                }
                dirtyAccounts.add(before.accountId());
            }
            if (now != null) {
                if (now.inviterId() != null) {
                    with(children, now.inviterId(), id);
                }
                with(membersOfGrant, now.grantId(), id);
                List<String> mine = new ArrayList<>(membershipsByAccount.getOrDefault(now.accountId(), List.of()));
                mine.add(id);
                membershipsByAccount.put(now.accountId(), List.copyOf(mine));
                dirtyAccounts.add(now.accountId());
            }
            dirtyNodes.add(id);
        }

        recomputeReach(dirtyNodes, dirtyAccounts);
        for (String account : dirtyAccounts) {
            reindex(account);
        }
    }

    /**
     * Recomputes the reach of the given memberships and, where it changed, of everything below
     * them, parents before children. A reach is an intersection of two code sets (bitmaps for
     * the usual delegate), so even a revocation above thousands of delegates costs little.
     */
    private void recomputeReach(Set<String> dirty, Set<String> dirtyAccounts) {
        List<String> order = new ArrayList<>(dirty);
        Map<String, Integer> depth = new HashMap<>();
        for (String id : order) {
            depth.put(id, chainLength(id));
        }
        order.sort(Comparator.comparingInt(depth::get));
        Set<String> done = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        for (String start : order) {
            queue.add(start);
            while (!queue.isEmpty()) {
                String id = queue.poll();
                if (!done.add(id)) {
                    continue;
                }
                Node node = nodes.get(id);
                Reach before = reach.get(id);
                Reach now = node == null ? null : computeReach(node);
                if (now == before || (now != null && now.equals(before))) {
                    continue;
                }
                if (now == null) {
                    reach.remove(id);
                } else {
                    reach.put(id, now);
                }
                if (node != null) {
                    dirtyAccounts.add(node.accountId());
                }
                Set<String> below = children.get(id);
                if (below != null) {
                    queue.addAll(below);
                }
            }
        }
    }

    /** Memberships from this one up to its root, or {@code 0} when it is gone. */
    private int chainLength(String id) {
        int length = 0;
        for (Node n = nodes.get(id); n != null && length <= MAX_DEPTH; n = n.inviterId() == null ? null : nodes.get(n.inviterId())) {
            length++;
        }
        return length;
    }

    private Reach computeReach(Node node) {
        if (!node.active()) {
            return null;
        }
        if (node.inviterId() == null) {
            return new Reach(1, node.scope(), node.end());
        }
        Reach above = reach.get(node.inviterId());
        if (above == null || above.depth() >= MAX_DEPTH) {
            return null;
        }
        return new Reach(above.depth() + 1, node.scope().and(above.customers()), Math.min(node.end(), above.end()));
    }

    /** Rebuilds the decision entries of one account. */
    private void reindex(String accountId) {
        List<Entry> entries = new ArrayList<>();
        for (String id : membershipsByAccount.getOrDefault(accountId, List.of())) {
            Node node = nodes.get(id);
            Reach r = reach.get(id);
            IdSet rights = node == null ? null : grantRights.get(node.grantId());
            if (r != null && rights != null && !rights.isEmpty() && !r.customers().isEmpty()) {
                entries.add(new Entry(id, node.grantId(), rights, r.customers(), r.end()));
            }
        }
        Holder holder = accessByAccount.get(accountId);
        if (holder != null) {
            holder.entries = entries.isEmpty() ? NO_ENTRIES : entries.toArray(NO_ENTRIES);
        }
    }

    /** The write-side indexes are only read by the writer: plain concurrent sets, changed in place. */
    private static void with(Map<String, Set<String>> index, String key, String value) {
        index.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(value);
    }

    private static void without(Map<String, Set<String>> index, String key, String value) {
        index.computeIfPresent(key, (k, set) -> {
            set.remove(value);
            return set.isEmpty() ? null : set;
        });
    }
}
