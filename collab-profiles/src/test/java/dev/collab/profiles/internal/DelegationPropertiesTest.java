package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import dev.collab.api.CollabException;
import dev.collab.api.ConflictException;
import dev.collab.api.FeatureDisabledException;
import dev.collab.api.NotPermittedException;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.access.CustomerAccess;
import dev.collab.api.access.EffectiveAccess;
import dev.collab.api.accounts.Account;
import dev.collab.api.audit.AuditEntry;
import dev.collab.api.customers.Customer;
import dev.collab.api.delegation.Delegate;
import dev.collab.api.delegation.InviteRequest;
import dev.collab.api.delegation.Me;
import dev.collab.api.grants.Grant;
import dev.collab.api.grants.GrantDraft;
import dev.collab.api.grants.GrantPatch;
import dev.collab.api.invitations.InvitationGoneException;
import dev.collab.api.invitations.InvitationIssued;
import dev.collab.api.profiles.AccessProfile;
import dev.collab.api.profiles.ProfileDraft;

/**
 * Random sequences of admin and self-service operations across two tenants, each run on a fresh
 * database, against a reference model kept by the test. After every step the invariants of the
 * delegation rules are checked:
 * <ul>
 * <li>(a) an active delegate's effective customers are within their inviter's;</li>
 * <li>(b) every delegate grant's profile was delegable by its parent grant's profile;</li>
 * <li>(c) removed memberships give no access (answers equal the reference model);</li>
 * <li>(d) the access service equals a from-scratch recomputation from the database;</li>
 * <li>(e) an operation on one tenant changes nothing of the other.</li>
 * </ul>
 * Operations the rules refuse must throw the predicted {@link CollabException} and change nothing.
 */
class DelegationPropertiesTest {
    static final List<String> TENANTS = List.of("alpha", "beta");
    static final List<String> CUSTOMERS = List.of("K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8");
    static final String UNKNOWN_CUSTOMER = "K9";
    static final List<String> RIGHTS = List.of("claims.report", "claims.view", "contracts.view", "documents.upload",
        "documents.view", "messages.send");
    static final List<String> PROFILES = List.of("GF", "MA", "SUB", "SOLO");
    static final Map<String, Set<String>> PROFILE_RIGHTS = Map.of(
        "GF", Set.of("contracts.view", "documents.view", "claims.view", "messages.send"),
        "MA", Set.of("contracts.view", "documents.view", "documents.upload"),
        "SUB", Set.of("documents.view"),
        "SOLO", Set.of("claims.report"));
    /** GF may hand out GF (a cycle) and MA; MA hands out SUB; SUB and SOLO hand out nothing; nobody hands out SOLO. */
    static final Map<String, Set<String>> DELEGABLE = Map.of(
        "GF", Set.of("GF", "MA"), "MA", Set.of("SUB"), "SUB", Set.of(), "SOLO", Set.of());
    static final List<String> EMAILS = List.of("u0@firma.de", "u1@firma.de", "u2@firma.de", "u3@firma.de", "u4@firma.de",
        "u5@firma.de");
    static final String INVALID_EMAIL = "not-an-email";
    static final List<String> GRANT_NAMES = List.of("Root", "Shared", "G2", "G3", "G4");
    static final String P1 = "first long password";
    static final String P2 = "other long password";
    static final String ADMIN = "admin:boss@broker.de";

    // --- operations ---------------------------------------------------------------------------

    sealed interface Op permits CreateGrant, Rescope, RemoveMember, PatchRights, ProfileRights, Toggle, Invite, Accept,
        DeleteDelegates, Resend, RenameGrant, DeleteGrant, AddMember, HandOver, Tick, Extend {
        int t();
    }

    /** Admin: a grant named GRANT_NAMES[name] for EMAILS[email] with PROFILES[profile] on the customers of mask. */
    record CreateGrant(int t, int name, int email, int profile, int mask, boolean separate) implements Op {
    }

    /** Admin: sets a member's scope to mask (+ an unknown customer), optionally through a grant id of the other tenant. */
    record Rescope(int t, int pick, int mask, boolean unknown, boolean foreign) implements Op {
    }

    record RemoveMember(int t, int pick, boolean foreign) implements Op {
    }

    record PatchRights(int t, int pick, int rightsMask, boolean toProfile, boolean unknownRight) implements Op {
    }

    /** Admin: gives PROFILES[profile] the rights of rightsMask (never none), keeping what it delegates. */
    record ProfileRights(int t, int profile, int rightsMask) implements Op {
    }

    record Toggle(int t) implements Op {
    }

    /**
     * User: invites. inviter below 800 picks among users with a live membership, else among all;
     * profile 0-3 is PROFILES[profile], 4-7 one of the profiles the inviter may hand out.
     * mode 0-2: a subset of what the inviter sees; 3: any customers (maybe unknown);
     * 4: all; 5: all except some (one in five times chosen from all customers, so maybe outside the inviter's).
     */
    record Invite(int t, int inviter, int email, boolean upper, int profile, int mask, int mode, int except, int validity)
        implements Op {
        /** Without a validity ("gültig bis"): unlimited. */
        Invite(int t, int inviter, int email, boolean upper, int profile, int mask, int mode, int except) {
            this(t, inviter, email, upper, profile, mask, mode, except, 0);
        }

        /** validity 0: none; above 0: that many hours from now; below 0: in the past (refused). */
        Invite valid(int hours) {
            return new Invite(t, inviter, email, upper, profile, mask, mode, except, hours);
        }
    }

    /** Time passes: the clock every validity is compared with moves on by whole hours (both tenants). */
    record Tick(int t, int hours) implements Op {
    }

    /**
     * "Verlängern": a user (below 800: one who has delegates) extends one of their delegates' validity to that many
     * hours from now.
     */
    record Extend(int t, int user, int pick, int hours) implements Op {
    }

    /** User: accepts a token; pick below 700 takes one of the usable tokens, if any, else any token sent. */
    record Accept(int t, int pick, boolean otherPassword) implements Op {
    }

    /** User (below 800: one who has delegates): deletes the delegates of mask; foreign 1: plus another tenant's id, 2: plus someone else's, 3: plus junk. */
    record DeleteDelegates(int t, int user, int mask, int foreign) implements Op {
    }

    record Resend(int t, int user, int pick) implements Op {
    }

    /**
     * Admin: renames a grant (pick below 700: a top-level one, if any, else any, a delegate grant too).
     * name 0-4: GRANT_NAMES[name] (maybe taken); 5: its own name (nothing changes); 6: its own name in the other case;
     * 7: a free name padded with blanks; 8: a name with '/'; 9: blank. foreign: through a grant id of the other tenant.
     */
    record RenameGrant(int t, int pick, int name, boolean foreign) implements Op {
    }

    /**
     * Admin: deletes a grant with everything below it (pick below 400: one with delegate grants below it, if any;
     * below 700: a delegate grant, if any; else any).
     */
    record DeleteGrant(int t, int pick, boolean foreign) implements Op {
    }

    /**
     * Admin: adds EMAILS[email] (EMAILS.size(): an invalid one; upper: in capitals) to a grant (any, a delegate grant
     * too) on the customers of mask (+ an unknown customer); language 0: none, 1: "en", 2: "de", 3: an unknown one.
     */
    record AddMember(int t, int pick, int email, boolean upper, int mask, boolean unknown, int language, boolean foreign)
        implements Op {
    }

    /**
     * "Ansprechpartner wechselt": mode 0-5, a user (below 800 of user: one with delegates) hands one of their
     * delegates' people over (successor: themselves or one of their delegates; mode 5: anyone of the tenant);
     * mode 6-7, the admin hands any member's people to any member.
     */
    record HandOver(int t, int user, int leaver, int successor, int mode) implements Op {
    }

