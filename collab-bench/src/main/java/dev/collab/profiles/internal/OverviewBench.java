package dev.collab.profiles.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import org.osgi.util.converter.Converters;

import dev.collab.api.delegation.Delegate;
import dev.collab.api.delegation.DelegateQuery;
import dev.collab.api.profiles.AccessProfile;
import dev.collab.api.profiles.ProfileDraft;
import dev.collab.profiles.internal.persistence.BenchDatabase;
import dev.collab.profiles.internal.persistence.Database;

/**
 * The delegates overview of ONE policyholder with many direct delegates (the broker's worst
 * case; the JMH tenant spreads its 5,000 delegates over 50 roots with 10 direct delegates
 * each): times the first page of 50 as the REST resource asks for it, in process, on a real
 * embedded Derby, and prints p50/p95.
 *
 * <pre>java -cp collab-bench/target/benchmarks.jar dev.collab.profiles.internal.OverviewBench [delegates] [warm-up] [runs]</pre>
 *
 * Half the delegates are still invited (with a pending invitation and an outbox row), half
 * registered; each has a grant of its own and 20 of the GF's 200 customers.
 */
final class OverviewBench {
    static final String TENANT = "overview";
    static final int GF_SCOPE = 200;
    static final int DELEGATE_SCOPE = 20;
    static final int PAGE = 50;

