package dev.collab.profiles.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A quick sanity check without JMH: builds the same tenant as {@link AccessDecisionBenchmark},
 * then prints one line per figure. Naive timing (no forks, no dead-code protection beyond a
 * checksum), so trust the JMH run for numbers to quote.
 *
 * <pre>java -cp target/benchmarks.jar dev.collab.profiles.internal.BenchReport [calls] [rounds]</pre>
 */
public final class BenchReport {
    private BenchReport() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;

        long t0 = System.nanoTime();
        try (BenchTenant tenant = BenchTenant.create()) {
            System.out.printf("setup            %.1f s (%s)%n", (System.nanoTime() - t0) / 1e9, tenant.describe());

            BenchTenant.Probe[] probes = tenant.probes.toArray(new BenchTenant.Probe[0]);
            String[] keys = new String[probes.length];
            Map<String, Boolean> answers = new HashMap<>();
            for (int i = 0; i < probes.length; i++) {
                keys[i] = probes[i].key();
                answers.put(keys[i], probes[i].allowed());
            }
            AccessDecisionsImpl access = tenant.access;
            int mask = BenchTenant.PROBES - 1;

            long sink = 0;
            for (int warm = 0; warm < 3; warm++) {
                sink += decide(access, probes, mask, calls);
                sink += lookUp(answers, keys, mask, calls);
            }
            long a = System.nanoTime();
            sink += decide(access, probes, mask, calls);
            long b = System.nanoTime();
            sink += lookUp(answers, keys, mask, calls);
            long c = System.nanoTime();
            System.out.printf("isAllowed        %.1f ns/op (average over %,d calls)%n", (b - a) / (double) calls, calls);
            System.out.printf("HashMap.get      %.1f ns/op (average over %,d calls, same questions)%n",
                (c - b) / (double) calls, calls);

            long[] times = new long[rounds];
            // two untimed rounds first: the first rescope compiles queries and warms EclipseLink
            for (int i = -2; i < rounds; i++) {
                BenchTenant.Revocation r = tenant.revocation(i + 2);
                tenant.expectVisible(r);
                long start = System.nanoTime();
                tenant.revoke(r);
                tenant.firstDecisionAfter(r);
                long took = System.nanoTime() - start;
                tenant.restore(r);
                if (i >= 0) {
                    times[i] = took;
                }
            }
            Arrays.sort(times, 0, rounds);
            System.out.printf("revocation→no    min %.1f ms, median %.1f ms, max %.1f ms (%d rounds: rescope of a root "
                + "membership of %,d customers, then the first decision for a level-4 delegate below it)%n",
                times[0] / 1e6, times[rounds / 2] / 1e6, times[rounds - 1] / 1e6, rounds, BenchTenant.ROOT_SCOPE);
            System.out.println("(checksum " + sink + ")");
        }
    }

    private static long decide(AccessDecisionsImpl access, BenchTenant.Probe[] probes, int mask, int calls) {
        long yes = 0;
        for (int i = 0; i < calls; i++) {
            BenchTenant.Probe p = probes[i & mask];
            if (access.isAllowed(BenchTenant.TENANT, p.user(), p.right(), p.customer())) {
                yes++;
            }
        }
        return yes;
    }

    private static long lookUp(Map<String, Boolean> answers, String[] keys, int mask, int calls) {
        long yes = 0;
        for (int i = 0; i < calls; i++) {
            if (answers.get(keys[i & mask]) == Boolean.TRUE) {
                yes++;
            }
        }
        return yes;
    }
}
