package dev.collab.profiles.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import org.osgi.util.converter.Converters;

import dev.collab.api.profiles.AccessProfile;
import dev.collab.api.profiles.ProfileDraft;
import dev.collab.api.profiles.Right;
import dev.collab.profiles.internal.persistence.BenchDatabase;
import dev.collab.profiles.internal.persistence.Database;

/**
 * A generated tenant on a real embedded Derby database, wired to the real services outside
 * OSGi: 10,000 customers, 50 root memberships (profile GF, 2,000 customers each) and below each
 * of them 100 delegates on inviter chains four deep (root → level 1 → 2 → 3 → 4; 5,000 delegates
 * in all), every delegate with an account and a grant of its own
 * ({@code <inviter's grant>/<e-mail>}) and a random 60% of its inviter's customers.
 *
 * <p>Tenant and profiles are created through the services (so they carry whatever those write);
 * the bulk is written over JDBC following the schema of the migrations (batches for accounts,
 * grants and memberships, Derby's import procedure for the 2.6 million membership-customer
 * rows), then the access model is loaded once. Everything is derived from a fixed seed, so every
 * run measures the same data.
 */
final class BenchTenant implements AutoCloseable {
    static final String TENANT = "bench";
    static final String ACTOR = "admin:bench@broker.example";
    static final int CUSTOMERS = 10_000;
    /**
     * Root memberships, each with 100 delegates below: 50 make the 5,000-delegate tenant; a
     * smaller tenant ({@code -jvmArgsAppend -Dcollab.bench.roots=5}) shows which costs grow with it.
     */
    static final int ROOTS = Integer.getInteger("collab.bench.roots", 50);
    static final int ROOT_SCOPE = 2_000;
    /** Delegates below each root membership at levels 1 to 4: 100 per root, 5,000 in all. */
    static final int[] PER_ROOT = {10, 20, 30, 40};
    /** The share of its inviter's customers a delegate gets. */
    static final double KEEP = 0.6;
    /** Number of (user, customer, right) questions cycled through; a power of two. */
    static final int PROBES = 1 << 12;
    static final long SEED = 20_240_611L;
    /** The right the revocation benchmark watches; both profiles have it. */
    static final String WATCHED_RIGHT = "contracts.view";

    static final List<String> GF_RIGHTS = List.of("contracts.view", "documents.view");
    static final List<String> MA_RIGHTS = List.of("claims.view", "contracts.view");

    static {
        // Before anything touches SLF4J: the services' INFO lines would interleave with JMH's output.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        // One Derby log for the whole run, outside the database folders (which are copied and deleted).
        if (System.getProperty("derby.stream.error.file") == null) {
            System.setProperty("derby.stream.error.file",
                Path.of(System.getProperty("java.io.tmpdir"), "collab-bench-derby.log").toString());
        }
    }

    /** One generated membership with its account and grant. {@code level} 0 is a root. */
    record Member(String membershipId, String accountId, String email, String grantId, String grantName,
        String inviterId, int level, int root, List<String> scope, List<String> rights) {
        /** Holders of GF invite further; the last level holds MA. */
        boolean invites() {
            return level < PER_ROOT.length;
        }
    }

    /** A question the host could ask, the answer the generated data implies, and its HashMap key. */
    record Probe(String user, String customer, String right, boolean allowed, String key) {
    }

    /** Taking {@code customer} away from a root membership, which a level-4 delegate below it sees. */
    record Revocation(Member root, Member deepest, String customer, List<String> without, List<String> full) {
    }

    private static final String COMPLETE = "generated.txt";
    private static final String DURABILITY = "derby.system.durability";

    final Path dir;
    final Database db;
    /** The tenant's model and its write path. */
    final AccessModel model;
    /** The host's questions, answered from {@link #model}. */
    final AccessDecisionsImpl access;
    final TenantServiceImpl tenants;
    final GrantServiceImpl grants;
    final List<Member> members;
    final Map<String, Member> byMembership;
    final List<Probe> probes;
    final long customerRows;
    final String origin;
    final long openNanos;
    final long modelNanos;

