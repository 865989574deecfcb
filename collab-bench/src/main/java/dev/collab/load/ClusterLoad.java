package dev.collab.load;

import static dev.collab.load.Timed.ms;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.collab.testkit.Api;
import dev.collab.testkit.Container;
import dev.collab.testkit.Login;
import dev.collab.testkit.Outbox;
import dev.collab.testkit.PostgresServer;

/**
 * One node against two on one PostgreSQL (issue 14's "throughput of one node vs two"). Starts
 * Debian's PostgreSQL server binaries (as the tests do), then twice: a fresh database, one or
 * two {@code java -jar collab-app.jar} nodes on it (the README's JVM flags, one outbox key),
 * a tenant set up over REST on the first node (the registration link from whichever node mailed
 * it), and the same load with the requests spread over the nodes in turn: invites by several GFs
 * with parallel clients, then the host's access check with 16 connections. Prints both and the
 * ratio. Everything runs on this machine: the nodes, PostgreSQL and the load generator share its
 * cores, so a second node adds no CPU; the figures say what a second node costs or gains here,
 * not on a cluster of separate machines.
 *
 * <p>Usage: {@code java -cp collab-bench/target/benchmarks.jar dev.collab.load.ClusterLoad
 * collab-app/target/collab-app.jar [invites per run, default 1000]}; system properties
 * {@code -Dcollab.load.clients=8}, {@code connections=16}, {@code seconds=10}, {@code gfs=4}.
 */
public final class ClusterLoad {
    private static final String SUPPORT_PASSWORD = "cluster load support password";
    private static final String TENANT = "broker";
    private static final Login SUPPORT = new Login("support", SUPPORT_PASSWORD);
    private static final Login ADMIN = new Login("admin@broker.example", "broker admin password");
    private static final String GF_PASSWORD = "cluster gf password 1234";
    private static final List<String> RIGHTS = List.of("contracts.view", "claims.view", "documents.view");
    private static final int CUSTOMERS = 50;

    private final Path jar;
    private final int invites;
    private final int clients = Integer.getInteger("collab.load.clients", 8);
    private final int connections = Integer.getInteger("collab.load.connections", 16);
    private final int seconds = Integer.getInteger("collab.load.seconds", 10);
    private final int gfs = Integer.getInteger("collab.load.gfs", 4);
    private final String outboxKey;
    private final List<String> customers = new ArrayList<>();

    private ClusterLoad(Path jar, int invites) {
        this.jar = jar;
        this.invites = invites;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.outboxKey = Base64.getEncoder().encodeToString(key);
        for (int i = 0; i < CUSTOMERS; i++) {
            customers.add(String.format(Locale.ROOT, "K%03d", i));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.out.println("usage: java -cp benchmarks.jar dev.collab.load.ClusterLoad <collab-app.jar> [invites=1000]");
            return;
        }
        ClusterLoad load = new ClusterLoad(Path.of(args[0]).toAbsolutePath(), args.length > 1 ? Integer.parseInt(args[1]) : 1000);
        int status = 0;
        try (PostgresServer postgres = PostgresServer.start()) {
            Figures one = load.run(postgres, 1);
            Figures two = load.run(postgres, 2);
            System.out.printf(Locale.ROOT, "%n| %s | one node | two nodes | two / one |%n|---|---|---|---|%n", "on one PostgreSQL, "
                + Runtime.getRuntime().availableProcessors() + " cores shared by nodes, database and load");
            System.out.printf(Locale.ROOT, "| invites/s (%d GFs, %d clients, %,d invites) | %.0f | %.0f | %.2f× |%n", load.gfs, load.clients,
                load.invites, one.invitesPerSecond, two.invitesPerSecond, two.invitesPerSecond / one.invitesPerSecond);
            System.out.printf(Locale.ROOT, "| access checks/s (%d connections, %d s) | %,.0f | %,.0f | %.2f× |%n", load.connections,
                load.seconds, one.checksPerSecond, two.checksPerSecond, two.checksPerSecond / one.checksPerSecond);
            System.out.printf(Locale.ROOT, "| access check p50 / p95 | %s / %s | %s / %s | |%n", ms(one.checkP50), ms(one.checkP95),
                ms(two.checkP50), ms(two.checkP95));
        } catch (Exception | AssertionError e) {
            System.out.println("ClusterLoad aborted: " + e);
            e.printStackTrace(System.out);
            status = 1;
        }
        System.exit(status);
    }

    private record Figures(double invitesPerSecond, double checksPerSecond, long checkP50, long checkP95) {
    }

    /** One run on a fresh database with this many nodes. */
    private Figures run(PostgresServer postgres, int count) throws Exception {
        String database = postgres.createDatabase("clusterload_" + count);
        List<Scenario> scenarios = new ArrayList<>();
        List<Api> nodes = new ArrayList<>();
        ExecutorService http = Executors.newCachedThreadPool(daemon("http"));
        try {
            for (int i = 0; i < count; i++) {
                Scenario scenario = Scenario.create("clusterload", jar);
                scenarios.add(scenario);
                Container container = scenario.start(scenario.launch(SUPPORT_PASSWORD)
                    .env(Map.of("COLLAB_DB_URL", database, "COLLAB_DB_USER", "postgres", "COLLAB_OUTBOX_KEY", outboxKey)));
                container.awaitHealthy(Duration.ofSeconds(180));
                nodes.add(Scenario.api(container, Duration.ofSeconds(120), Duration.ofSeconds(5), http));
            }
            System.out.printf("%n%d node(s) on %s%n", count, database);
            List<Login> gfLogins = seed(nodes, scenarios);
            double invitesPerSecond = invites(nodes, gfLogins);
            long[] checks = checks(nodes, gfLogins);
            return new Figures(invitesPerSecond, checks[0] / (double) seconds, checks[1], checks[2]);
        } finally {
            http.shutdownNow();
            for (Scenario scenario : scenarios) {
                scenario.finish();
            }
        }
    }

