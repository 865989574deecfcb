package dev.collab.load;

import static dev.collab.load.Timed.ms;
import static dev.collab.load.Timed.percentile;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.collab.testkit.Api;
import dev.collab.testkit.Container;
import dev.collab.testkit.Login;

/**
 * The broker-scale figures of issue 10 in one run against a freshly started
 * {@code java -jar collab-app.jar} (with the JVM flags of {@code collab-app/jvm.options}), all
 * over REST: cold start to {@code /health} 200; a tenant built the way a host and a GF meet it
 * (support → tenant and admin; admin → customers, profiles GF/MA, a GF grant with every
 * customer; the GF registers through the link of the {@code .eml}); the GF then invites
 * delegates with 8 parallel clients (invites/s per batch of 500 as the tenant grows, and the CPU
 * time each invite cost the container and the load generator); the first
 * page of the overview ({@code GET /me/delegates?limit=50}) at 2,000 delegates and at the end;
 * the admin re-scoping the GF ({@code PUT /grants/{id}/members/{userId}}); the access decision
 * against {@code /openapi.json} with 16 concurrent connections; and the container's peak RSS,
 * sampled from {@code /proc} during the whole run. Prints a table in the issue's shape.
 * <p>
 * A benchmark, not a test: it prints its figures and always exits with 0. Needs only the JDK
 * (Linux, for {@code /proc}).
 * <pre>
 * java -cp collab-bench/target/benchmarks.jar dev.collab.load.BrokerLoad collab-app/target/collab-app.jar [delegates=5000]
 * </pre>
 * System properties ({@code -Dcollab.load.<name>=…}): {@code jvmOptions} (the argument file,
 * default {@code collab-app/jvm.options} next to the jar's module), {@code customers} (500),
 * {@code delegateCustomers} (10 per delegate), {@code clients} (8), {@code batch} (500),
 * {@code midpoint} (2000), {@code overviewRequests} (30), {@code adminChanges} (20),
 * {@code connections} (16), {@code seconds} (5 per throughput family), {@code keep} (false), {@code warmup}
 * (0: invites in a tenant of their own before the measured one is built, so that its invites meet
 * a warm JIT).
 */
public final class BrokerLoad {
    static final String SUPPORT_PASSWORD = "broker load support password";
    static final String ADMIN_PASSWORD = "broker admin password";
    static final String GF_PASSWORD = "broker gf password 1234";
    static final String GRANT = "Policyholder GmbH";
    static final List<String> RIGHTS = List.of("contracts.view", "claims.view", "documents.view");
    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern USER_ID = Pattern.compile("\"userId\"\\s*:\\s*\"([^\"]+)\"");
    static final Login SUPPORT = new Login("support", SUPPORT_PASSWORD);
    /** The tenant whose figures are printed. */
    static final Party MEASURED = new Party("broker", "broker.example", "policyholder.example");
    /** A tenant of its own for the warm-up, so that the measured tenant still grows from none to all of its delegates. */
    static final Party WARMUP = new Party("warmup", "warmup-broker.example", "warmup-policyholder.example");
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    private final Path jar;
    private final int delegates;
    private final int customers = Integer.getInteger("collab.load.customers", 500);
    private final int delegateCustomers = Integer.getInteger("collab.load.delegateCustomers", 10);
    private final int clients = Integer.getInteger("collab.load.clients", 8);
    private final int batch = Integer.getInteger("collab.load.batch", 500);
    private final int midpoint = Integer.getInteger("collab.load.midpoint", 2000);
    private final int overviewRequests = Integer.getInteger("collab.load.overviewRequests", 30);
    private final int adminChanges = Integer.getInteger("collab.load.adminChanges", 20);
    private final int connections = Integer.getInteger("collab.load.connections", 16);
    private final int seconds = Integer.getInteger("collab.load.seconds", 5);
    private final int warmup = Integer.getInteger("collab.load.warmup", 0);
    private final Path jvmOptions;
    /** Every answer that was not the expected one: "METHOD path → status body", first 200 characters. */
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong peakRssKb = new AtomicLong();
    private final Map<String, String> figures = new LinkedHashMap<>();
    private final List<String> customerIds = new ArrayList<>();
    private final List<String> invited = new ArrayList<>();
    private Party party = MEASURED;
    private Scenario scenario;
    private Container container;
    private Api api;
    private double startSeconds;
    private String grantId;
    private String gfUserId;