    private OverviewBench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int delegates = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Path dir = Files.createTempDirectory("collab-overview-bench-");
        System.setProperty("derby.stream.error.file", dir.resolve("derby.log").toString());
        Database db = BenchDatabase.open(dir);
        try {
            AccessModel access = new AccessModel(db);
            TenantServiceImpl tenants = new TenantServiceImpl(db, access);
            ProfileServiceImpl profiles = new ProfileServiceImpl(db, access, tenants,
                new RightsCatalogImpl(List.of(new BuiltInRights())));
            tenants.put(TENANT, "Overview broker", "support");
            tenants.setDelegatedAccess(TENANT, true, "support");
            AccessProfile ma = profiles.create(TENANT, new ProfileDraft("MA", "employee", List.of("contracts.view"), List.of()),
                "support");
            AccessProfile gf = profiles.create(TENANT, new ProfileDraft("GF", "director", List.of("contracts.view"),
                List.of("MA")), "support");
            long t0 = System.nanoTime();
            String gfAccount = generate(dir, delegates, gf.id(), ma.id());
            System.out.printf("generated %,d delegates under one GF in %.1f s%n", delegates, (System.nanoTime() - t0) / 1e9);

            InvitationIssuer issuer = new InvitationIssuer(Converters.standardConverter().convert(Map.of())
                .to(InvitationIssuerConfiguration.class), new TokenSeal(db), db);
            ActivityRecorderImpl activity = new ActivityRecorderImpl(db);
            DelegationServiceImpl delegation = new DelegationServiceImpl(access, db, tenants, issuer, activity);
            List<String> customers = new ArrayList<>();
            for (int i = 0; i < GF_SCOPE; i++) {
                customers.add(customer(i));
            }
            delegation.directory = new BenchDirectory(TENANT, customers);
            access.model(TENANT);

            List<Delegate> first = firstPage(delegation, gfAccount);
            if (first.size() != Math.min(PAGE, delegates)) {
                throw new IllegalStateException("first page holds " + first.size() + " delegates");
            }
            long[] nanos = new long[runs];
            for (int i = 0; i < warmup + runs; i++) {
                long s = System.nanoTime();
                firstPage(delegation, gfAccount);
                long took = System.nanoTime() - s;
                if (i >= warmup) {
                    nanos[i - warmup] = took;
                }
            }
            Arrays.sort(nanos);
            System.out.printf("first page of %d, %,d delegates under one GF, %d runs after %d warm-up: p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
                PAGE, delegates, runs, warmup, nanos[runs / 2] / 1e6, nanos[(int) Math.ceil(runs * 0.95) - 1] / 1e6,
                nanos[runs - 1] / 1e6);
            activity.stop();
        } finally {
            BenchDatabase.close(db);
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // best effort
            }
        }
    }

    /** The first page as the REST resource answers {@code GET /me/delegates} without parameters. */
    static List<Delegate> firstPage(DelegationServiceImpl delegation, String gfAccount) {
        return delegation.delegates(TENANT, gfAccount, new DelegateQuery(null, PAGE, null)).items();
    }

    private static String customer(int i) {
        return String.format("C%05d", i);
    }

    /** Writes the GF (account, grant, membership) and its delegates over JDBC; returns the GF's account id. */
    private static String generate(Path dir, int delegates, String gfProfile, String maProfile) throws SQLException {
        Random rnd = new Random(20_240_612L);
        Timestamp now = Timestamp.from(Instant.now());
        Timestamp expires = Timestamp.from(Instant.now().plus(Duration.ofDays(14)));
        String gfAccount = uuid(rnd);
        String gfGrant = uuid(rnd);
        String gfMembership = uuid(rnd);
        try (Connection c = BenchDatabase.jdbc(dir);
            PreparedStatement account = c.prepareStatement("INSERT INTO ACCOUNT (ID, TENANTKEY, LOGIN, LOGINKEY, ROLE,"
                + " PASSWORDHASH, CREATEDAT, VERSION) VALUES (?, ?, ?, ?, 'USER', ?, ?, 1)");
            PreparedStatement grant = c.prepareStatement("INSERT INTO ACCESS_GRANT (ID, TENANTID, NAME, NAMEKEY, PROFILEID,"
                + " CUSTOMIZED, SEPARATEDELEGATEGRANTS, PARENTGRANTID, CREATEDAT, VERSION) VALUES (?, ?, ?, ?, ?, FALSE, TRUE, ?, ?, 1)");
            PreparedStatement member = c.prepareStatement("INSERT INTO MEMBERSHIP (ID, TENANTID, GRANTID, ACCOUNTID,"
                + " INVITERID, STATUS, INVITEDAT, ACCEPTEDAT, VERSION, ACCOUNTLOGINKEY, GRANTNAMEKEY)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)");
            PreparedStatement scope = c.prepareStatement("INSERT INTO MEMBERSHIP_CUSTOMER (MEMBERSHIP_ID, CUSTOMER_ID) VALUES (?, ?)");
            PreparedStatement invitation = c.prepareStatement("INSERT INTO INVITATION (ID, TENANTID, MEMBERSHIPID, TOKENHASH,"
                + " STATUS, CREATEDAT, EXPIRESAT, VERSION) VALUES (?, ?, ?, ?, 'PENDING', ?, ?, 1)");
            PreparedStatement outbox = c.prepareStatement("INSERT INTO MAIL_OUTBOX (ID, TENANTID, KIND, INVITATIONID,"
                + " MEMBERSHIPID, RECIPIENT, GRANTNAME, EXPIRESAT, MAILLANGUAGE, STATUS, ATTEMPTS, NEXTATTEMPTAT, CREATEDAT,"
                + " VERSION) VALUES (?, ?, 'INVITATION', ?, ?, ?, ?, ?, 'de', 'SENT', 1, ?, ?, 1)")) {
            account(account, gfAccount, "gf@holder.example", now);
            grant(grant, gfGrant, "Holder GmbH", gfProfile, null, now);
            grant.executeBatch();
            account.executeBatch();
            member(member, gfMembership, gfGrant, gfAccount, null, true, now, "gf@holder.example", "Holder GmbH");
            member.executeBatch();
            List<Integer> pool = new ArrayList<>();
            for (int i = 0; i < GF_SCOPE; i++) {
                pool.add(i);
                scope.setString(1, gfMembership);
                scope.setString(2, customer(i));
                scope.addBatch();
            }
            scope.executeBatch();
            for (int d = 0; d < delegates; d++) {
                String email = "d" + d + "@holder.example";
                String accountId = uuid(rnd);
                String grantId = uuid(rnd);
                String membershipId = uuid(rnd);
                boolean active = d % 2 == 0;
                account(account, accountId, email, now);
                grant(grant, grantId, "Holder GmbH/" + email, maProfile, gfGrant, now);
                member(member, membershipId, grantId, accountId, gfMembership, active, now, email, "Holder GmbH/" + email);
                Collections.shuffle(pool, rnd);
                for (int i = 0; i < DELEGATE_SCOPE; i++) {
                    scope.setString(1, membershipId);
                    scope.setString(2, customer(pool.get(i)));
                    scope.addBatch();
                }
                if (!active) {
                    String invitationId = uuid(rnd);
                    invitation.setString(1, invitationId);
                    invitation.setString(2, TENANT);
                    invitation.setString(3, membershipId);
                    invitation.setString(4, uuid(rnd));
                    invitation.setTimestamp(5, now);
                    invitation.setTimestamp(6, expires);
                    invitation.addBatch();
                    outbox.setString(1, uuid(rnd));
                    outbox.setString(2, TENANT);
                    outbox.setString(3, invitationId);
                    outbox.setString(4, membershipId);
                    outbox.setString(5, email);
                    outbox.setString(6, "Holder GmbH/" + email);
                    outbox.setTimestamp(7, expires);
                    outbox.setTimestamp(8, now);
                    outbox.setTimestamp(9, now);
                    outbox.addBatch();
                }
                if (d % 1_000 == 999 || d == delegates - 1) {
                    account.executeBatch();
                    grant.executeBatch();
                    member.executeBatch();
                    scope.executeBatch();
                    invitation.executeBatch();
                    outbox.executeBatch();
                }
            }
            c.commit();
        }
        return gfAccount;
    }

    private static void account(PreparedStatement ps, String id, String email, Timestamp now) throws SQLException {
        ps.setString(1, id);
        ps.setString(2, TENANT);
        ps.setString(3, email);
        ps.setString(4, Rules.loginKey(email));
        ps.setString(5, "bench-no-password");
        ps.setTimestamp(6, now);
        ps.addBatch();
    }

    private static void grant(PreparedStatement ps, String id, String name, String profile, String parent, Timestamp now)
        throws SQLException {
        ps.setString(1, id);
        ps.setString(2, TENANT);
        ps.setString(3, name);
        ps.setString(4, Rules.key(name));
        ps.setString(5, profile);
        ps.setString(6, parent);
        ps.setTimestamp(7, now);
        ps.addBatch();
    }

    private static void member(PreparedStatement ps, String id, String grant, String account, String inviter, boolean active,
        Timestamp now, String email, String grantName) throws SQLException {
        ps.setString(1, id);
        ps.setString(2, TENANT);
        ps.setString(3, grant);
        ps.setString(4, account);
        ps.setString(5, inviter);
        ps.setString(6, active ? "ACTIVE" : "INVITED");
        ps.setTimestamp(7, now);
        ps.setTimestamp(8, active ? now : null);
        ps.setString(9, Rules.loginKey(email));
        ps.setString(10, Rules.key(grantName));
        ps.addBatch();
    }

    private static String uuid(Random rnd) {
        return new UUID(rnd.nextLong(), rnd.nextLong()).toString();
    }
}