    /** Tenant, admin, customers (on every node: the demo directory is each node's own), MA/GF and the registered GFs. */
    private List<Login> seed(List<Api> nodes, List<Scenario> scenarios) throws Exception {
        Api first = nodes.get(0);
        Scenario.tenantWithAdmin(first, SUPPORT, TENANT, "Broker Makler", ADMIN);
        for (Api node : nodes) {
            for (String customer : customers) {
                Api.expect(201, node.send("PUT", path("/customers/" + customer), ADMIN, "{\"name\":\"Kunde " + customer + "\"}"));
            }
        }
        Api.expect(201, first.send("POST", path("/profiles"), ADMIN,
            "{\"name\":\"MA\",\"rights\":[\"contracts.view\",\"documents.view\"],\"delegableProfiles\":[]}"));
        Api.expect(201, first.send("POST", path("/profiles"), ADMIN,
            "{\"name\":\"GF\",\"rights\":[\"contracts.view\",\"claims.view\"],\"delegableProfiles\":[\"MA\"]}"));
        List<Login> result = new ArrayList<>();
        for (int g = 0; g < gfs; g++) {
            String email = "gf" + g + "@policyholder" + g + ".example";
            Api.expect(201, first.send("POST", path("/grants"), ADMIN, "{\"name\":\"Policyholder " + g
                + " GmbH\",\"profile\":\"GF\",\"customers\":" + json(customers) + ",\"separateDelegateGrants\":true,\"email\":\"" + email + "\"}"));
            String token = awaitToken(email, scenarios);
            Api.expect(200, nodes.get(g % nodes.size()).send("POST", "/invitations/" + token + "/accept", null,
                "{\"password\":\"" + GF_PASSWORD + "\"}"));
            result.add(new Login(email, GF_PASSWORD));
        }
        // each node's first request per GF pays the password hash; the load then meets the verified cache
        for (Api node : nodes) {
            for (Login gf : result) {
                Api.expect(200, node.send("GET", path("/me"), gf, null));
            }
            Api.expect(200, node.send("GET", path("/profiles"), ADMIN, null));
        }
        return result;
    }

    private static String awaitToken(String email, List<Scenario> scenarios) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (Scenario scenario : scenarios) {
                String token = Outbox.of(scenario.dataDir()).token(email);
                if (token != null) {
                    return token;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no invitation mail for " + email + " on any node after 60 s");
    }

    /** Invites spread over the GFs and, in turn, over the nodes; answers invites per second. */
    private double invites(List<Api> nodes, List<Login> gfLogins) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients, daemon("invite"));
        long start = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < invites; i = next.getAndIncrement()) {
                        List<String> chosen = new ArrayList<>(customers);
                        Collections.shuffle(chosen, new Random(i));
                        String email = "d" + i + "@policyholder.example";
                        HttpResponse<String> answer = nodes.get(i % nodes.size()).send("POST", path("/me/delegates"),
                            gfLogins.get(i % gfLogins.size()),
                            "{\"email\":\"" + email + "\",\"profile\":\"MA\",\"customers\":" + json(chosen.subList(0, 10)) + "}");
                        if (answer.statusCode() != 201) {
                            failures.add(answer.statusCode() + " " + answer.body());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double took = (System.nanoTime() - start) / 1e9;
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " invites failed, first: " + failures.peek());
        }
        double perSecond = invites / took;
        System.out.printf(Locale.ROOT, "  %,d invites in %.1f s: %.0f /s%n", invites, took, perSecond);
        return perSecond;
    }

    /** The host's access check with N connections, spread over the nodes in turn, after 1 s of warm-up; answers count, p50, p95. */
    private long[] checks(List<Api> nodes, List<Login> gfLogins) throws Exception {
        AtomicInteger counter = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Timed.Result measured = Timed.run(connections, daemon("access"), seconds, () -> {
            int n = counter.incrementAndGet();
            Random random = new Random(n);
            String user = random.nextBoolean() ? "d" + random.nextInt(invites) + "@policyholder.example"
                : gfLogins.get(random.nextInt(gfLogins.size())).user();
            return nodes.get(n % nodes.size()).send("GET", path("/access?user=" + user + "&customer="
                + customers.get(random.nextInt(customers.size())) + "&right=" + RIGHTS.get(random.nextInt(RIGHTS.size()))), ADMIN, null);
        }, answer -> answer.body().contains("\"allowed\""), answer -> failures.add(answer.statusCode() + " " + answer.body()));
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " access checks failed, first: " + failures.peek());
        }
        long p50 = measured.percentile(50);
        long p95 = measured.percentile(95);
        System.out.printf(Locale.ROOT, "  access checks: %,.0f /s over %d s (p50 %s, p95 %s)%n", measured.perSecond(), seconds, ms(p50),
            ms(p95));
        return new long[] {measured.nanos().length, p50, p95};
    }

    private static ThreadFactory daemon(String name) {
        return Timed.daemon("clusterload", name);
    }

    private static String path(String below) {
        return "/tenants/" + TENANT + below;
    }

    private static String json(List<String> ids) {
        return ids.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(",", "[", "]"));
    }
}