    /** A tenant with its admin and its GF, and the domain of the GF's delegates' addresses. */
    record Party(String tenant, String brokerDomain, String policyholderDomain) {
        Login admin() {
            return new Login("admin@" + brokerDomain, ADMIN_PASSWORD);
        }

        Login gf() {
            return new Login("gf@" + policyholderDomain, GF_PASSWORD);
        }

        String delegate(int i) {
            return "d" + i + "@" + policyholderDomain;
        }
    }

    private BrokerLoad(Path jar, int delegates, Path jvmOptions) {
        this.jar = jar;
        this.delegates = delegates;
        this.jvmOptions = jvmOptions;
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.out.println("usage: java -cp benchmarks.jar dev.collab.load.BrokerLoad <collab-app.jar> [delegates=5000]");
            return;
        }
        Path jar = Path.of(args[0]).toAbsolutePath();
        int delegates = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        BrokerLoad load = new BrokerLoad(jar, delegates, Scenario.jvmOptionsFor(jar));
        try {
            load.run();
        } catch (Throwable e) {
            System.out.println("BrokerLoad aborted: " + e);
            e.printStackTrace(System.out);
            load.printTable();
        } finally {
            if (load.scenario != null) {
                load.scenario.stop();
            }
        }
        System.exit(0);
    }

    // ------------------------------------------------------------------------------- the run

    private void run() throws Exception {
        scenario = Scenario.create("brokerload", jar);
        startContainer();
        if (warmup > 0) {
            warmUp();
        }
        seed();
        invites();
        adminChange();
        throughput();
        heapInfo();
        printTable();
        containerLogProblems();
        scenario.finish();
    }

    private void startContainer() throws Exception {
        Container.Launch launch = scenario.launch(SUPPORT_PASSWORD);
        container = scenario.start(launch);
        api = Scenario.api(container, REQUEST_TIMEOUT, Duration.ofSeconds(5), Executors.newCachedThreadPool(scenario.daemon("http")));
        Thread sampler = new Thread(this::sampleRss, "brokerload-rss");
        sampler.setDaemon(true);
        sampler.start();
        startSeconds = container.awaitHealthy(Duration.ofSeconds(180)).toNanos() / 1e9;
        figures.put("start", String.format(Locale.ROOT, "%.2f s", startSeconds));
        List<String> command = launch.command();
        System.out.printf(Locale.ROOT, "Container (pid %d, %s) up on port %d: /health 200 after %.2f s%n", container.process().pid(),
            String.join(" ", command.subList(1, command.size() - 2)), container.port(), startSeconds);
        if (jvmOptions != null) {
            System.out.println("  JVM options (" + jvmOptions + "): " + Files.readAllLines(jvmOptions).stream()
                .map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty()).collect(Collectors.joining(" ")));
        }
    }

    /** Every 100 ms: the container's resident set (VmRSS); the kernel's high-water mark (VmHWM) is read too. */
    private void sampleRss() {
        while (container.process().isAlive()) {
            container.statusKb("VmRSS").ifPresent(kb -> peakRssKb.accumulateAndGet(kb, Math::max));
            container.statusKb("VmHWM").ifPresent(kb -> peakRssKb.accumulateAndGet(kb, Math::max));
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void seed() throws Exception {
        long t = System.nanoTime();
        Login admin = party.admin();
        Login gf = party.gf();
        Scenario.tenantWithAdmin(api, SUPPORT, party.tenant(), "Broker Makler", admin);
        Api.expect(200, api.send("GET", path("/profiles"), admin, null));
        for (int i = 0; i < customers; i++) {
            customerIds.add(String.format(Locale.ROOT, "K%05d", i));
        }
        parallel(clients, customers, i -> Api.expect(201, api.send("PUT", path("/customers/" + customerIds.get(i)), admin,
            "{\"name\":\"Kunde " + customerIds.get(i) + "\"}")));
        Api.expect(201, api.send("POST", path("/profiles"), admin,
            "{\"name\":\"MA\",\"rights\":[\"contracts.view\",\"documents.view\"],\"delegableProfiles\":[]}"));
        Api.expect(201, api.send("POST", path("/profiles"), admin,
            "{\"name\":\"GF\",\"rights\":[\"contracts.view\",\"claims.view\"],\"delegableProfiles\":[\"MA\"]}"));
        HttpResponse<String> grant = api.send("POST", path("/grants"), admin, "{\"name\":\"" + GRANT
            + "\",\"profile\":\"GF\",\"customers\":" + json(customerIds) + ",\"separateDelegateGrants\":true,\"email\":\"" + gf.user() + "\"}");
        Api.expect(201, grant);
        grantId = first(ID, grant.body());
        scenario.register(api, gf.user(), gf.password(), 60);
        HttpResponse<String> members = api.send("GET", path("/grants/" + grantId), admin, null);
        Api.expect(200, members);
        gfUserId = first(USER_ID, members.body());
        // the GF's first request pays the password hash; later ones hit the verified cache
        Api.expect(200, api.send("GET", path("/me"), gf, null));
        System.out.printf(Locale.ROOT, "Seeded tenant '%s' in %.1f s: admin, %d customers, profiles GF/MA, grant '%s' (GF %s,"
            + " registered through the link of the .eml)%n", party.tenant(), (System.nanoTime() - t) / 1e9, customers, GRANT, gf.user());
    }

    /**
     * A tenant of its own with the same shape, whose GF invites {@code warmup} delegates before
     * the measured tenant is built: the JIT has then compiled the invite's code, as in a
     * container that has run for a while. Its rate, from the cold start, is printed with the
     * measured one.
     */
    private void warmUp() throws Exception {
        party = WARMUP;
        seed();
        long cpuBefore = cpuNanos(container.process().toHandle());
        long t = System.nanoTime();
        parallel(clients, warmup, this::invite);
        long took = System.nanoTime() - t;
        long cpuAfter = cpuNanos(container.process().toHandle());
        String cold = String.format(Locale.ROOT, "%.0f /s over the warm-up's %,d from the cold start%s", warmup / (took / 1e9), warmup,
            cpuBefore < 0 || cpuAfter < 0 ? "" : String.format(Locale.ROOT, " (container CPU %.1f ms per invite)",
                (cpuAfter - cpuBefore) / 1e6 / warmup));
        figures.put("cold invites", cold);
        System.out.printf(Locale.ROOT, "Warm-up: %,d invites in tenant '%s' with %d parallel clients: %s%n", warmup, party.tenant(),
            clients, cold);
        customerIds.clear();
        invited.clear();
        party = MEASURED;
    }

    /** The GF invites in batches with parallel clients; the overview is measured at the midpoint and at the end. */
    private void invites() throws Exception {
        System.out.printf(Locale.ROOT, "%nInvites: %d delegates (MA, %d of the GF's %d customers each), %d parallel clients,"
            + " batches of %d%n", delegates, delegateCustomers, customers, clients, batch);
        System.out.println("  delegates after the batch | invites/s in the batch | failed | container CPU ms per invite | load generator's");
        List<Double> rates = new ArrayList<>();
        // The CPU an invite costs, whatever else the machine runs: with the container's share of
        // the cores it says which rate could be reached (200 /s on 2 cores: under 10 ms for both processes).
        long containerCpu = 0;
        long ownCpu = 0;
        int measuredCpu = 0;
        int mid = Math.min(midpoint, delegates);
        boolean midMeasured = false;
        // the batches' own time: "over all" leaves out the overview measured between two batches
        long inviting = 0;
        int done = 0;
        while (done < delegates) {
            int from = done;
            int size = Math.min(batch, delegates - done);
            if (!midMeasured && from < mid && from + size > mid) {
                size = mid - from;
            }
            int failedBefore = failures.size();
            long containerBefore = cpuNanos(container.process().toHandle());
            long ownBefore = cpuNanos(ProcessHandle.current());
            long t = System.nanoTime();
            parallel(clients, size, k -> invite(from + k));
            long took = System.nanoTime() - t;
            long containerAfter = cpuNanos(container.process().toHandle());
            long ownAfter = cpuNanos(ProcessHandle.current());
            // -1 where the system does not say: the batch then has no CPU figure
            boolean measured = containerBefore >= 0 && containerAfter >= 0 && ownBefore >= 0 && ownAfter >= 0;
            long containerUsed = containerAfter - containerBefore;
            long ownUsed = ownAfter - ownBefore;
            if (measured) {
                containerCpu += containerUsed;
                ownCpu += ownUsed;
                measuredCpu += size;
            }
            inviting += took;
            double rate = size / (took / 1e9);
            rates.add(rate);
            done += size;
            System.out.printf(Locale.ROOT, "  %25d | %22.1f | %6d | %27s | %s%n", done, rate, failures.size() - failedBefore,
                measured ? String.format(Locale.ROOT, "%.1f", containerUsed / 1e6 / size) : "—",
                measured ? String.format(Locale.ROOT, "%.1f", ownUsed / 1e6 / size) : "—");
            if (!midMeasured && done >= mid) {
                midMeasured = true;
                figures.put("overview@" + done, overview(done));
            }
        }
        double overall = delegates / (inviting / 1e9);
        double min = rates.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = rates.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        String cpuPerInvite = measuredCpu == 0 ? "" : String.format(Locale.ROOT, "; CPU per invite: container %.1f ms, load generator %.1f ms",
            containerCpu / 1e6 / measuredCpu, ownCpu / 1e6 / measuredCpu);
        figures.put("invites", String.format(Locale.ROOT, "%.0f–%.0f /s per batch (first %.0f, last %.0f), %.0f /s over all %,d%s",
            min, max, rates.get(0), rates.get(rates.size() - 1), overall, delegates, cpuPerInvite));
        if (delegates != mid) {
            figures.put("overview@" + delegates, overview(delegates));
        }
    }

    /** The CPU time a process used so far (all its threads, user and system), or -1 where the system does not say. */
    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    private void invite(int i) throws Exception {
        Random random = new Random(i);
        List<String> chosen = new ArrayList<>(customerIds);
        Collections.shuffle(chosen, random);
        chosen = chosen.subList(0, Math.min(delegateCustomers, chosen.size()));
        String email = party.delegate(i);
        HttpResponse<String> answer = api.send("POST", path("/me/delegates"), party.gf(),
            "{\"email\":\"" + email + "\",\"profile\":\"MA\",\"customers\":" + json(chosen) + "}");
        if (answer.statusCode() == 201 && answer.body().contains(email)) {
            synchronized (invited) {
                invited.add(email);
            }
        } else {
            fail(answer);
        }
    }

    /** Sequential first pages as one GF sees them (a few unmeasured first). */
    private String overview(int size) throws Exception {
        List<Long> times = new ArrayList<>();
        for (int i = -3; i < overviewRequests; i++) {
            long t = System.nanoTime();
            HttpResponse<String> page = api.send("GET", path("/me/delegates?limit=50"), party.gf(), null);
            long took = System.nanoTime() - t;
            if (page.statusCode() != 200 || !page.body().contains("\"items\"")) {
                fail(page);
            } else if (i >= 0) {
                times.add(took);
            }
        }
        String figure = String.format(Locale.ROOT, "p50 %s, p95 %s (%d pages)", ms(percentile(times, 50)), ms(percentile(times, 95)),
            times.size());
        System.out.printf("  overview GET /me/delegates?limit=50 with %,d delegates: %s%n", size, figure);
        return figure;
    }

    /** The admin takes one customer from the GF and gives it back, in turn; the median of the calls. */
    private void adminChange() throws Exception {
        List<String> fewer = customerIds.subList(1, customerIds.size());
        List<Long> times = new ArrayList<>();
        for (int i = -2; i < adminChanges; i++) {
            List<String> scope = Math.floorMod(i, 2) == 0 ? fewer : customerIds;
            long t = System.nanoTime();
            HttpResponse<String> answer = api.send("PUT", path("/grants/" + grantId + "/members/" + gfUserId), party.admin(),
                "{\"customers\":" + json(scope) + "}");
            long took = System.nanoTime() - t;
            if (answer.statusCode() != 200) {
                fail(answer);
            } else if (i >= 0) {
                times.add(took);
            }
        }
        String figure = String.format(Locale.ROOT, "median %s (min %s, max %s; %d calls)", ms(percentile(times, 50)),
            ms(times.stream().min(Long::compare).orElse(0L)), ms(times.stream().max(Long::compare).orElse(0L)), times.size());
        figures.put("admin", figure);
        System.out.printf("%nAdmin change (PUT /grants/{id}/members/{GF}, %,d customers, %,d delegates below): %s%n",
            customerIds.size(), invited.size(), figure);
    }

    /** Access decisions against /openapi.json, each with N connections for the given seconds, after a 1 s warm-up. */
    private void throughput() throws Exception {
        List<String> users = new ArrayList<>(invited);
        users.add(party.gf().user());
        AtomicInteger counter = new AtomicInteger();
        Callable<HttpResponse<String>> access = () -> {
            int n = counter.incrementAndGet();
            Random random = new Random(n);
            String user = users.get(random.nextInt(users.size()));
            return api.send("GET", path("/access?user=" + user + "&customer=" + customerIds.get(random.nextInt(customerIds.size()))
                + "&right=" + RIGHTS.get(random.nextInt(RIGHTS.size()))), party.admin(), null);
        };
        Callable<HttpResponse<String>> openapi = () -> api.send("GET", "/openapi.json", null, null);
        System.out.printf("%nThroughput, %d connections, %d s each after 1 s of warm-up:%n", connections, seconds);
        double[] accessRate = rate("access", access, r -> r.body().contains("\"allowed\""));
        double[] openapiRate = rate("openapi", openapi, r -> r.body().contains("\"openapi\""));
        figures.put("access", String.format(Locale.ROOT, "%.2f× (%,.0f vs %,.0f requests/s; p50 %s vs %s)",
            accessRate[0] / openapiRate[0], accessRate[0], openapiRate[0], ms((long) accessRate[1]), ms((long) openapiRate[1])));
    }

    /** @return requests per second and the median latency in ns */
    private double[] rate(String family, Callable<HttpResponse<String>> request, Predicate<HttpResponse<String>> ok)
        throws Exception {
        Timed.Result measured = Timed.run(connections, scenario.daemon(family), seconds, request, ok, this::fail);
        long p50 = measured.percentile(50);
        System.out.printf(Locale.ROOT, "  %-8s %,9.0f requests/s (%,d ok in %d s, %d not ok), p50 %s, p95 %s%n", family,
            measured.perSecond(), measured.nanos().length, seconds, measured.notOk(), ms(p50), ms(measured.percentile(95)));
        return new double[] {measured.perSecond(), p50};
    }

    /** The container's heap after the load, from {@code jcmd <pid> GC.heap_info} (when the JDK has jcmd). */
    private void heapInfo() {
        Path jcmd = Path.of(Container.javaExecutable()).resolveSibling("jcmd");
        if (!Files.isExecutable(jcmd)) {
            return;
        }
        try {
            Process info = new ProcessBuilder(jcmd.toString(), Long.toString(container.process().pid()), "GC.heap_info").redirectErrorStream(true).start();
            String text = new String(info.getInputStream().readAllBytes(), UTF_8);
            info.waitFor(30, TimeUnit.SECONDS);
            System.out.println("\nThe container's heap after the load (jcmd GC.heap_info):");
            text.lines().skip(1).limit(8).forEach(line -> System.out.println("  " + line.strip()));
        } catch (IOException e) {
            System.out.println("(jcmd GC.heap_info failed: " + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------- the table

    private void printTable() {
        long peakMb = peakRssKb.get() / 1024;
        String jvm = "";
        try {
            if (jvmOptions != null && Files.isRegularFile(jvmOptions)) {
                jvm = Files.readAllLines(jvmOptions).stream().map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty())
                    .collect(Collectors.joining(" "));
            }
        } catch (IOException e) {
            jvm = "?";
        }
        int mid = Math.min(midpoint, delegates);
        System.out.printf(Locale.ROOT, "%n| what | measured (this run) | target |%n|---|---|---|%n");
        row("overview (`GET /me/delegates?limit=50`, first page) with " + String.format(Locale.ROOT, "%,d", mid) + " delegates",
            figures.get("overview@" + mid), "—");
        if (delegates != mid) {
            row("overview (`GET /me/delegates?limit=50`, first page) with " + String.format(Locale.ROOT, "%,d", delegates) + " delegates",
                figures.get("overview@" + delegates), "p95 ≤ 50 ms with 5,000 delegates");
        }
        row("invites over REST, " + clients + " parallel clients, tenant growing to " + String.format(Locale.ROOT, "%,d", delegates)
            + " delegates" + (warmup > 0 ? String.format(Locale.ROOT, " (after %,d warm-up invites in another tenant)", warmup) : ""),
            figures.get("invites") == null || figures.get("cold invites") == null ? figures.get("invites")
                : figures.get("invites") + "; " + figures.get("cold invites"),
            "≥ 200 /s sustained up to 5,000");
        row("one admin change over REST (`PUT /grants/{id}/members/{GF}`, " + String.format(Locale.ROOT, "%,d", invited.size())
            + " delegates below)", figures.get("admin"), "≤ 5 ms median, independent of tenant size");
        row("`isAllowed` vs `HashMap.get`", "in-process: JMH (`java -jar collab-bench/target/benchmarks.jar isAllowed hashMapGet`)",
            "≤ 10×");
        row("cold start to `/health` 200", figures.get("start"), "≤ 3.0 s");
        row("memory: peak RSS of the container during the whole run (" + (jvm.isEmpty() ? "JVM defaults" : "`" + jvm + "`") + ")",
            peakMb == 0 ? null : peakMb + " MB", "≤ 400 MB");
        row("REST access check vs `/openapi.json` (" + connections + " connections, " + seconds + " s each)", figures.get("access"),
            "≥ 0.5×");
        if (!failures.isEmpty()) {
            System.out.printf("%n%d unexpected answers; the first ones:%n", failures.size());
            failures.stream().limit(10).forEach(f -> System.out.println("  " + f));
        }
    }

    private static void row(String what, String measured, String target) {
        System.out.printf("| %s | %s | %s |%n", what, measured == null ? "(not reached)" : measured, target);
    }

    // ------------------------------------------------------------------------------- plumbing

    private interface Step {
        void run(int index) throws Exception;
    }

    /** Runs {@code count} steps on {@code threads} threads, each taking the next index. */
    private void parallel(int threads, int count, Step step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads, scenario.daemon("client"));
        try {
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> workers = IntStream.range(0, threads).mapToObj(t -> pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    step.run(i);
                }
                return null;
            })).collect(Collectors.toList());
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void fail(HttpResponse<String> answer) {
        String body = answer.body() == null ? "" : answer.body();
        failures.add(answer.request().method() + " " + answer.uri().getPath() + " → " + answer.statusCode() + " "
            + body.substring(0, Math.min(200, body.length())));
    }

    private static String first(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + pattern + " in " + text.substring(0, Math.min(300, text.length())));
        }
        return m.group(1);
    }

    private static String json(List<String> ids) {
        return ids.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    private String path(String below) {
        return "/tenants/" + party.tenant() + below;
    }

    /** WARN and ERROR lines of the container's console, deduplicated (numbers masked). */
    private void containerLogProblems() {
        Map<String, Integer> lines = container.logProblems();
        System.out.println("\nContainer log: " + lines.size() + " distinct WARN/ERROR/Exception lines" + (lines.isEmpty() ? "" : ":"));
        lines.entrySet().stream().limit(15).forEach(e -> System.out.printf("  %4d x %s%n", e.getValue(), e.getKey()));
    }
}