    @Provide
    Arbitrary<List<Op>> sequences() {
        Arbitrary<Integer> tenant = Arbitraries.frequency(Tuple.of(3, 0), Tuple.of(1, 1));
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 999);
        Arbitrary<Integer> mask = Arbitraries.integers().between(0, 255);
        Arbitrary<Boolean> bool = Arbitraries.of(true, false);
        Arbitrary<Boolean> rarely = Arbitraries.frequency(Tuple.of(1, true), Tuple.of(6, false));
        Arbitrary<Op> create = Combinators.combine(tenant, Arbitraries.integers().between(0, GRANT_NAMES.size() - 1),
            Arbitraries.integers().between(0, EMAILS.size() - 1), Arbitraries.integers().between(0, PROFILES.size() - 1),
            Arbitraries.integers().between(1, 255), bool).as(CreateGrant::new);
        Arbitrary<Op> rescope = Combinators.combine(tenant, pick, mask, rarely, rarely).as(Rescope::new);
        Arbitrary<Op> remove = Combinators.combine(tenant, pick, rarely).as(RemoveMember::new);
        Arbitrary<Op> patch = Combinators.combine(tenant, pick, Arbitraries.integers().between(0, 63), bool, rarely)
            .as(PatchRights::new);
        Arbitrary<Op> profileRights = Combinators.combine(tenant, Arbitraries.integers().between(0, PROFILES.size() - 1),
            Arbitraries.integers().between(1, 63)).as(ProfileRights::new);
        Arbitrary<Op> toggle = tenant.map(Toggle::new);
        Arbitrary<Op> invite = Combinators.combine(tenant, pick,
            Arbitraries.frequency(Tuple.of(12, 0), Tuple.of(12, 1), Tuple.of(12, 2), Tuple.of(12, 3), Tuple.of(12, 4),
                Tuple.of(12, 5), Tuple.of(1, EMAILS.size())),
            rarely, Arbitraries.frequency(Tuple.of(2, 0), Tuple.of(2, 1), Tuple.of(2, 2), Tuple.of(1, 3), Tuple.of(4, 4),
                Tuple.of(4, 5), Tuple.of(4, 6), Tuple.of(4, 7)),
            Arbitraries.integers().between(1, 511), Arbitraries.frequency(Tuple.of(3, 0), Tuple.of(3, 1), Tuple.of(3, 2),
                Tuple.of(1, 3), Tuple.of(2, 4), Tuple.of(2, 5)), mask).as(Invite::new);
        // one invitation in three is time-bound, now and then with an end in the past
        Arbitrary<Integer> validity = Arbitraries.frequency(Tuple.of(12, 0), Tuple.of(5, 1), Tuple.of(5, 6), Tuple.of(5, 30),
            Tuple.of(1, -1));
        invite = Combinators.combine(invite, validity).as((i, v) -> ((Invite) i).valid(v));
        Arbitrary<Op> tick = Combinators.combine(tenant, Arbitraries.of(1, 5, 24)).as(Tick::new);
        Arbitrary<Op> extend = Combinators.combine(tenant, pick, pick, Arbitraries.of(2, 12, 48)).as(Extend::new);
        Arbitrary<Op> accept = Combinators.combine(tenant, pick, rarely).as(Accept::new);
        Arbitrary<Op> delete = Combinators.combine(tenant, pick, Arbitraries.integers().between(0, 15),
            Arbitraries.frequency(Tuple.of(8, 0), Tuple.of(1, 1), Tuple.of(1, 2), Tuple.of(1, 3))).as(DeleteDelegates::new);
        Arbitrary<Op> resend = Combinators.combine(tenant, pick, pick).as(Resend::new);
        Arbitrary<Op> rename = Combinators.combine(tenant, pick,
            Arbitraries.frequency(Tuple.of(4, 0), Tuple.of(4, 1), Tuple.of(4, 2), Tuple.of(4, 3), Tuple.of(4, 4), Tuple.of(2, 5),
                Tuple.of(3, 6), Tuple.of(2, 7), Tuple.of(2, 8), Tuple.of(2, 9)), rarely).as(RenameGrant::new);
        Arbitrary<Op> deleteGrant = Combinators.combine(tenant, pick, rarely).as(DeleteGrant::new);
        Arbitrary<Op> addMember = Combinators.combine(tenant, pick,
            Arbitraries.frequency(Tuple.of(8, 0), Tuple.of(8, 1), Tuple.of(8, 2), Tuple.of(8, 3), Tuple.of(8, 4), Tuple.of(8, 5),
                Tuple.of(1, EMAILS.size())), rarely, mask, rarely,
            Arbitraries.frequency(Tuple.of(12, 0), Tuple.of(3, 1), Tuple.of(3, 2), Tuple.of(1, 3)), rarely).as(AddMember::new);
        return Arbitraries.frequencyOf(
            Tuple.of(30, invite), Tuple.of(22, accept), Tuple.of(8, create), Tuple.of(8, rescope), Tuple.of(5, remove),
            Tuple.of(5, patch), Tuple.of(4, profileRights), Tuple.of(2, toggle), Tuple.of(10, delete), Tuple.of(5, resend),
            Tuple.of(6, rename), Tuple.of(3, deleteGrant), Tuple.of(7, addMember),
            Tuple.of(8, Combinators.combine(tenant, pick, pick, pick, Arbitraries.integers().between(0, 7)).as(HandOver::new)),
            Tuple.of(4, tick), Tuple.of(4, extend))
            .list().ofMinSize(25).ofMaxSize(40);
    }

    /**
     * 20 tries of 25 to 40 steps, each on a fresh Derby database in a new temporary folder
     * (booting one costs a few hundred milliseconds); a try takes one to three seconds.
     */
    @Property(tries = 20, edgeCases = EdgeCasesMode.NONE)
    void theInvariantsHoldAfterEveryStep(@ForAll("sequences") List<Op> ops) {
        try (Core core = Core.openTemp()) {
            World world = new World(core);
            world.setUp();
            for (Op op : ops) {
                world.apply(op);
            }
            world.checkTokens(0);
            world.checkTokens(1);
            Statistics.label("deepest delegation chain").collect(world.maxDepth);
        }
    }

    /**
     * The same world and checks, with sequences skewed to build delegation trees (GF → MA → SUB)
     * and hand them over, so that hand-overs that move people at several levels occur often.
     */
    @Property(tries = 5, edgeCases = EdgeCasesMode.NONE)
    void theInvariantsHoldAcrossHandOvers(@ForAll("handOverSequences") List<Op> ops) {
        try (Core core = Core.openTemp()) {
            World world = new World(core);
            world.setUp();
            for (Op op : ops) {
                world.apply(op);
            }
            world.checkTokens(0);
            world.checkTokens(1);
        }
    }

    @Provide
    Arbitrary<List<Op>> handOverSequences() {
        Arbitrary<Integer> tenant = Arbitraries.frequency(Tuple.of(5, 0), Tuple.of(1, 1));
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 999);
        Arbitrary<Op> invite = Combinators.combine(tenant, pick, Arbitraries.integers().between(0, EMAILS.size() - 1),
            Arbitraries.of(false), Arbitraries.integers().between(4, 7), Arbitraries.integers().between(1, 511),
            Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 255)).as(Invite::new);
        Arbitrary<Op> accept = Combinators.combine(tenant, Arbitraries.integers().between(0, 699), Arbitraries.of(false))
            .as(Accept::new);
        Arbitrary<Op> handOver = Combinators.combine(tenant, pick, pick, pick, Arbitraries.integers().between(0, 7)).as(HandOver::new);
        Arbitrary<Op> rescope = Combinators.combine(tenant, pick, Arbitraries.integers().between(1, 255), Arbitraries.of(false),
            Arbitraries.of(false)).as(Rescope::new);
        Arbitrary<Op> addMember = Combinators.combine(tenant, Arbitraries.integers().between(0, 1),
            Arbitraries.integers().between(0, EMAILS.size() - 1), Arbitraries.of(false), Arbitraries.integers().between(1, 255),
            Arbitraries.of(false), Arbitraries.of(0), Arbitraries.of(false)).as(AddMember::new);
        Arbitrary<Op> delete = Combinators.combine(tenant, pick, Arbitraries.integers().between(1, 15), Arbitraries.of(0))
            .as(DeleteDelegates::new);
        return Arbitraries.frequencyOf(Tuple.of(30, invite), Tuple.of(25, accept), Tuple.of(20, handOver), Tuple.of(5, rescope),
            Tuple.of(5, addMember), Tuple.of(3, delete)).list().ofMinSize(30).ofMaxSize(45);
    }

    // --- the reference model ------------------------------------------------------------------

    static String key(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    static final class RAccount {
        final String key;
        final String login;
        String id;
        String password;

        RAccount(String key, String login) {
            this.key = key;
            this.login = login;
        }
    }

    /** A grant, known by its name key; a rename re-keys it and everything below it ({@link RTenant#rename}). */
    static final class RGrant {
        String key;
        String name;
        final String profile;
        String parentKey;
        /** A hand-over may replace a grant by a new one of the same name: the id is the service's. */
        String id;
        final boolean separate;
        Set<String> custom;

        RGrant(String name, String profile, String parentKey, String id, boolean separate) {
            this.key = key(name);
            this.name = name;
            this.profile = profile;
            this.parentKey = parentKey;
            this.id = id;
            this.separate = separate;
        }
    }

    static final class RMember {
        final String id;
        String grantKey;
        final String accountKey;
        /** Changed only by a hand-over, which makes the successor the inviter of the leaver's delegates. */
        String inviterId;
        /** The profile handed out and whether the inviter's profile listed it then (invariant b). */
        final boolean delegableWhenInvited;
        boolean active;
        /** Attached by the admin (create, add member) rather than invited: no inviter, also in a delegate grant. */
        boolean byAdmin;
        Set<String> scope;
        String token;
        /** "gültig bis" in epoch milliseconds, {@link TenantModel#UNLIMITED} for none. */
        long validUntil = TenantModel.UNLIMITED;

        RMember(String id, String grantKey, String accountKey, String inviterId, boolean delegableWhenInvited, boolean active,
            Set<String> scope) {
            this.id = id;
            this.grantKey = grantKey;
            this.accountKey = accountKey;
            this.inviterId = inviterId;
            this.delegableWhenInvited = delegableWhenInvited;
            this.active = active;
            this.scope = new TreeSet<>(scope);
        }
    }

    static final class RTenant {
        final String id;
        boolean enabled = true;
        final Map<String, RAccount> accounts = new TreeMap<>();
        final Map<String, RGrant> grants = new TreeMap<>();
        final Map<String, RMember> members = new LinkedHashMap<>();
        final List<String> tokens = new ArrayList<>();
        final Set<String> removed = new HashSet<>();
        final Map<String, Set<String>> profileRights = new HashMap<>(PROFILE_RIGHTS);
        /** The clock validities are compared with: the core's. */
        LongSupplier now = System::currentTimeMillis;

        RTenant(String id) {
            this.id = id;
        }

        /** The chain up to the root is there and registered, time aside. */
        boolean reachable(RMember m) {
            RMember c = m;
            while (c != null && c.active) {
                if (c.inviterId == null) {
                    return true;
                }
                c = members.get(c.inviterId);
            }
            return false;
        }

        /**
         * When the member's access ends: the earliest validity along a reachable chain; for one not
         * reachable (invited), its own, bounded by its inviter's where that one is reachable.
         */
        long end(RMember m) {
            if (reachable(m)) {
                long end = m.validUntil;
                for (RMember c = members.get(m.inviterId); c != null; c = members.get(c.inviterId)) {
                    end = Math.min(end, c.validUntil);
                }
                return end;
            }
            RMember inviter = m.inviterId == null ? null : members.get(m.inviterId);
            return inviter != null && reachable(inviter) ? Math.min(m.validUntil, end(inviter)) : m.validUntil;
        }

        boolean ended(RMember m) {
            long end = end(m);
            return end != TenantModel.UNLIMITED && now.getAsLong() >= end;
        }

        RGrant grantOf(RMember m) {
            return grants.get(m.grantKey);
        }

        Set<String> rights(RMember m) {
            RGrant g = grantOf(m);
            return g.custom != null ? g.custom : profileRights.get(g.profile);
        }

        boolean live(RMember m) {
            return reachable(m) && !ended(m);
        }

        Set<String> effective(RMember m) {
            if (!live(m)) {
                return Set.of();
            }
            Set<String> result = new TreeSet<>(m.scope);
            for (RMember c = members.get(m.inviterId); c != null; c = members.get(c.inviterId)) {
                result.retainAll(c.scope);
                if (c.inviterId == null) {
                    break;
                }
            }
            return result;
        }

        List<RMember> membersOf(String accountKey) {
            return members.values().stream().filter(m -> m.accountKey.equals(accountKey))
                .sorted(Comparator.comparing((RMember m) -> m.grantKey)).toList();
        }

        List<RMember> sortedMembers() {
            return members.values().stream()
                .sorted(Comparator.comparing((RMember m) -> m.grantKey).thenComparing(m -> m.accountKey)).toList();
        }

        /** The overview's order: by e-mail, then by the grant's name key (which a rename changes). */
        List<RMember> delegatesOf(String accountKey) {
            Set<String> mine = new HashSet<>();
            membersOf(accountKey).forEach(m -> mine.add(m.id));
            return members.values().stream().filter(m -> m.inviterId != null && mine.contains(m.inviterId))
                .sorted(Comparator.comparing((RMember m) -> m.accountKey).thenComparing(m -> m.grantKey)).toList();
        }

        List<RGrant> topLevel() {
            return grants.values().stream().filter(g -> g.parentKey == null).toList();
        }

        List<RGrant> delegateGrants() {
            return grants.values().stream().filter(g -> g.parentKey != null).toList();
        }

        /** The grant and every delegate grant below it, parents before their children. */
        List<RGrant> subtree(RGrant root) {
            List<RGrant> result = new ArrayList<>(List.of(root));
            for (int i = 0; i < result.size(); i++) {
                String parent = result.get(i).key;
                grants.values().stream().filter(g -> parent.equals(g.parentKey)).forEach(result::add);
            }
            return result;
        }

        /**
         * The names a rename gives: the grant's new name, and below it each delegate grant's name with its
         * parent's part replaced ({@code <parent name>/<e-mail>} or {@code <parent name>/<profile>}).
         */
        Map<RGrant, String> renamed(RGrant root, String newName) {
            Map<RGrant, String> names = new LinkedHashMap<>();
            names.put(root, newName);
            for (RGrant g : subtree(root)) {
                if (g != root) {
                    RGrant parent = grants.get(g.parentKey);
                    names.put(g, names.get(parent) + g.name.substring(parent.name.length()));
                }
            }
            return names;
        }

        /** Applies the names of {@link #renamed}: re-keys the grants, their children's parent keys and their members. */
        void rename(Map<RGrant, String> names) {
            Map<String, String> keys = new HashMap<>();
            names.forEach((g, name) -> keys.put(g.key, key(name)));
            names.keySet().forEach(g -> grants.remove(g.key));
            names.forEach((g, name) -> {
                g.name = name;
                g.key = key(name);
                if (g.parentKey != null) {
                    g.parentKey = keys.getOrDefault(g.parentKey, g.parentKey);
                }
                grants.put(g.key, g);
            });
            members.values().forEach(m -> m.grantKey = keys.getOrDefault(m.grantKey, m.grantKey));
        }

        /** customer → rights, as effectiveAccess reports them. */
        Map<String, Set<String>> access(String accountKey) {
            Map<String, Set<String>> result = new TreeMap<>();
            for (RMember m : membersOf(accountKey)) {
                Set<String> rights = rights(m);
                if (rights.isEmpty()) {
                    continue;
                }
                for (String c : effective(m)) {
                    result.computeIfAbsent(c, x -> new TreeSet<>()).addAll(rights);
                }
            }
            return result;
        }

        boolean allowed(String accountKey, String right, String customer) {
            return access(accountKey).getOrDefault(customer, Set.of()).contains(right);
        }

        /** Removes a membership and everything invited from it; drops delegate grants left empty. */
        List<String> removeCascade(RMember root) {
            List<String> removedNow = new ArrayList<>();
            Set<String> grantKeys = new HashSet<>();
            List<RMember> queue = new ArrayList<>(List.of(root));
            while (!queue.isEmpty()) {
                RMember m = queue.remove(0);
                if (!members.containsKey(m.id)) {
                    continue;
                }
                members.remove(m.id);
                removed.add(m.id);
                removedNow.add(m.id);
                grantKeys.add(m.grantKey);
                members.values().stream().filter(x -> m.id.equals(x.inviterId)).forEach(queue::add);
            }
            // an emptied delegate grant goes unless grants still hang below it; then its parent is looked at again
            List<String> candidates = new ArrayList<>(grantKeys);
            while (!candidates.isEmpty()) {
                String g = candidates.remove(0);
                RGrant grant = grants.get(g);
                if (grant != null && grant.parentKey != null && members.values().stream().noneMatch(x -> x.grantKey.equals(g))
                    && grants.values().stream().noneMatch(x -> g.equals(x.parentKey))) {
                    grants.remove(g);
                    candidates.add(grant.parentKey);
                }
            }
            return removedNow;
        }
    }

    /** Grant as the admin API renders it, without ids. */
    record GrantView(String name, String profile, List<String> rights, boolean customized, boolean separate, String parent,
        List<MemberView> members) {
    }

    record MemberView(String email, List<String> customers, String status, String invitedBy) {
    }

    record DelegateView(String email, String profile, String grant, List<String> customers, String status) {
    }

    record MembershipView(String grant, String profile, List<String> customers, List<String> rights) {
    }

    // --- the world: services plus reference ----------------------------------------------------

    static final class World {
        final Core core;
        final RTenant[] ref = {new RTenant(TENANTS.get(0)), new RTenant(TENANTS.get(1))};
        int step;
        String label = "setup";
        String opName = "";
        boolean inSetup;
        int maxDepth;

        World(Core core) {
            this.core = core;
            for (RTenant r : ref) {
                r.now = core.clock::millis;
            }
        }

        void setUp() {
            inSetup = true;
            for (String t : TENANTS) {
                core.tenant(t, true, CUSTOMERS.toArray(String[]::new));
                for (String p : List.of("SUB", "SOLO", "MA", "GF")) {
                    core.profiles.create(t, new ProfileDraft(p, null, List.copyOf(PROFILE_RIGHTS.get(p)),
                        List.copyOf(DELEGABLE.get(p))), ADMIN);
                }
            }
            for (int t = 0; t < 2; t++) {
                apply(new CreateGrant(t, 0, 0, 0, 0b00111111, true));
                apply(new CreateGrant(t, 1, 1, 0, 0b11111100, false));
                apply(new Accept(t, 0, false));
                apply(new Accept(t, 1, false));
            }
            inSetup = false;
            step = 0;
            assertTrue(ref[0].members.values().stream().allMatch(m -> m.active));
        }

        void apply(Op op) {
            int t = op.t();
            label = (inSetup ? "setup " : "step ") + (step++) + " " + op;
            opName = op.getClass().getSimpleName();
            Object otherBefore = snapshot(1 - t);
            long auditBefore = lastAuditId(t);
            if (op instanceof CreateGrant c) {
                create(c);
            } else if (op instanceof Rescope r) {
                rescope(r);
            } else if (op instanceof RemoveMember r) {
                removeMember(r, auditBefore);
            } else if (op instanceof PatchRights p) {
                patch(p);
            } else if (op instanceof ProfileRights p) {
                profileRights(p);
            } else if (op instanceof Toggle) {
                ref[t].enabled = !ref[t].enabled;
                core.tenants.setDelegatedAccess(ref[t].id, ref[t].enabled, "support:support");
                collect(ref[t].enabled ? "on" : "off");
            } else if (op instanceof Invite i) {
                invite(i);
            } else if (op instanceof Accept a) {
                accept(a);
            } else if (op instanceof DeleteDelegates d) {
                delete(d, auditBefore);
            } else if (op instanceof Resend r) {
                resend(r);
            } else if (op instanceof RenameGrant r) {
                rename(r, auditBefore);
            } else if (op instanceof DeleteGrant d) {
                deleteGrant(d, auditBefore);
            } else if (op instanceof AddMember a) {
                addMember(a, auditBefore);
            } else if (op instanceof HandOver h) {
                handOver(h, auditBefore);
            } else if (op instanceof Tick k) {
                core.clock.advance(Duration.ofHours(k.hours()));
                collect("ticked");
            } else if (op instanceof Extend e) {
                extend(e);
            }
            if (!(op instanceof Tick)) {
                // time passes for every tenant alike; anything else touches only its own
                assertEquals(otherBefore, snapshot(1 - t), label + ": (e) the other tenant is unchanged");
            }
            check(t);
            for (RMember m : ref[t].members.values()) {
                int depth = 0;
                for (RMember c = m; c.inviterId != null; c = ref[t].members.get(c.inviterId)) {
                    depth++;
                }
                maxDepth = Math.max(maxDepth, depth);
            }
        }

        // --- running an operation with a predicted outcome ---------------------------------------

        <T> T expect(Class<? extends CollabException> refused, Supplier<T> call) {
            int sent = core.mails.issued.size();
            if (refused == null) {
                try {
                    T result = call.get();
                    assertNotNull(result);
                    collect("ok");
                    return result;
                } catch (CollabException e) {
                    throw new AssertionError(label + ": expected success, got " + e, e);
                }
            }
            try {
                call.get();
            } catch (CollabException e) {
                if (e.getClass() != refused) {
                    throw new AssertionError(label + ": expected " + refused.getSimpleName() + ", got " + e, e);
                }
                assertEquals(sent, core.mails.issued.size(), label + ": a refused operation sends no invitation");
                collect("refused: " + e.getClass().getSimpleName());
                return null;
            }
            fail(label + ": expected " + refused.getSimpleName() + ", but it succeeded");
            return null;
        }

        void collect(String outcome) {
            if (!inSetup) {
                Statistics.label("outcomes").collect(opName + " " + outcome);
            }
        }

        /** What a successful admin change did, to see that the interesting cases occur. */
        void detail(String what) {
            if (!inSetup) {
                Statistics.label("admin changes").collect(opName + " " + what);
            }
        }

        /** The one token issued since {@code sent}, checked against what it should name. */
        String newToken(RTenant r, int sent, RAccount account, String grant) {
            List<InvitationIssued> fresh = core.mails.issued.subList(sent, core.mails.issued.size());
            assertEquals(1, fresh.size(), label + ": one invitation is sent");
            InvitationIssued issued = fresh.get(0);
            assertEquals(r.id, issued.tenantId(), label);
            assertEquals(account.login, issued.email(), label);
            assertEquals(grant, issued.grant(), label);
            r.tokens.add(issued.token());
            return issued.token();
        }

        static List<String> subset(List<String> from, int mask) {
            List<String> result = new ArrayList<>();
            for (int i = 0; i < from.size(); i++) {
                if ((mask & (1 << i)) != 0) {
                    result.add(from.get(i));
                }
            }
            return result;
        }

        String membershipId(String grantId, String accountId) {
            return core.db.supports(() -> core.db.em().createQuery(
                "SELECT m.id FROM MembershipEntity m WHERE m.grantId = :g AND m.accountId = :a", String.class)
                .setParameter("g", grantId).setParameter("a", accountId).getSingleResult());
        }

        // --- admin ------------------------------------------------------------------------------

        void create(CreateGrant c) {
            RTenant r = ref[c.t()];
            String name = GRANT_NAMES.get(c.name());
            String email = EMAILS.get(c.email());
            String profile = PROFILES.get(c.profile());
            List<String> customers = subset(CUSTOMERS, c.mask());
            int sent = core.mails.issued.size();
            Grant g = expect(r.grants.containsKey(key(name)) ? ConflictException.class : null,
                () -> core.grants.create(r.id, new GrantDraft(name, profile, null, customers, c.separate(), email), ADMIN));
            if (g == null) {
                return;
            }
            RAccount account = r.accounts.computeIfAbsent(key(email), k -> new RAccount(k, email));
            String userId = g.members().get(0).userId();
            if (account.id == null) {
                account.id = userId;
            }
            assertEquals(account.id, userId, label);
            RGrant grant = new RGrant(name, profile, null, g.id(), c.separate());
            r.grants.put(grant.key, grant);
            RMember m = new RMember(membershipId(g.id(), userId), grant.key, account.key, null, true, account.password != null,
                new TreeSet<>(customers));
            m.byAdmin = true;
            r.members.put(m.id, m);
            if (m.active) {
                assertEquals(sent, core.mails.issued.size(), label + ": a registered account needs no invitation");
            } else {
                m.token = newToken(r, sent, account, name);
            }
        }

        void rescope(Rescope op) {
            RTenant r = ref[op.t()];
            List<RMember> all = r.sortedMembers();
            if (all.isEmpty()) {
                return;
            }
            RMember m = all.get(op.pick() % all.size());
            List<String> customers = new ArrayList<>(subset(CUSTOMERS, op.mask()));
            if (op.unknown()) {
                customers.add(UNKNOWN_CUSTOMER);
            }
            String grantId = op.foreign() ? foreignGrantId(op.t()) : r.grantOf(m).id;
            Class<? extends CollabException> refused = customers.isEmpty() || op.unknown() ? ValidationException.class
                : op.foreign() ? UnknownResourceException.class : null;
            Grant g = expect(refused, () -> core.grants.rescope(r.id, grantId, r.accounts.get(m.accountKey).id, customers, ADMIN));
            if (g != null) {
                m.scope = new TreeSet<>(customers);
            }
        }

        void removeMember(RemoveMember op, long auditBefore) {
            RTenant r = ref[op.t()];
            List<RMember> all = r.sortedMembers();
            if (all.isEmpty()) {
                return;
            }
            RMember m = all.get(op.pick() % all.size());
            String grantId = op.foreign() ? foreignGrantId(op.t()) : r.grantOf(m).id;
            Object done = expect(op.foreign() ? UnknownResourceException.class : null, () -> {
                core.grants.removeMember(r.id, grantId, r.accounts.get(m.accountKey).id, ADMIN);
                return Boolean.TRUE;
            });
            if (done != null) {
                int removed = r.removeCascade(m).size();
                checkRemovalAudit(op.t(), auditBefore, 1, removed - 1, ADMIN);
            }
        }

        /** A grant id of the other tenant (or, when it has none, of nobody): it must answer like one that does not exist. */
        String foreignGrantId(int t) {
            return ref[1 - t].grants.values().stream().map(g -> g.id).findFirst().orElse("no-such-grant");
        }

        void patch(PatchRights op) {
            RTenant r = ref[op.t()];
            List<RGrant> all = new ArrayList<>(r.grants.values());
            if (all.isEmpty()) {
                return;
            }
            RGrant g = all.get(op.pick() % all.size());
            List<String> rights = op.toProfile() ? null : new ArrayList<>(subset(RIGHTS, op.rightsMask()));
            if (rights != null && op.unknownRight()) {
                rights.add("no.such.right");
            }
            Grant result = expect(rights != null && op.unknownRight() ? ValidationException.class : null,
                () -> core.grants.patch(r.id, g.id, new GrantPatch(true, rights, null, null), ADMIN));
            if (result != null) {
                g.custom = rights == null ? null : Set.copyOf(rights);
            }
        }

        void profileRights(ProfileRights op) {
            RTenant r = ref[op.t()];
            String name = PROFILES.get(op.profile());
            List<String> rights = subset(RIGHTS, op.rightsMask());
            AccessProfile result = expect(r.enabled ? null : FeatureDisabledException.class, () -> {
                AccessProfile profile = core.profiles.list(r.id).stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElseThrow();
                return core.profiles.replace(r.id, profile.id(), new ProfileDraft(name, null, rights,
                    List.copyOf(DELEGABLE.get(name))), ADMIN);
            });
            if (result != null) {
                r.profileRights.put(name, Set.copyOf(rights));
            }
        }

        void rename(RenameGrant op, long auditBefore) {
            RTenant r = ref[op.t()];
            List<RGrant> all = new ArrayList<>(r.grants.values());
            if (all.isEmpty()) {
                return;
            }
            List<RGrant> top = r.topLevel();
            RGrant g = op.pick() < 700 && !top.isEmpty() ? top.get(op.pick() % top.size()) : all.get(op.pick() % all.size());
            String typed = switch (op.name()) {
                case 5 -> g.name;
                case 6 -> g.name.equals(key(g.name)) ? g.name.toUpperCase(Locale.ROOT) : key(g.name);
                case 7 -> "  Frei ";
                case 8 -> g.name + "/x";
                case 9 -> "   ";
                default -> GRANT_NAMES.get(op.name());
            };
            String name = typed.trim();

            // the prediction, in the order the rules are checked
            Class<? extends CollabException> refused = null;
            Map<RGrant, String> names = null;
            if (name.isEmpty() || name.contains("/")) {
                refused = ValidationException.class;
            } else if (op.foreign()) {
                refused = UnknownResourceException.class;
            } else if (g.parentKey != null) {
                refused = ConflictException.class; // a delegate grant's name follows its parent's
            } else {
                names = r.renamed(g, name);
                Set<RGrant> ours = names.keySet();
                if (names.values().stream().map(n -> r.grants.get(key(n))).anyMatch(other -> other != null && !ours.contains(other))) {
                    refused = ConflictException.class;
                }
            }
            String grantId = op.foreign() ? foreignGrantId(op.t()) : g.id;
            Grant result = expect(refused, () -> core.grants.rename(r.id, grantId, typed, ADMIN));
            if (result == null) {
                return;
            }
            assertEquals(g.id, result.id(), label);
            assertEquals(name, result.name(), label);
            boolean changed = !name.equals(g.name);
            assertEquals(changed ? 1 : 0, audit(op.t(), auditBefore).stream().filter(e -> e.action().equals("grant.renamed")).count(),
                label + ": a rename is audited, keeping the name is not");
            if (changed) {
                r.rename(names);
                detail(names.size() == 1 ? "renamed alone" : "renamed with the delegate grants below");
            } else {
                detail("name kept");
            }
        }

        void deleteGrant(DeleteGrant op, long auditBefore) {
            RTenant r = ref[op.t()];
            List<RGrant> all = new ArrayList<>(r.grants.values());
            List<RGrant> parents = all.stream().filter(x -> r.subtree(x).size() > 1).toList();
            List<RGrant> delegateGrants = r.delegateGrants();
            RGrant g = all.isEmpty() ? null
                : op.pick() < 400 && !parents.isEmpty() ? parents.get(op.pick() % parents.size())
                : op.pick() < 700 && !delegateGrants.isEmpty() ? delegateGrants.get(op.pick() % delegateGrants.size())
                : all.get(op.pick() % all.size());
            if (g == null && !op.foreign()) {
                return;
            }
            String grantId = op.foreign() ? foreignGrantId(op.t()) : g.id;
            List<String> result = expect(op.foreign() ? UnknownResourceException.class : null,
                () -> core.grants.delete(r.id, grantId, ADMIN));
            if (result == null) {
                return;
            }
            // every member of the grant, and every one below it the admin added, is removed with their delegates
            List<RGrant> subtree = r.subtree(g);
            Map<String, RMember> before = new HashMap<>(r.members);
            List<String> emails = new ArrayList<>();
            int roots = 0;
            for (RGrant x : subtree) {
                for (RMember m : r.members.values().stream().filter(m -> m.grantKey.equals(x.key)).toList()) {
                    if (r.members.containsKey(m.id)) {
                        roots++;
                        r.removeCascade(m).forEach(id -> emails.add(r.accounts.get(before.get(id).accountKey).login));
                    }
                }
            }
            subtree.forEach(x -> r.grants.remove(x.key));
            assertEquals(emails.stream().sorted().toList(), result.stream().sorted().toList(), label + ": the e-mails removed");
            checkRemovalAudit(op.t(), auditBefore, roots, emails.size() - roots, ADMIN);
            List<AuditEntry> entries = audit(op.t(), auditBefore);
            assertEquals(1, entries.stream().filter(e -> e.action().equals("grant.deleted")).count(), label + " " + entries);
            assertEquals(subtree.stream().filter(x -> x.parentKey != null).count(),
                entries.stream().filter(e -> e.action().equals("grant.removed")).count(),
                label + ": every delegate grant removed is audited once " + entries);
            detail((g.parentKey == null ? "top-level" : "delegate") + " grant deleted"
                + (subtree.size() == 1 ? " alone" : " with the delegate grants below") + (emails.size() > 1 ? ", several memberships removed" : ""));
        }

        void addMember(AddMember op, long auditBefore) {
            RTenant r = ref[op.t()];
            List<RGrant> all = new ArrayList<>(r.grants.values());
            RGrant g = all.isEmpty() ? null : all.get(op.pick() % all.size());
            if (g == null && !op.foreign()) {
                return;
            }
            String typed = op.email() == EMAILS.size() ? INVALID_EMAIL : EMAILS.get(op.email());
            String email = op.upper() ? typed.toUpperCase(Locale.ROOT) : typed;
            List<String> customers = new ArrayList<>(subset(CUSTOMERS, op.mask()));
            if (op.unknown()) {
                customers.add(UNKNOWN_CUSTOMER);
            }
            String language = switch (op.language()) {
                case 1 -> "en";
                case 2 -> "de";
                case 3 -> "fr";
                default -> null;
            };
            RAccount existing = r.accounts.get(key(email));
            Class<? extends CollabException> refused = null;
            if (typed.equals(INVALID_EMAIL) || customers.isEmpty() || op.unknown() || op.language() == 3) {
                refused = ValidationException.class;
            } else if (op.foreign()) {
                refused = UnknownResourceException.class;
            } else if (existing != null && r.members.values().stream()
                .anyMatch(m -> m.grantKey.equals(g.key) && m.accountKey.equals(existing.key))) {
                refused = ConflictException.class;
            }
            String grantId = op.foreign() ? foreignGrantId(op.t()) : g.id;
            int sent = core.mails.issued.size();
            Grant result = expect(refused, () -> core.grants.addMember(r.id, grantId, email, customers, language, ADMIN));
            if (result == null) {
                return;
            }
            RAccount account = r.accounts.computeIfAbsent(key(email), k -> new RAccount(k, email));
            String userId = result.members().stream().filter(m -> key(m.email()).equals(account.key)).findFirst()
                .orElseThrow(() -> new AssertionError(label + ": the grant lists the member added " + result)).userId();
            if (account.id == null) {
                account.id = userId;
            }
            assertEquals(account.id, userId, label + ": an account is reused");
            RMember m = new RMember(membershipId(g.id, userId), g.key, account.key, null, true, account.password != null,
                new TreeSet<>(customers));
            m.byAdmin = true;
            r.members.put(m.id, m);
            if (m.active) {
                assertEquals(sent, core.mails.issued.size(), label + ": a registered account needs no invitation");
            } else {
                m.token = newToken(r, sent, account, g.name);
            }
            assertEquals(1, audit(op.t(), auditBefore).stream().filter(e -> e.action().equals("member.added")).count(), label);
            detail("added to a " + (g.parentKey == null ? "top-level" : "delegate") + " grant, " + (m.active ? "ACTIVE" : "INVITED"));
        }

        // --- users ------------------------------------------------------------------------------

        /** Accounts that hold a membership, else all accounts; ordered by e-mail. */
        List<RAccount> users(RTenant r) {
            List<RAccount> withMembership = r.accounts.values().stream()
                .filter(a -> r.members.values().stream().anyMatch(m -> m.accountKey.equals(a.key))).toList();
            return withMembership.isEmpty() ? new ArrayList<>(r.accounts.values()) : withMembership;
        }

        private static Set<String> choose(InviteRequest request, Set<String> visible) {
            if (request.allCustomers()) {
                List<String> except = request.exceptCustomers() == null ? List.of() : request.exceptCustomers();
                if (!visible.containsAll(except)) {
                    return null;
                }
                Set<String> chosen = new TreeSet<>(visible);
                chosen.removeAll(except);
                return chosen;
            }
            return visible.containsAll(request.customers()) ? new TreeSet<>(request.customers()) : null;
        }

        void invite(Invite op) {
            RTenant r = ref[op.t()];
            List<RAccount> users = users(r);
            if (users.isEmpty()) {
                return;
            }
            List<RAccount> liveUsers = users.stream()
                .filter(a -> r.membersOf(a.key).stream().anyMatch(r::live)).toList();
            RAccount inviter = op.inviter() < 800 && !liveUsers.isEmpty() ? liveUsers.get(op.inviter() % liveUsers.size())
                : users.get(op.inviter() % users.size());
            String typed = op.email() == EMAILS.size() ? INVALID_EMAIL : EMAILS.get(op.email());
            String email = op.upper() ? typed.toUpperCase(Locale.ROOT) : typed;
            Set<String> handOut = new TreeSet<>();
            r.membersOf(inviter.key).stream().filter(r::live).forEach(m -> handOut.addAll(DELEGABLE.get(r.grantOf(m).profile)));
            String profile = op.profile() >= PROFILES.size() && !handOut.isEmpty()
                ? new ArrayList<>(handOut).get(op.profile() % handOut.size()) : PROFILES.get(op.profile() % PROFILES.size());
            // what the inviter sees through the first membership that may hand out the profile, else through all
            Set<String> visible = new TreeSet<>();
            r.membersOf(inviter.key).stream().filter(r::live).filter(m -> DELEGABLE.get(r.grantOf(m).profile).contains(profile))
                .findFirst().ifPresent(m -> visible.addAll(r.effective(m)));
            if (visible.isEmpty()) {
                r.membersOf(inviter.key).forEach(m -> visible.addAll(r.effective(m)));
            }
            List<String> customers = null;
            boolean all = false;
            List<String> except = null;
            switch (op.mode()) {
                case 0, 1, 2 -> {
                    customers = subset(new ArrayList<>(visible), op.mask());
                    if (customers.isEmpty()) {
                        customers = subset(CUSTOMERS, op.mask());
                    }
                }
                case 3 -> customers = subset(List.of("K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8", UNKNOWN_CUSTOMER), op.mask());
                case 4 -> all = true;
                default -> {
                    all = true;
                    except = subset(op.except() % 5 == 0 ? CUSTOMERS : new ArrayList<>(visible), op.except());
                }
            }
            Instant validUntil = op.validity() == 0 ? null : core.clock.instant().plus(Duration.ofHours(op.validity()));
            InviteRequest request = new InviteRequest(email, profile, customers, all, except, null, validUntil);

            // the prediction, in the order the rules are checked
            Class<? extends CollabException> refused = null;
            RMember from = null;
            Set<String> chosen = null;
            RGrant existing = null;
            String grantName = null;
            RAccount invitee = r.accounts.get(key(email));
            if (!r.enabled) {
                refused = FeatureDisabledException.class;
            } else if (typed.equals(INVALID_EMAIL) || (!all && customers.isEmpty())) {
                refused = ValidationException.class;
            } else if (key(email).equals(inviter.key)) {
                refused = ValidationException.class;
            } else {
                List<RMember> candidates = r.membersOf(inviter.key).stream().filter(r::live)
                    .filter(m -> DELEGABLE.get(r.grantOf(m).profile).contains(profile)).toList();
                for (RMember candidate : candidates) {
                    Set<String> c = choose(request, r.effective(candidate));
                    if (c != null && !c.isEmpty()) {
                        from = candidate;
                        chosen = c;
                        break;
                    }
                }
                if (from == null) {
                    refused = ValidationException.class;
                } else if (validUntil != null && (op.validity() < 0 || validUntil.toEpochMilli() > r.end(from))) {
                    // in the past, or beyond the inviter's own end (the test's profiles set no limit)
                    refused = ValidationException.class;
                } else {
                    String parentKey = from.grantKey;
                    boolean duplicate = invitee != null && r.members.values().stream()
                        .anyMatch(m -> m.accountKey.equals(invitee.key) && parentKey.equals(r.grantOf(m).parentKey));
                    RGrant parent = r.grants.get(parentKey);
                    String login = invitee != null ? invitee.login : email;
                    grantName = parent.name + "/" + (parent.separate ? login : profile);
                    existing = r.grants.get(key(grantName));
                    if (duplicate || existing != null && (parent.separate || !parentKey.equals(existing.parentKey))) {
                        refused = ConflictException.class;
                    }
                }
            }
            int sent = core.mails.issued.size();
            Delegate d = expect(refused, () -> core.delegation.invite(r.id, inviter.id, request));
            if (d == null) {
                return;
            }
            RGrant parent = r.grants.get(from.grantKey);
            RAccount account = r.accounts.computeIfAbsent(key(email), k -> new RAccount(k, email));
            if (account.id == null) {
                account.id = d.userId();
            }
            RGrant grant = existing;
            if (grant == null) {
                grant = new RGrant(grantName, profile, parent.key, d.grantId(), parent.separate);
                r.grants.put(grant.key, grant);
            }
            assertEquals(new DelegateView(account.login, profile, grantName, List.copyOf(chosen), "INVITED"),
                new DelegateView(d.email(), d.profile(), d.grant(), ids(d.customers()), d.status().name()), label);
            assertEquals(account.id, d.userId(), label);
            assertEquals(grant.id, d.grantId(), label);
            RMember m = new RMember(d.id(), grant.key, account.key, from.id,
                DELEGABLE.get(parent.profile).contains(profile), false, chosen);
            m.validUntil = TenantModel.end(validUntil);
            r.members.put(m.id, m);
            long end = r.end(m);
            assertEquals(end == TenantModel.UNLIMITED ? null : Instant.ofEpochMilli(end), d.validUntil(), label + ": the end that applies");
            m.token = newToken(r, sent, account, grantName);
        }

        void accept(Accept op) {
            RTenant r = ref[op.t()];
            if (r.tokens.isEmpty()) {
                return;
            }
            List<String> usable = r.members.values().stream().filter(m -> !m.active && m.token != null).map(m -> m.token)
                .sorted(Comparator.comparing(r.tokens::indexOf)).toList();
            String token = op.pick() < 700 && !usable.isEmpty() ? usable.get(op.pick() % usable.size())
                : r.tokens.get(op.pick() % r.tokens.size());
            String password = op.otherPassword() ? P2 : P1;
            RMember m = r.members.values().stream().filter(x -> token.equals(x.token) && !x.active).findFirst().orElse(null);
            RAccount account = m == null ? null : r.accounts.get(m.accountKey);
            Class<? extends CollabException> refused = null;
            if (m == null) {
                refused = InvitationGoneException.class;
            } else if (account.password != null && !account.password.equals(password)) {
                refused = NotPermittedException.class;
            } else if (m.inviterId != null) {
                RMember inviter = r.members.get(m.inviterId);
                if (inviter == null || !r.live(inviter)) {
                    refused = InvitationGoneException.class;
                } else if (!DELEGABLE.get(r.grantOf(inviter).profile).contains(r.grantOf(m).profile)) {
                    refused = ConflictException.class;
                } else if (Collections.disjoint(m.scope, r.effective(inviter))) {
                    refused = ConflictException.class;
                }
            }
            Account result = expect(refused, () -> core.invitations.accept(token, password.toCharArray(), null));
            if (result == null) {
                return;
            }
            assertEquals(account.id, result.id(), label + ": the account keeps its id");
            m.active = true;
            if (account.password == null) {
                account.password = password;
            }
        }

        void delete(DeleteDelegates op, long auditBefore) {
            RTenant r = ref[op.t()];
            RAccount user = actingUser(r, op.user());
            if (user == null) {
                return;
            }
            List<RMember> delegates = r.delegatesOf(user.key);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < delegates.size(); i++) {
                if ((op.mask() & (1 << (i % 4))) != 0) {
                    ids.add(delegates.get(i).id);
                }
            }
            boolean foreign = false;
            if (op.foreign() == 1 && !ref[1 - op.t()].members.isEmpty()) {
                ids.add(ids.size() / 2, ref[1 - op.t()].members.keySet().iterator().next());
                foreign = true;
            } else if (op.foreign() == 2) {
                Set<String> mine = new HashSet<>();
                delegates.forEach(d -> mine.add(d.id));
                String other = r.sortedMembers().stream().map(m -> m.id).filter(id -> !mine.contains(id)).findFirst().orElse(null);
                if (other != null) {
                    ids.add(other);
                    foreign = true;
                }
            } else if (op.foreign() == 3) {
                ids.add(0, "no-such-delegate");
                foreign = true;
            }
            Class<? extends CollabException> refused = ids.isEmpty() ? ValidationException.class
                : foreign ? UnknownResourceException.class : null;
            List<String> result = expect(refused, () -> core.delegation.delete(r.id, user.id, ids));
            if (result == null) {
                return;
            }
            assertEquals(ids, result, label);
            int roots = 0;
            int removed = 0;
            for (String id : ids) {
                RMember m = r.members.get(id);
                if (m != null) {
                    roots++;
                    removed += r.removeCascade(m).size();
                }
            }
            checkRemovalAudit(op.t(), auditBefore, roots, removed - roots, "user:" + user.login);
        }

        /**
         * The user an operation acts as: mostly (below 800 of 1,000) one who has delegates, so
         * that operations on delegates are tried far more often than refused for want of one;
         * {@code null} when the tenant has no users.
         */
        private RAccount actingUser(RTenant r, int pick) {
            List<RAccount> users = users(r);
            if (users.isEmpty()) {
                return null;
            }
            List<RAccount> inviters = users.stream().filter(a -> !r.delegatesOf(a.key).isEmpty()).toList();
            return pick < 800 && !inviters.isEmpty() ? inviters.get(pick % inviters.size()) : users.get(pick % users.size());
        }

        void extend(Extend op) {
            RTenant r = ref[op.t()];
            RAccount user = actingUser(r, op.user());
            if (user == null) {
                return;
            }
            List<RMember> delegates = r.delegatesOf(user.key);
            RMember d = delegates.isEmpty() ? null : delegates.get(op.pick() % delegates.size());
            Instant to = core.clock.instant().plus(Duration.ofHours(op.hours()));
            // the prediction, in the order the rules are checked
            Class<? extends CollabException> refused;
            if (!r.enabled) {
                refused = FeatureDisabledException.class;
            } else if (d == null) {
                refused = UnknownResourceException.class;
            } else if (d.validUntil == TenantModel.UNLIMITED || r.ended(d)) {
                refused = ConflictException.class;
            } else if (to.toEpochMilli() <= d.validUntil || to.toEpochMilli() > r.end(r.members.get(d.inviterId))) {
                refused = ValidationException.class;
            } else {
                refused = null;
            }
            Delegate done = expect(refused, () -> core.delegation.extend(r.id, user.id, d == null ? "no-such-delegate" : d.id, to));
            if (done != null) {
                d.validUntil = to.toEpochMilli();
                assertEquals(Instant.ofEpochMilli(r.end(d)), done.validUntil(), label);
            }
        }

        void resend(Resend op) {
            RTenant r = ref[op.t()];
            RAccount user = actingUser(r, op.user());
            if (user == null) {
                return;
            }
            List<RMember> delegates = r.delegatesOf(user.key);
            RMember d = delegates.isEmpty() ? null : delegates.get(op.pick() % delegates.size());
            Class<? extends CollabException> refused = !r.enabled ? FeatureDisabledException.class
                : d == null ? UnknownResourceException.class : d.active ? ConflictException.class : null;
            int sent = core.mails.issued.size();
            Object done = expect(refused, () -> {
                core.delegation.resend(r.id, user.id, d == null ? "no-such-delegate" : d.id);
                return Boolean.TRUE;
            });
            if (done != null) {
                d.token = newToken(r, sent, r.accounts.get(d.accountKey), r.grantOf(d).name);
            }
        }

        // --- the hand-over ("Ansprechpartner wechselt") ---------------------------------------------

        /** A grant while a hand-over is simulated: by identity, so that renaming one keeps its children's link. */
        static final class SimGrant {
            final RGrant orig;
            String name;
            SimGrant parent;
            final String profile;
            final boolean separate;
            final Set<String> custom;

            SimGrant(RGrant orig, String name, String profile, boolean separate, Set<String> custom) {
                this.orig = orig;
                this.name = name;
                this.profile = profile;
                this.separate = separate;
                this.custom = custom;
            }

            String key() {
                return DelegationPropertiesTest.key(name);
            }

            SimGrant top() {
                SimGrant g = this;
                while (g.parent != null) {
                    g = g.parent;
                }
                return g;
            }
        }

        /** The reference's prediction of a hand-over: the refusal, or the state after it. */
        static final class SimHandOver {
            Class<? extends CollabException> refused;
            final Map<RGrant, SimGrant> grants = new LinkedHashMap<>();
            final Map<String, SimGrant> memberGrant = new HashMap<>();
            final List<SimGrant> all = new ArrayList<>();
            final List<RMember> below = new ArrayList<>();
            final Map<String, Set<String>> kept = new HashMap<>();
            /** Grants a moved person left, and the leaver's: removed when left without members and grants below. */
            final Set<SimGrant> emptied = new LinkedHashSet<>();
        }

        /**
         * The rules of a hand-over as the reference model sees them, in the service's order: the
         * successor is another live person of the same company, not below the leaver, whose profile
         * lists the direct delegates' profiles and who sees some of each one's customers; then, parents
         * before children, each moved person's grant by the naming rule for the new inviter (renamed in
         * place when nobody else holds it, else joined or created), refusing duplicates and names taken.
         */
        SimHandOver simulate(RTenant r, RMember leaver, RMember successor) {
            SimHandOver sim = new SimHandOver();
            for (RGrant g : r.grants.values()) {
                SimGrant s = new SimGrant(g, g.name, g.profile, g.separate, g.custom);
                sim.grants.put(g, s);
                sim.all.add(s);
            }
            sim.grants.forEach((g, s) -> s.parent = g.parentKey == null ? null : sim.grants.get(r.grants.get(g.parentKey)));
            r.members.values().forEach(m -> sim.memberGrant.put(m.id, sim.grants.get(r.grantOf(m))));
            List<RMember> queue = new ArrayList<>(List.of(leaver));
            Set<String> moving = new HashSet<>();
            while (!queue.isEmpty()) {
                RMember m = queue.remove(0);
                r.members.values().stream().filter(x -> m.id.equals(x.inviterId) && moving.add(x.id)).forEach(x -> {
                    sim.below.add(x);
                    queue.add(x);
                });
            }
            List<RMember> direct = sim.below.stream().filter(m -> leaver.id.equals(m.inviterId)).toList();
            SimGrant successorGrant = sim.memberGrant.get(successor.id);
            if (successor.id.equals(leaver.id) || successor.accountKey.equals(leaver.accountKey) || moving.contains(successor.id)
                || !r.live(successor) || successorGrant.top() != sim.memberGrant.get(leaver.id).top()
                || direct.stream().anyMatch(d -> !DELEGABLE.get(successorGrant.profile).contains(sim.memberGrant.get(d.id).profile))) {
                sim.refused = ValidationException.class;
                return sim;
            }
            for (RMember d : direct) {
                Set<String> scope = new TreeSet<>(d.scope);
                scope.retainAll(r.effective(successor));
                if (scope.isEmpty()) {
                    sim.refused = ValidationException.class;
                    return sim;
                }
                sim.kept.put(d.id, scope);
            }
            Map<String, SimGrant> byKey = new HashMap<>();
            sim.all.forEach(g -> byKey.put(g.key(), g));
            for (RMember m : sim.below) {
                SimGrant parent = leaver.id.equals(m.inviterId) ? successorGrant : sim.memberGrant.get(m.inviterId);
                SimGrant old = sim.memberGrant.get(m.id);
                String login = r.accounts.get(m.accountKey).login;
                String name = parent.name + "/" + (parent.separate ? login : old.profile);
                boolean duplicate = r.members.values().stream().anyMatch(x -> x.accountKey.equals(m.accountKey)
                    && !moving.contains(x.id) && !x.id.equals(leaver.id) && sim.memberGrant.get(x.id).parent == parent);
                if (duplicate) {
                    sim.refused = ConflictException.class;
                    return sim;
                }
                SimGrant target;
                SimGrant existing = byKey.get(key(name));
                if (old.key().equals(key(name)) && old.parent == parent) {
                    target = old;
                } else if (existing != null) {
                    if (existing != old && (parent.separate || existing.parent != parent || !existing.profile.equals(old.profile))) {
                        sim.refused = ConflictException.class;
                        return sim;
                    }
                    target = existing;
                } else if (r.members.values().stream().allMatch(x -> x.id.equals(m.id) || sim.memberGrant.get(x.id) != old)) {
                    byKey.remove(old.key());
                    old.name = name;
                    old.parent = parent;
                    byKey.put(old.key(), old);
                    target = old;
                } else {
                    target = new SimGrant(null, name, old.profile, old.separate, old.custom);
                    target.parent = parent;
                    sim.all.add(target);
                    byKey.put(target.key(), target);
                }
                if (target != old) {
                    sim.emptied.add(old);
                }
                sim.memberGrant.put(m.id, target);
            }
            sim.emptied.add(sim.memberGrant.get(leaver.id));
            return sim;
        }

        void handOver(HandOver op, long auditBefore) {
            RTenant r = ref[op.t()];
            List<RMember> all = r.sortedMembers();
            if (all.isEmpty()) {
                return;
            }
            boolean admin = op.mode() >= 6;
            RAccount user = null;
            RMember leaver;
            RMember successor;
            Class<? extends CollabException> refused = null;
            // Mostly leavers who invited someone themselves: those are the hand-overs that move people.
            List<RMember> leading = all.stream().filter(m -> r.members.values().stream().anyMatch(x -> m.id.equals(x.inviterId)))
                .toList();
            if (admin) {
                leaver = op.leaver() < 800 && !leading.isEmpty() ? leading.get(op.leaver() % leading.size())
                    : all.get(op.leaver() % all.size());
                List<RMember> company = all.stream().filter(m -> m != leaver && r.live(m)).toList();
                successor = op.successor() < 700 && !company.isEmpty() ? company.get(op.successor() % company.size())
                    : all.get(op.successor() % all.size());
            } else {
                List<RAccount> users = users(r);
                List<RAccount> inviters = users.stream().filter(a -> !r.delegatesOf(a.key).isEmpty()).toList();
                List<RAccount> aboveLeaders = inviters.stream().filter(a -> r.delegatesOf(a.key).stream().anyMatch(leading::contains))
                    .toList();
                user = op.user() < 600 && !aboveLeaders.isEmpty() ? aboveLeaders.get(op.user() % aboveLeaders.size())
                    : op.user() < 800 && !inviters.isEmpty() ? inviters.get(op.user() % inviters.size())
                    : users.get(op.user() % users.size());
                List<RMember> delegates = r.delegatesOf(user.key);
                List<RMember> leadingDelegates = delegates.stream().filter(leading::contains).toList();
                leaver = delegates.isEmpty() ? null : op.leaver() < 800 && !leadingDelegates.isEmpty()
                    ? leadingDelegates.get(op.leaver() % leadingDelegates.size()) : delegates.get(op.leaver() % delegates.size());
                List<RMember> candidates = new ArrayList<>(r.membersOf(user.key));
                candidates.addAll(delegates);
                successor = op.mode() == 5 || candidates.isEmpty() ? all.get(op.successor() % all.size())
                    : candidates.get(op.successor() % candidates.size());
                if (leaver == null) {
                    refused = UnknownResourceException.class;
                } else if (!within(r, user, successor)) {
                    refused = ValidationException.class;
                }
            }
            SimHandOver sim = leaver == null ? null : simulate(r, leaver, successor);
            if (refused == null) {
                refused = sim.refused;
            }
            RAccount actor = user;
            Object done = expect(refused, () -> admin
                ? core.grants.handOver(r.id, r.grantOf(leaver).id, r.accounts.get(leaver.accountKey).id, r.grantOf(successor).id,
                    r.accounts.get(successor.accountKey).id, ADMIN)
                : core.delegation.handOver(r.id, actor.id, leaver == null ? "no-such-delegate" : leaver.id, successor.id));
            if (done == null) {
                return;
            }
            detail(sim.below.size() + " moved");
            // The reference follows the prediction: grants renamed, created and emptied, people moved, the leaver gone.
            Map<String, String> ids = new HashMap<>();
            core.grants.list(r.id).forEach(g -> ids.put(g.name(), g.id()));
            Map<SimGrant, RGrant> real = new LinkedHashMap<>();
            for (SimGrant g : sim.all) {
                RGrant rg = g.orig;
                if (rg == null) {
                    rg = new RGrant(g.name, g.profile, null, ids.get(g.name), g.separate);
                    rg.custom = g.custom;
                }
                real.put(g, rg);
            }
            for (RMember m : sim.below) {
                if (leaver.id.equals(m.inviterId)) {
                    m.inviterId = successor.id;
                    m.scope = new TreeSet<>(sim.kept.get(m.id));
                }
            }
            r.members.remove(leaver.id);
            r.removed.add(leaver.id);
            Set<SimGrant> gone = new HashSet<>();
            Set<SimGrant> candidates = new LinkedHashSet<>(sim.emptied);
            for (boolean again = true; again;) {
                again = false;
                for (SimGrant g : new ArrayList<>(candidates)) {
                    boolean used = r.members.values().stream().anyMatch(m -> sim.memberGrant.get(m.id) == g);
                    boolean parentOfSome = sim.all.stream().anyMatch(c -> c.parent == g && !gone.contains(c));
                    if (g.parent == null || used) {
                        candidates.remove(g);
                    } else if (!parentOfSome) {
                        gone.add(g);
                        candidates.remove(g);
                        candidates.add(g.parent);
                        again = true;
                    }
                }
            }
            r.grants.clear();
            for (SimGrant g : sim.all) {
                if (gone.contains(g)) {
                    continue;
                }
                RGrant rg = real.get(g);
                rg.name = g.name;
                rg.key = g.key();
                rg.parentKey = g.parent == null ? null : g.parent.key();
                rg.id = ids.getOrDefault(g.name, rg.id);
                r.grants.put(rg.key, rg);
            }
            r.members.values().forEach(m -> m.grantKey = sim.memberGrant.get(m.id).key());
            List<AuditEntry> entries = audit(op.t(), auditBefore);
            assertEquals(sim.below.size(), entries.stream().filter(e -> e.action().equals("member.handedOver")).count(),
                label + ": every moved person is audited " + entries);
            assertEquals(1, entries.stream().filter(e -> e.action().equals("member.removed.handOver")).count(), label + " " + entries);
        }

        /** Whether a membership is the user's own or below one of the user's memberships. */
        private static boolean within(RTenant r, RAccount user, RMember m) {
            for (RMember c = m; c != null; c = c.inviterId == null ? null : r.members.get(c.inviterId)) {
                if (c.accountKey.equals(user.key)) {
                    return true;
                }
            }
            return false;
        }

        // --- checks -----------------------------------------------------------------------------

        final long[] auditSeen = new long[2];

        long lastAuditId(int t) {
            List<AuditEntry> more = audit(t, auditSeen[t]);
            if (!more.isEmpty()) {
                auditSeen[t] = more.get(more.size() - 1).id();
            }
            return auditSeen[t];
        }

        List<AuditEntry> audit(int t, long after) {
            List<AuditEntry> result = new ArrayList<>();
            long from = after;
            while (true) {
                List<AuditEntry> page = core.audit.entries(ref[t].id, from, 1000);
                result.addAll(page);
                if (page.size() < 1000) {
                    return result;
                }
                from = page.get(page.size() - 1).id();
            }
        }

        void checkRemovalAudit(int t, long after, int roots, int cascaded, String actor) {
            List<AuditEntry> entries = audit(t, after);
            assertEquals(roots, entries.stream().filter(e -> e.action().equals("member.removed") && e.actor().equals(actor)).count(),
                label + ": every removal is audited " + entries);
            assertEquals(cascaded, entries.stream().filter(e -> e.action().equals("member.removed.cascade")).count(),
                label + ": every cascaded removal is audited " + entries);
        }

        /** What another tenant's operation must not change. */
        Object snapshot(int t) {
            RTenant r = ref[t];
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("audit", lastAuditId(t));
            s.put("model", core.model.model(r.id).nodes);
            s.put("tenant", core.tenants.get(r.id));
            for (RAccount a : r.accounts.values()) {
                s.put("access " + a.key, core.access.effectiveAccess(r.id, a.login));
            }
            return s;
        }

        List<GrantView> grantViews(List<Grant> grants) {
            return grants.stream().map(g -> new GrantView(g.name(), g.profile(), g.rights(), g.customized(),
                g.separateDelegateGrants(), g.parentGrant(), g.members().stream().map(m -> new MemberView(m.email(),
                    ids(m.customers()), m.status().name(), m.invitedBy())).toList())).toList();
        }

        List<GrantView> expectedGrantViews(RTenant r) {
            List<GrantView> result = new ArrayList<>();
            for (RGrant g : r.grants.values()) {
                List<MemberView> members = r.members.values().stream().filter(m -> m.grantKey.equals(g.key))
                    .sorted(Comparator.comparing(m -> m.accountKey))
                    .map(m -> new MemberView(r.accounts.get(m.accountKey).login, List.copyOf(m.scope),
                        m.active ? "ACTIVE" : "INVITED",
                        m.inviterId == null ? null : r.accounts.get(r.members.get(m.inviterId).accountKey).login))
                    .toList();
                Set<String> rights = g.custom != null ? g.custom : r.profileRights.get(g.profile);
                result.add(new GrantView(g.name, g.profile, rights.stream().sorted().toList(), g.custom != null, g.separate,
                    g.parentKey == null ? null : r.grants.get(g.parentKey).name, members));
            }
            return result;
        }

        static List<String> ids(List<Customer> customers) {
            return customers.stream().map(Customer::id).toList();
        }

        static EffectiveAccess effectiveAccess(Map<String, Set<String>> byCustomer) {
            List<CustomerAccess> customers = new ArrayList<>();
            byCustomer.forEach((c, rights) -> customers.add(new CustomerAccess(c, rights.stream().sorted().toList())));
            return new EffectiveAccess(customers, true);
        }

        void check(int acted) {
            for (int t = 0; t < 2; t++) {
                checkTenant(t, t == acted);
            }
        }

        /**
         * Checks a tenant against the reference model. The tenant acted on gets every check; the
         * other one, which (e) the snapshot already shows unchanged, the cheaper ones.
         */
        void checkTenant(int t, boolean acted) {
            RTenant r = ref[t];
            String where = label + " [" + r.id + "]";
            TenantModel live = core.model.model(r.id);
            AccessDecisionsImpl fresh = null;
            if (acted) {
                // (d) the access service equals a from-scratch recomputation from the database
                // every index the incremental updates maintain, the decision index included
                Map<String, Object> scratch = core.model.reloadFromScratch(r.id).picture();
                Map<String, Object> kept = live.picture();
                for (String part : scratch.keySet()) {
                    assertEquals(scratch.get(part), kept.get(part), where + ": (d) " + part);
                }
                fresh = new AccessDecisionsImpl(new AccessModel(core.db, new DelegationEvents(), core.clock));
            }

            // the database holds what the reference model says happened
            assertEquals(r.members.keySet(), live.nodes.keySet(), where + ": memberships");
            for (RMember m : r.members.values()) {
                TenantModel.Node node = live.nodes.get(m.id);
                assertEquals(List.of(m.id, r.accounts.get(m.accountKey).id, r.grantOf(m).id, String.valueOf(m.inviterId), m.active,
                    new TreeSet<>(m.scope), m.validUntil), List.of(node.id(), node.accountId(), node.grantId(),
                        String.valueOf(node.inviterId()), node.active(), new TreeSet<>(node.scope()), node.end()), where);
            }
            List<Grant> grants = core.grants.list(r.id);
            assertEquals(expectedGrantViews(r), grantViews(grants), where + ": grants");
            // the admin's view of a grant served from the model is the one read from the database
            for (Grant grant : grants) {
                assertEquals(grant, core.grants.get(r.id, grant.id()), where + ": grant " + grant.name() + " from the model");
            }

            // (a) an active delegate's effective customers are within their inviter's
            for (TenantModel.Node node : live.nodes.values()) {
                if (node.active() && node.inviterId() != null) {
                    TenantModel.Node inviter = live.nodes.get(node.inviterId());
                    assertNotNull(inviter, where + ": (a) an active delegate's inviter exists");
                    assertTrue(live.effective(inviter).containsAll(live.effective(node)), where + ": (a) " + node);
                }
            }

            // (b) no delegate holds a profile that was not delegable when invited
            Map<String, Grant> byId = new HashMap<>();
            grants.forEach(g -> byId.put(g.id(), g));
            for (Grant g : byId.values()) {
                if (g.parentGrantId() != null) {
                    Grant parent = byId.get(g.parentGrantId());
                    assertNotNull(parent, where + ": (b) the parent of " + g.name() + " exists");
                    assertTrue(DELEGABLE.get(parent.profile()).contains(g.profile()), where + ": (b) " + g.name());
                    // everyone in a delegate grant was invited, unless the admin added them there
                    for (var member : g.members()) {
                        assertTrue(member.invitedBy() != null || r.members.values().stream().anyMatch(m -> m.byAdmin
                            && r.grantOf(m).id.equals(g.id()) && r.accounts.get(m.accountKey).id.equals(member.userId())),
                            where + ": (b) " + g.name() + " " + member.email());
                    }
                }
            }
            for (RMember m : r.members.values()) {
                if (m.inviterId != null) {
                    assertTrue(m.delegableWhenInvited, where + ": (b) " + m.id);
                }
            }

            // (c) removed memberships give nothing: every answer equals the reference model's
            for (String removed : r.removed) {
                assertFalse(live.nodes.containsKey(removed), where + ": (c) removed " + removed);
            }
            List<String> customers = new ArrayList<>(CUSTOMERS);
            customers.add(UNKNOWN_CUSTOMER);
            for (RAccount a : r.accounts.values()) {
                Map<String, Set<String>> expected = r.access(a.key);
                for (String right : RIGHTS) {
                    for (String c : customers) {
                        boolean allowed = expected.getOrDefault(c, Set.of()).contains(right);
                        assertEquals(allowed, core.access.isAllowed(r.id, a.login, right, c), where + ": (c) " + a.login + " " + right + " " + c);
                        if (fresh != null) {
                            assertEquals(allowed, fresh.isAllowed(r.id, a.login, right, c), where + ": (d) fresh " + a.login + " " + right + " " + c);
                        }
                    }
                }
                assertEquals(expected.getOrDefault("K1", Set.of()).contains("contracts.view"),
                    core.access.isAllowed(r.id, a.id, "contracts.view", "K1"), where + ": by account id");
                assertEquals(effectiveAccess(expected), core.access.effectiveAccess(r.id, a.login.toUpperCase(Locale.ROOT)), where + " " + a.login);
                if (fresh != null) {
                    assertEquals(effectiveAccess(expected), fresh.effectiveAccess(r.id, a.id), where + ": (d) fresh " + a.login);
                }
            }
            assertFalse(core.access.isAllowed(r.id, "nobody@firma.de", "contracts.view", "K1"));
            assertThrows(UnknownResourceException.class, () -> core.access.effectiveAccess(r.id, "nobody@firma.de"));

            if (acted) {
                checkSelfService(r, where);
            }
        }

        /** What each user sees of themselves and their delegates. */
        void checkSelfService(RTenant r, String where) {
            for (RAccount a : r.accounts.values()) {
                Me me = core.delegation.me(r.id, a.id);
                List<MembershipView> expected = r.membersOf(a.key).stream().filter(r::live)
                    .map(m -> new MembershipView(r.grantOf(m).name, r.grantOf(m).profile, List.copyOf(r.effective(m)),
                        r.rights(m).stream().sorted().toList()))
                    .sorted(Comparator.comparing(v -> key(v.grant()))).toList();
                assertEquals(expected, me.memberships().stream().map(m -> new MembershipView(m.grant(), m.profile(),
                    ids(m.customers()), m.rights())).toList(), where + ": me() of " + a.login);

                List<DelegateView> delegates = r.delegatesOf(a.key).stream().map(d -> {
                    Set<String> visible = new TreeSet<>(d.scope);
                    visible.retainAll(r.effective(r.members.get(d.inviterId)));
                    return new DelegateView(r.accounts.get(d.accountKey).login, r.grantOf(d).profile, r.grantOf(d).name,
                        List.copyOf(visible), r.ended(d) ? "EXPIRED" : d.active ? "ACTIVE" : "INVITED");
                }).toList();
                assertEquals(delegates, core.delegation.delegates(r.id, a.id).stream().map(d -> new DelegateView(d.email(),
                    d.profile(), d.grant(), ids(d.customers()), d.status().name())).toList(), where + ": delegates() of " + a.login);
            }
        }

        /** Every token ever sent works exactly while it is the current one of a pending membership. */
        void checkTokens(int t) {
            RTenant r = ref[t];
            Set<String> usable = new HashSet<>();
            r.members.values().stream().filter(m -> !m.active && m.token != null).forEach(m -> usable.add(m.token));
            for (String token : r.tokens) {
                if (usable.contains(token)) {
                    assertEquals(r.id, core.invitations.inspect(token).tenant(), label);
                } else {
                    assertThrows(InvitationGoneException.class, () -> core.invitations.inspect(token), label);
                }
            }
        }
    }
}