    private BenchTenant(Path dir, String origin) {
        this.dir = dir;
        this.origin = origin;
        long t0 = System.nanoTime();
        db = BenchDatabase.open(dir);
        try {
            model = new AccessModel(db);
            access = new AccessDecisionsImpl(model);
            tenants = new TenantServiceImpl(db, new AccessModel(db));
            RightsCatalogImpl catalog = new RightsCatalogImpl(List.of(new BuiltInRights()));
            InvitationIssuer issuer = new InvitationIssuer(Converters.standardConverter().convert(Map.of())
                .to(InvitationIssuerConfiguration.class), new TokenSeal(db), db);
            grants = new GrantServiceImpl(model, db, tenants, catalog, issuer);
            grants.directory = new BenchDirectory(TENANT, customerIds());
            members = members();
            byMembership = new HashMap<>();
            members.forEach(m -> byMembership.put(m.membershipId(), m));
            customerRows = members.stream().mapToLong(m -> m.scope().size()).sum();
            long t1 = System.nanoTime();
            openNanos = t1 - t0;

            TenantModel loaded = model.model(TENANT);
            modelNanos = System.nanoTime() - t1;
            if (loaded.nodes.size() != members.size()) {
                throw new IllegalStateException("The model holds " + loaded.nodes.size() + " memberships, expected " + members.size());
            }
            probes = probes();
            verifyProbes();
        } catch (RuntimeException | Error e) {
            BenchDatabase.close(db);
            throw e;
        }
    }

