package dev.collab.profiles.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The host's question "may user U use right R on customer C?" on the generated tenant of
 * {@link BenchTenant}, next to a plain {@link HashMap#get} over the same questions as a
 * baseline, and the time from a revocation to the first decision that sees it.
 *
 * <p>Run: {@code java -jar target/benchmarks.jar} (see the module's README).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AccessDecisionBenchmark {

    /** The tenant, built once per fork. */
    @State(Scope.Benchmark)
    public static class Tenant {
        BenchTenant tenant;
        AccessDecisionsImpl access;
        TenantModel model;
        BenchTenant.Probe[] probes;
        String[] keys;
        HashMap<String, Boolean> answers;
        /**
         * The questions' indexes, each 16 times, in a random order (fixed seed): a host's page
         * views do not come in the order the answers were first given, which is also the order
         * they lie in memory.
         */
        int[] shuffled;
        /** Every (user, customer) pair the tenant allows: a map as large as the decision index. */
        HashMap<String, Boolean> everyPair;
        String[] pairKeys;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            tenant = BenchTenant.create();
            access = tenant.access;
            model = tenant.model.model(BenchTenant.TENANT);
            List<BenchTenant.Probe> list = tenant.probes;
            probes = list.toArray(new BenchTenant.Probe[0]);
            keys = new String[probes.length];
            answers = new HashMap<>();
            for (int i = 0; i < probes.length; i++) {
                keys[i] = probes[i].key();
                answers.put(keys[i], probes[i].allowed());
            }
            shuffled = new int[probes.length * 16];
            for (int i = 0; i < shuffled.length; i++) {
                shuffled[i] = i & (BenchTenant.PROBES - 1);
            }
            Random random = new Random(42);
            for (int i = shuffled.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = shuffled[i];
                shuffled[i] = shuffled[j];
                shuffled[j] = swap;
            }
            everyPair = new HashMap<>();
            for (BenchTenant.Member m : tenant.members) {
                for (String customer : tenant.effective(m)) {
                    everyPair.put(m.email() + "|" + customer, Boolean.TRUE);
                }
            }
            pairKeys = new String[probes.length];
            for (int i = 0; i < probes.length; i++) {
                // a fresh string, as a host's question brings one: equal to the stored key, not the same
                pairKeys[i] = new String(probes[i].user() + "|" + probes[i].customer());
            }
            System.out.println();
            System.out.println(tenant.describe());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (tenant != null) {
                tenant.close();
            }
        }
    }

    /** Which question comes next, per benchmark thread. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    /** One revocation per single shot: chosen before it, undone after it (outside the measurement). */
    @State(Scope.Thread)
    public static class Round {
        int number;
        BenchTenant.Revocation current;

        @Setup(Level.Iteration)
        public void choose(Tenant t) {
            current = t.tenant.revocation(number++);
            t.tenant.expectVisible(current);
        }

        @TearDown(Level.Iteration)
        public void restore(Tenant t) {
            if (current != null) {
                t.tenant.restore(current);
                current = null;
            }
        }
    }

    @Benchmark
    public void isAllowed(Tenant t, Cursor c, Blackhole bh) {
        BenchTenant.Probe p = t.probes[c.next++ & (BenchTenant.PROBES - 1)];
        bh.consume(t.access.isAllowed(BenchTenant.TENANT, p.user(), p.right(), p.customer()));
    }

    /**
     * The same questions answered by the decision index alone, as {@link #isAllowed} answers a
     * question the first time it is asked after a change of the tenant (the recent answers are
     * forgotten at every change), less its one slot read and the answer it then keeps.
     */
    @Benchmark
    public void isAllowedFirstAsked(Tenant t, Cursor c, Blackhole bh) {
        BenchTenant.Probe p = t.probes[c.next++ & (BenchTenant.PROBES - 1)];
        TenantModel.Holder holder = t.model.holder(p.user());
        bh.consume(holder != null && t.model.until(holder, p.right(), p.customer()) > 0);
    }

    @Benchmark
    public void hashMapGet(Tenant t, Cursor c, Blackhole bh) {
        bh.consume(t.answers.get(t.keys[c.next++ & (BenchTenant.PROBES - 1)]));
    }

    /** {@link #isAllowed} with the questions in a random order instead of round and round. */
    @Benchmark
    public void isAllowedShuffled(Tenant t, Cursor c, Blackhole bh) {
        BenchTenant.Probe p = t.probes[t.shuffled[c.next++ & (t.shuffled.length - 1)]];
        bh.consume(t.access.isAllowed(BenchTenant.TENANT, p.user(), p.right(), p.customer()));
    }

    /** {@link #hashMapGet} in the same random order: the baseline for {@link #isAllowedShuffled}. */
    @Benchmark
    public void hashMapGetShuffled(Tenant t, Cursor c, Blackhole bh) {
        bh.consume(t.answers.get(t.keys[t.shuffled[c.next++ & (t.shuffled.length - 1)]]));
    }

    /**
     * The same questions against a {@code HashMap} holding every allowed (user, customer) pair of
     * the tenant (2.6 M): what a plain hash look-up costs once its table, like the decision
     * index, no longer fits in the CPU caches. {@link #hashMapGet}'s 4,096 keys always do.
     */
    @Benchmark
    public void hashMapGetAtIndexSize(Tenant t, Cursor c, Blackhole bh) {
        bh.consume(t.everyPair.get(t.pairKeys[c.next++ & (BenchTenant.PROBES - 1)]));
    }

    /**
     * The part of the admin change's answer that names a root member's 2,000 customers: the
     * host's directory asked with the model's set, on its own and with the caches warm.
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object nameRootCustomers(Tenant t) {
        BenchTenant.Member root = t.tenant.members.get(0);
        java.util.Set<String> scope = t.tenant.model.model(BenchTenant.TENANT).membership(root.accountId(), root.grantId()).scope();
        return Memberships.sorted(scope, Memberships.named(t.tenant.grants.directory, BenchTenant.TENANT, scope));
    }

    /**
     * An admin takes a customer away from a root membership ({@code GrantService.rescope}); the
     * shot ends with the first decision for a level-4 delegate below it on that customer, which
     * must already be "no" (the benchmark fails otherwise).
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 5)
    @Measurement(iterations = 20)
    public boolean revocationVisible(Tenant t, Round r) {
        t.tenant.revoke(r.current);
        return t.tenant.firstDecisionAfter(r.current);
    }
}