    /**
     * Builds the tenant in a new temporary folder, which {@link #close()} removes. The generated
     * database is kept as a template in the temporary folder ({@code collab-bench-<fingerprint>},
     * the fingerprint covering the generator and the schema migrations) and copied for every
     * trial, so that only the first fork of the first run pays for generating it;
     * {@code -Dcollab.bench.cache=false} generates afresh and keeps nothing.
     */
    static BenchTenant create() throws IOException, SQLException {
        long t0 = System.nanoTime();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path work;
        String origin;
        if ("false".equals(System.getProperty("collab.bench.cache"))) {
            work = Files.createTempDirectory(tmp, "collab-bench-");
            generateInto(work);
            origin = String.format("generated in %.1f s", (System.nanoTime() - t0) / 1e9);
        } else {
            Path template = tmp.resolve("collab-bench-" + fingerprint());
            boolean generated = false;
            if (!Files.isRegularFile(template.resolve(COMPLETE))) {
                delete(template);
                Path staging = Files.createTempDirectory(tmp, "collab-bench-staging-");
                generateInto(staging);
                Files.writeString(staging.resolve(COMPLETE), "generated " + Instant.now() + "\n");
                try {
                    Files.move(staging, template, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    // another run was quicker: use its template
                    delete(staging);
                    if (!Files.isRegularFile(template.resolve(COMPLETE))) {
                        throw e;
                    }
                }
                generated = true;
            }
            long t1 = System.nanoTime();
            work = Files.createTempDirectory(tmp, "collab-bench-");
            copy(template, work);
            origin = (generated ? String.format("generated in %.1f s into ", (t1 - t0) / 1e9) : "reused ") + template
                + String.format(", copied in %.1f s", (System.nanoTime() - t1) / 1e9);
        }
        try {
            return new BenchTenant(work, origin);
        } catch (RuntimeException | Error e) {
            delete(work);
            throw e;
        }
    }

    /**
     * Creates tenant and profiles through the services and writes the bulk with JDBC, then shuts
     * the database down. Unless the caller set {@code derby.system.durability}, this runs in
     * Derby's no-sync test mode, which Derby applies per boot of a database: the measured
     * database is booted again afterwards, with the JVM's own setting.
     */
    private static void generateInto(Path dir) throws SQLException, IOException {
        boolean noSync = System.getProperty(DURABILITY) == null;
        if (noSync) {
            System.setProperty(DURABILITY, "test");
        }
        Database db = BenchDatabase.open(dir);
        try {
            TenantServiceImpl tenants = new TenantServiceImpl(db, new AccessModel(db));
            ProfileServiceImpl profiles = new ProfileServiceImpl(db, new AccessModel(db), tenants,
                new RightsCatalogImpl(List.of(new BuiltInRights())));
            tenants.put(TENANT, "Benchmark broker", ACTOR);
            tenants.setDelegatedAccess(TENANT, true, ACTOR);
            AccessProfile ma = profiles.create(TENANT, new ProfileDraft("MA", "employee", MA_RIGHTS, List.of()), ACTOR);
            AccessProfile gf = profiles.create(TENANT,
                new ProfileDraft("GF", "managing director", GF_RIGHTS, List.of("GF", "MA")), ACTOR);
            insert(dir, members(), gf.id(), ma.id());
        } finally {
            BenchDatabase.close(db);
            if (noSync) {
                System.clearProperty(DURABILITY);
            }
        }
    }

    /** Changes whenever what {@link #generateInto} writes or the schema it writes into changes. */
    private static String fingerprint() {
        String what = "generator 1; " + CUSTOMERS + "/" + ROOTS + "/" + ROOT_SCOPE + "/" + Arrays.toString(PER_ROOT) + "/"
            + KEEP + "/" + SEED + "/" + GF_RIGHTS + "/" + MA_RIGHTS + "; schema " + BenchDatabase.migrations();
        return Integer.toHexString(what.hashCode());
    }

    static List<String> customerIds() {
        List<String> ids = new ArrayList<>(CUSTOMERS);
        for (int i = 0; i < CUSTOMERS; i++) {
            ids.add(String.format("C%05d", i));
        }
        return ids;
    }

    /** The generated memberships, the same on every call (fixed seed). */
    static List<Member> members() {
        Random rnd = new Random(SEED);
        List<String> customers = customerIds();
        List<Member> result = new ArrayList<>();
        for (int r = 0; r < ROOTS; r++) {
            List<String> pool = new ArrayList<>(customers);
            Collections.shuffle(pool, rnd);
            String domain = "@holder" + r + ".example";
            Member root = new Member(uuid(rnd), uuid(rnd), "gf" + r + domain, uuid(rnd), "Holder " + r, null, 0, r,
                sorted(pool.subList(0, ROOT_SCOPE)), GF_RIGHTS);
            result.add(root);
            List<Member> above = List.of(root);
            for (int level = 1; level <= PER_ROOT.length; level++) {
                boolean last = level == PER_ROOT.length;
                List<Member> here = new ArrayList<>();
                for (int j = 0; j < PER_ROOT[level - 1]; j++) {
                    // round robin: every member of the level above invites at least one, so every chain is 4 deep
                    Member inviter = above.get(j % above.size());
                    String email = "d" + r + "-" + level + "-" + j + domain;
                    here.add(new Member(uuid(rnd), uuid(rnd), email, uuid(rnd), inviter.grantName() + "/" + email,
                        inviter.membershipId(), level, r, subset(inviter.scope(), rnd),
                        last ? MA_RIGHTS : GF_RIGHTS));
                }
                result.addAll(here);
                above = here;
            }
        }
        return result;
    }

    private static String uuid(Random rnd) {
        return new UUID(rnd.nextLong(), rnd.nextLong()).toString();
    }

    private static List<String> subset(List<String> of, Random rnd) {
        List<String> copy = new ArrayList<>(of);
        Collections.shuffle(copy, rnd);
        return sorted(copy.subList(0, (int) Math.round(of.size() * KEEP)));
    }

    private static List<String> sorted(List<String> ids) {
        List<String> copy = new ArrayList<>(ids);
        Collections.sort(copy);
        return List.copyOf(copy);
    }

    /** Writes accounts, grants, memberships and their customers. */
    private static void insert(Path dir, List<Member> all, String gfProfile, String maProfile) throws SQLException, IOException {
        Map<String, String> grantOf = new HashMap<>();
        all.forEach(m -> grantOf.put(m.membershipId(), m.grantId()));
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = BenchDatabase.jdbc(dir)) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ACCOUNT"
                + " (ID, TENANTKEY, LOGIN, LOGINKEY, ROLE, PASSWORDHASH, CREATEDAT, VERSION) VALUES (?, ?, ?, ?, 'USER', ?, ?, 1)")) {
                int n = 0;
                for (Member m : all) {
                    ps.setString(1, m.accountId());
                    ps.setString(2, TENANT);
                    ps.setString(3, m.email());
                    ps.setString(4, Rules.key(m.email()));
                    ps.setString(5, "bench-no-password");
                    ps.setTimestamp(6, now);
                    ps.addBatch();
                    if (++n % 5_000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ACCESS_GRANT"
                + " (ID, TENANTID, NAME, NAMEKEY, PROFILEID, CUSTOMIZED, SEPARATEDELEGATEGRANTS, PARENTGRANTID, CREATEDAT, VERSION)"
                + " VALUES (?, ?, ?, ?, ?, FALSE, TRUE, ?, ?, 1)")) {
                int n = 0;
                for (Member m : all) {
                    ps.setString(1, m.grantId());
                    ps.setString(2, TENANT);
                    ps.setString(3, m.grantName());
                    ps.setString(4, Rules.key(m.grantName()));
                    ps.setString(5, m.invites() ? gfProfile : maProfile);
                    ps.setString(6, m.inviterId() == null ? null : grantOf.get(m.inviterId()));
                    ps.setTimestamp(7, now);
                    ps.addBatch();
                    if (++n % 5_000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO MEMBERSHIP"
                + " (ID, TENANTID, GRANTID, ACCOUNTID, INVITERID, STATUS, INVITEDAT, ACCEPTEDAT, VERSION, ACCOUNTLOGINKEY,"
                + " GRANTNAMEKEY) VALUES (?, ?, ?, ?, ?, 'ACTIVE', ?, ?, 1, ?, ?)")) {
                int n = 0;
                for (Member m : all) {
                    ps.setString(1, m.membershipId());
                    ps.setString(2, TENANT);
                    ps.setString(3, m.grantId());
                    ps.setString(4, m.accountId());
                    ps.setString(5, m.inviterId());
                    ps.setTimestamp(6, now);
                    ps.setTimestamp(7, now);
                    ps.setString(8, Rules.loginKey(m.email()));
                    ps.setString(9, Rules.key(m.grantName()));
                    ps.addBatch();
                    if (++n % 5_000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
            // The bulk of the data: through Derby's import procedure, which loads an empty table in
            // bulk mode (indexes built once at the end) -- an order of magnitude faster than batches.
            Path csv = dir.resolve("membership-customer.csv");
            try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.US_ASCII)) {
                for (Member m : all) {
                    for (String customer : m.scope()) {
                        out.write(m.membershipId());
                        out.write(',');
                        out.write(customer);
                        out.write('\n');
                    }
                }
            }
            try (CallableStatement call = c.prepareCall("CALL SYSCS_UTIL.SYSCS_IMPORT_TABLE(NULL, 'MEMBERSHIP_CUSTOMER', ?, ',', NULL, 'US-ASCII', 0)")) {
                call.setString(1, csv.toString());
                call.execute();
            }
            Files.delete(csv);
            c.commit();
        }
    }

    /** The membership's customers as the rules define them: its scope within every inviter's. */
    Set<String> effective(Member m) {
        Set<String> result = new HashSet<>(m.scope());
        for (Member above = byMembership.get(m.inviterId()); above != null; above = byMembership.get(above.inviterId())) {
            List<String> sortedScope = above.scope();
            result.removeIf(c -> Collections.binarySearch(sortedScope, c) < 0);
        }
        return result;
    }

    /** Half allowed, half denied (two thirds of those on a customer out of reach, one third on a right not held). */
    private List<Probe> probes() {
        Random rnd = new Random(SEED + 1);
        List<String> allRights = new BuiltInRights().rights().stream().map(Right::id).sorted().toList();
        List<Probe> result = new ArrayList<>(PROBES);
        for (int i = 0; i < PROBES; i++) {
            Member m = members.get(rnd.nextInt(members.size()));
            List<String> visible = new ArrayList<>(new TreeSet<>(effective(m)));
            String customer;
            String right;
            boolean allowed = (i & 1) == 0;
            if (allowed) {
                customer = visible.get(rnd.nextInt(visible.size()));
                right = m.rights().get(rnd.nextInt(m.rights().size()));
            } else if (rnd.nextInt(3) < 2) {
                Set<String> reach = new HashSet<>(visible);
                do {
                    customer = String.format("C%05d", rnd.nextInt(CUSTOMERS));
                } while (reach.contains(customer));
                right = m.rights().get(rnd.nextInt(m.rights().size()));
            } else {
                customer = visible.get(rnd.nextInt(visible.size()));
                List<String> other = allRights.stream().filter(r -> !m.rights().contains(r)).toList();
                right = other.get(rnd.nextInt(other.size()));
            }
            result.add(new Probe(m.email(), customer, right, allowed, m.email() + "|" + customer + "|" + right));
        }
        return List.copyOf(result);
    }

    private void verifyProbes() {
        for (Probe p : probes) {
            if (access.isAllowed(TENANT, p.user(), p.right(), p.customer()) != p.allowed()) {
                throw new IllegalStateException("The access model answers " + !p.allowed() + " for " + p.key()
                    + ", the generated data implies " + p.allowed());
            }
        }
    }

    /**
     * The {@code round}-th revocation: roots in turn, and below each a level-4 delegate and one
     * of the customers it sees (which its root necessarily sees too).
     */
    Revocation revocation(int round) {
        int r = Math.floorMod(round, ROOTS);
        Member root = members.stream().filter(m -> m.level() == 0 && m.root() == r).findFirst().orElseThrow();
        List<Member> deepest = members.stream().filter(m -> m.level() == PER_ROOT.length && m.root() == r).toList();
        Member delegate = deepest.get(Math.floorMod(round / ROOTS, deepest.size()));
        int depth = 0;
        for (Member m = delegate; m.inviterId() != null; m = byMembership.get(m.inviterId())) {
            depth++;
        }
        if (depth != PER_ROOT.length) {
            throw new IllegalStateException("Delegate " + delegate.email() + " is " + depth + " levels below its root");
        }
        List<String> visible = new ArrayList<>(new TreeSet<>(effective(delegate)));
        String customer = visible.get(Math.floorMod(round * 7919, visible.size()));
        List<String> without = root.scope().stream().filter(c -> !c.equals(customer)).toList();
        return new Revocation(root, delegate, customer, without, root.scope());
    }

    /** Fails unless the delegate may use the watched right on the customer now. */
    void expectVisible(Revocation r) {
        if (!access.isAllowed(TENANT, r.deepest().email(), WATCHED_RIGHT, r.customer())) {
            throw new IllegalStateException(r.deepest().email() + " should see " + r.customer() + " before the revocation");
        }
    }

    /** Takes the customer away from the root membership (the admin's call), without looking. */
    void revoke(Revocation r) {
        grants.rescope(TENANT, r.root().grantId(), r.root().accountId(), r.without(), ACTOR);
    }

    /** The first decision after the revocation; fails if it does not see the revocation. */
    boolean firstDecisionAfter(Revocation r) {
        boolean allowed = access.isAllowed(TENANT, r.deepest().email(), WATCHED_RIGHT, r.customer());
        if (allowed) {
            throw new IllegalStateException("Revocation of " + r.customer() + " from " + r.root().email()
                + " not visible to " + r.deepest().email() + " when the call returned");
        }
        return allowed;
    }

    /** Gives the root its customer back and checks the delegate sees it again. */
    void restore(Revocation r) {
        grants.rescope(TENANT, r.root().grantId(), r.root().accountId(), r.full(), ACTOR);
        expectVisible(r);
    }

    String describe() {
        return String.format("tenant '%s': %,d customers, %d root + %,d delegate memberships (chains %d deep), "
            + "%,d membership-customer rows; database %s; open %.1f s, model load %.1f s",
            TENANT, CUSTOMERS, ROOTS, members.size() - ROOTS, PER_ROOT.length, customerRows, origin, openNanos / 1e9,
            modelNanos / 1e9);
    }

    @Override
    public void close() {
        BenchDatabase.close(db);
        delete(dir);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals(COMPLETE)) {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: it is a temporary folder
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
