package dev.collab.load;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.collab.testkit.Api;
import dev.collab.testkit.Container;
import dev.collab.testkit.Login;
import dev.collab.testkit.Outbox;

/**
 * Load while bundles are swapped: starts {@code java -jar collab-app.jar} on a free port with a
 * fresh data folder, seeds one tenant, then keeps a fixed request rate (default 200/s) on a mix of
 * endpoint families while it takes the mailing and the REST bundle out of the deploy folder and
 * puts them back, and updates the REST bundle with a new file, several times. Every answer is
 * classified as ok (expected status and a plausible body), unavailable (503 problem+json, or the
 * 503 JSON of /health) or failed (anything else: 404, 500, HTML, wrong content, timeouts,
 * connection errors), and attributed to the swap whose bundle it depends on when it was out.
 * <p>
 * A benchmark, not a test: it prints its figures and always exits with 0. Needs only the JDK.
 * <pre>
 * java -cp collab-bench/target/benchmarks.jar dev.collab.load.SwapLoad collab-app/target/collab-app.jar [seconds=90] [rate=200]
 * </pre>
 * System property {@code collab.load.keep=true} keeps the data folder (the container's log is always kept).
 */
public final class SwapLoad {
    static final String SUPPORT_PASSWORD = "swap load support password";
    static final String TENANT = "load";
    static final String ADMIN = "admin@load.example";
    static final String ADMIN_PASSWORD = "load admin password";
    static final String GF = "gf@load.example";
    static final String GF_PASSWORD = "load gf password 1234";
    static final String FIRST_DELEGATE = "d0@load.example";
    /**
     * The "invite" family invites as a second managing director, so that the list the "delegates"
     * family reads (the first one's) keeps its size: the mix stays the same over the run.
     */
    static final String INVITER = "gf2@load.example";
    static final String INVITER_PASSWORD = "load gf2 password 1234";
    static final String GRANT = "Load GmbH";
    static final List<String> FAMILIES = List.of("health", "profiles", "access", "me", "delegates", "invite", "openapi");
    static final String MAILING = "collab-invitations";
    static final String REST = "collab-rest";
    /** Invitations per second, on top of the mix (each one writes a mail and grows the GF's delegate list). */
    static final int INVITES_PER_SECOND = 3;
    static final Login SUPPORT = new Login("support", SUPPORT_PASSWORD);
    static final Login AS_ADMIN = new Login(ADMIN, ADMIN_PASSWORD);
    static final Login AS_GF = new Login(GF, GF_PASSWORD);
    static final Login AS_INVITER = new Login(INVITER, INVITER_PASSWORD);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    static final int CLIENT_THREADS = 8;
    /** Requests due while this many are unanswered are skipped (and counted), so a stalled server is not buried. */
    static final int MAX_IN_FLIGHT = 200;
    /** Seconds over which the rate rises from 0 to the target before anything is counted (JIT, caches, connections). */
    static final int WARMUP_SECONDS = Integer.getInteger("collab.load.warmup", 15);
    static final boolean SWAPS = Boolean.parseBoolean(System.getProperty("collab.load.swaps", "true"));

    enum Outcome { OK, UNAVAILABLE, FAILED }

    /** One answered (or failed) request; times in ns since the load started. */
    record Result(String family, long start, long end, int status, String contentType, String body, String error,
        Outcome outcome) {
    }

    /** One swap: the jar went out (or was replaced) at {@code outAt} and came back at {@code restoredAt}. */
    record Swap(int number, String bundle, String operation, long outAt, long restoredAt) {
        Set<String> affected() {
            // every family goes through the REST bundle; with the mailing bundle out only /health
            // (which names it) may change: invitations are still created and mailed later
            return REST.equals(bundle) ? new HashSet<>(FAMILIES) : Set.of("health");
        }

        String label() {
            return bundle + " " + operation;
        }
    }

    /** A line of the container's console and when this process read it (ns since the load started). */
    record LogEvent(long at, String line) {
    }

    /** What a request is and what a right answer to it looks like. */
    record Probe(String family, String method, String path, Login login, String body,
        Predicate<HttpResponse<String>> ok, String email) {
    }

    /** Lets through a rising share of the ticks during the ramp-up, all of them afterwards. */
    private final class Pacer {
        private double credit;

        synchronized boolean go() {
            long elapsed = now();
            if (elapsed >= 0) {
                return true;
            }
            double share = 1.0 - (double) -elapsed / TimeUnit.SECONDS.toNanos(WARMUP_SECONDS);
            credit += Math.max(0.02, share);
            if (credit >= 1) {
                credit -= 1;
                return true;
            }
            return false;
        }
    }

    private final Path jar;
    private final int seconds;
    private final int rate;
    private final ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicLong> lastOk = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastNotOk = new ConcurrentHashMap<>();
    private final Set<String> invitedEmails = ConcurrentHashMap.newKeySet();
    private final List<Swap> swaps = new ArrayList<>();
    /** FileInstall's "Started bundle: …/x.jar" and "Uninstalling bundle n (name)" lines of the container's console, as seen. */
    private final ConcurrentLinkedQueue<LogEvent> bundleEvents = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final AtomicInteger counter = new AtomicInteger();
    private final AtomicInteger inviteCounter = new AtomicInteger();
    private Scenario scenario;
    private Path dataDir;
    private Container container;
    private Api api;
    private long t0;

    private SwapLoad(Path jar, int seconds, int rate) {
        this.jar = jar;
        this.seconds = seconds;
        this.rate = rate;
        for (String family : FAMILIES) {
            lastOk.put(family, new AtomicLong(Long.MIN_VALUE));
            lastNotOk.put(family, new AtomicLong(Long.MIN_VALUE));
        }
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.out.println("usage: java -cp benchmarks.jar dev.collab.load.SwapLoad <collab-app.jar> [seconds=90] [rate=200]");
            return;
        }
        Path jar = Path.of(args[0]).toAbsolutePath();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 90;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        SwapLoad load = new SwapLoad(jar, seconds, rate);
        try {
            load.run();
        } catch (Throwable e) {
            System.out.println("SwapLoad aborted: " + e);
            e.printStackTrace(System.out);
        } finally {
            if (load.scenario != null) {
                load.scenario.stop();
            }
        }
        System.exit(0);
    }

    // ------------------------------------------------------------------------------- the run

    private void run() throws Exception {
        scenario = Scenario.create("swapload", jar);
        dataDir = scenario.dataDir();
        startContainer();
        seed();
        load();
        report();
        scenario.finish();
    }

    private void startContainer() throws Exception {
        container = scenario.start(scenario.launch(SUPPORT_PASSWORD).jvmArguments("-Djdk.util.zip.disableZip64ExtraFieldValidation=true"));
        // the load's requests time out after REQUEST_TIMEOUT (set per request); the seeding's may take longer
        api = Scenario.api(container, Duration.ofSeconds(60), Duration.ofSeconds(2),
            Executors.newFixedThreadPool(CLIENT_THREADS, scenario.daemon("http")));
        Duration up = container.awaitHealthy(Duration.ofSeconds(120));
        System.out.printf("Container up on port %d in %.1f s (data %s)%n", container.port(), up.toNanos() / 1e9, dataDir);
    }

    private void seed() throws Exception {
        Scenario.tenantWithAdmin(api, SUPPORT, TENANT, "Load Makler", AS_ADMIN);
        for (String c : List.of("A", "B", "C")) {
            Api.expect(201, api.send("PUT", path("/customers/" + c), AS_ADMIN, "{\"name\":\"Kunde " + c + "\"}"));
        }
        Api.expect(201, api.send("POST", path("/profiles"), AS_ADMIN,
            "{\"name\":\"MA\",\"rights\":[\"contracts.view\",\"documents.view\"],\"delegableProfiles\":[]}"));
        Api.expect(201, api.send("POST", path("/profiles"), AS_ADMIN,
            "{\"name\":\"GF\",\"rights\":[\"contracts.view\",\"claims.view\"],\"delegableProfiles\":[\"MA\"]}"));
        Api.expect(201, api.send("POST", path("/grants"), AS_ADMIN, "{\"name\":\"" + GRANT + "\",\"profile\":\"GF\","
            + "\"customers\":[\"A\",\"B\",\"C\"],\"separateDelegateGrants\":true,\"email\":\"" + GF + "\"}"));
        scenario.register(api, GF, GF_PASSWORD, 30);
        Api.expect(201, api.send("POST", path("/grants"), AS_ADMIN, "{\"name\":\"Inviter GmbH\",\"profile\":\"GF\","
            + "\"customers\":[\"A\",\"B\",\"C\"],\"separateDelegateGrants\":true,\"email\":\"" + INVITER + "\"}"));
        scenario.register(api, INVITER, INVITER_PASSWORD, 30);
        Api.expect(201, api.send("POST", path("/me/delegates"), AS_GF,
            "{\"email\":\"" + FIRST_DELEGATE + "\",\"profile\":\"MA\",\"customers\":[\"B\"]}"));
        // the first requests of the GF and the admin pay the password hash; later ones hit the verified cache
        Api.expect(200, api.send("GET", path("/me"), AS_GF, null));
        Api.expect(200, api.send("GET", path("/me"), AS_INVITER, null));
        System.out.println("Seeded tenant '" + TENANT + "': admin, customers A-C, profiles MA/GF, grants '" + GRANT + "' (" + GF
            + ", registered through the link of the .eml, one delegate " + FIRST_DELEGATE + ") and 'Inviter GmbH' (" + INVITER
            + ", who sends the invitations of the load)");
    }

    private void load() throws Exception {
        ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2, scenario.daemon("ticker"));
        String[] mix = mix();
        int mixRate = Math.max(1, rate - INVITES_PER_SECOND);
        System.out.printf("Load: %d requests/s for %d s after a %d s ramp-up (%d/s over %s; %d invitations/s), %d client threads,"
            + " %d s timeout, at most %d in flight%n", rate, seconds, WARMUP_SECONDS, mixRate, describe(mix), INVITES_PER_SECOND,
            CLIENT_THREADS, REQUEST_TIMEOUT.toSeconds(), MAX_IN_FLIGHT);
        // t0 is the end of the ramp-up: answers to requests sent before it (negative times) are not counted
        t0 = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARMUP_SECONDS);
        long end = t0 + TimeUnit.SECONDS.toNanos(seconds);
        AtomicInteger tick = new AtomicInteger();
        Pacer mixPacer = new Pacer();
        Pacer invitePacer = new Pacer();
        ticker.scheduleAtFixedRate(() -> {
            if (mixPacer.go()) {
                fire(probe(mix[Math.floorMod(tick.getAndIncrement(), mix.length)]));
            }
        }, 0, 1_000_000_000L / mixRate, TimeUnit.NANOSECONDS);
        ticker.scheduleAtFixedRate(() -> {
            if (invitePacer.go()) {
                fire(probe("invite"));
            }
        }, 0, 1_000_000_000L / INVITES_PER_SECOND, TimeUnit.NANOSECONDS);
        Thread watcher = new Thread(this::watchLog, "swapload-log");
        watcher.setDaemon(true);
        watcher.start();
        sleepUntil(t0);

        if (!SWAPS) {
            System.out.println("  no swaps (-Dcollab.load.swaps=false): steady load only");
            sleepUntil(end);
        } else {
            Path deploy = dataDir.resolve("deploy");
            Path parked = Files.createDirectories(scenario.root().resolve("parked"));
            sleepUntil(Math.min(end, t0 + TimeUnit.SECONDS.toNanos(8)));
            int number = 0;
            // a cycle takes about 30 s: mailing out 5 s, REST out 5 s, REST updated, each followed by recovery and 4 s steady
            for (int cycle = 0; cycle < 3; cycle++) {
                if (cycle > 0 && end - System.nanoTime() < TimeUnit.SECONDS.toNanos(38)) {
                    break;
                }
                swaps.add(takeOut(++number, MAILING, deploy, parked));
                settle(swaps.get(swaps.size() - 1));
                swaps.add(takeOut(++number, REST, deploy, parked));
                settle(swaps.get(swaps.size() - 1));
                swaps.add(update(++number, REST, deploy, parked));
                settle(swaps.get(swaps.size() - 1));
            }
        }
        sleepUntil(end);
        ticker.shutdownNow();
        long drain = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (inFlight.get() > 0 && System.nanoTime() < drain) {
            Thread.sleep(50);
        }
    }

    /** Moves the jar out of the deploy folder, waits 5 s, moves it back. */
    private Swap takeOut(int number, String bundle, Path deploy, Path parked) throws Exception {
        Path jarFile = deploy.resolve(bundle + ".jar");
        long out = now();
        Files.move(jarFile, parked.resolve(bundle + ".jar"));
        Thread.sleep(5000);
        Files.move(parked.resolve(bundle + ".jar"), jarFile);
        long restored = now();
        System.out.printf("  swap %d: %s out at %.1f s, restored at %.1f s%n", number, bundle, out / 1e9, restored / 1e9);
        return new Swap(number, bundle, "out 5 s", out, restored);
    }

    /** Writes a copy of the jar with a new modification time over it: FileInstall updates the bundle. */
    private Swap update(int number, String bundle, Path deploy, Path parked) throws Exception {
        Path jarFile = deploy.resolve(bundle + ".jar");
        Path build = parked.resolve("new-" + bundle + ".jar");
        Files.copy(jarFile, build, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(build, FileTime.fromMillis(
            Math.max(System.currentTimeMillis(), Files.getLastModifiedTime(jarFile).toMillis() + 2000)));
        long at = now();
        Files.move(build, jarFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf("  swap %d: %s updated (new file) at %.1f s%n", number, bundle, at / 1e9);
        return new Swap(number, bundle, "update", at, at);
    }

    /** Until every affected family answered ok again after the swap (at most 30 s), then 4 s of steady load. */
    private void settle(Swap swap) throws InterruptedException {
        long settleFrom = swap.operation().equals("update") ? swap.restoredAt() + TimeUnit.SECONDS.toNanos(3) : swap.restoredAt();
        long deadline = now() + TimeUnit.SECONDS.toNanos(30);
        while (now() < deadline) {
            boolean back = now() > settleFrom && swap.affected().stream().allMatch(f -> {
                long ok = lastOk.get(f).get();
                return ok > settleFrom && ok > lastNotOk.get(f).get();
            });
            if (back) {
                break;
            }
            Thread.sleep(20);
        }
        Thread.sleep(4000);
    }

    // ------------------------------------------------------------------------------- requests

    /** The weighted mix of the families besides "invite" (which has its own rate). */
    private static String[] mix() {
        Map<String, Integer> weights = new LinkedHashMap<>();
        weights.put("health", 5);
        weights.put("profiles", 6);
        weights.put("access", 6);
        weights.put("me", 5);
        weights.put("delegates", 4);
        weights.put("openapi", 3);
        List<String> mix = new ArrayList<>();
        // interleaved, so that each family is asked evenly over time
        int max = weights.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        for (int round = 0; round < max; round++) {
            for (Map.Entry<String, Integer> weight : weights.entrySet()) {
                if (round < weight.getValue()) {
                    mix.add(weight.getKey());
                }
            }
        }
        return mix.toArray(String[]::new);
    }

    private static String describe(String[] mix) {
        Map<String, Long> counts = Stream.of(mix).collect(Collectors.groupingBy(f -> f, LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + "/" + mix.length).collect(Collectors.joining(", "));
    }

    private Probe probe(String family) {
        switch (family) {
            case "health":
                return new Probe(family, "GET", "/health", null, null,
                    r -> r.statusCode() == 200 && json(r) && r.body().matches("(?s).*\"status\"\\s*:\\s*\"UP\".*"), null);
            case "profiles":
                return new Probe(family, "GET", path("/profiles"), AS_ADMIN, null,
                    r -> r.statusCode() == 200 && json(r) && has(r, "\"items\"") && r.body().matches("(?s).*\"name\"\\s*:\\s*\"GF\".*")
                        && r.body().matches("(?s).*\"name\"\\s*:\\s*\"MA\".*"), null);
            case "access": {
                boolean allowed = counter.incrementAndGet() % 2 == 0;
                String right = allowed ? "claims.view" : "documents.view";
                return new Probe(family, "GET", path("/access?user=" + GF + "&customer=A&right=" + right), AS_ADMIN,
                    null, r -> r.statusCode() == 200 && json(r) && r.body().matches("(?s).*\"allowed\"\\s*:\\s*" + allowed + ".*"), null);
            }
            case "me":
                return new Probe(family, "GET", path("/me"), AS_GF, null,
                    r -> r.statusCode() == 200 && json(r) && has(r, "\"" + GF + "\"") && has(r, "\"memberships\"") && has(r, GRANT), null);
            case "delegates":
                return new Probe(family, "GET", path("/me/delegates?limit=500"), AS_GF, null,
                    r -> r.statusCode() == 200 && json(r) && has(r, "\"items\"") && has(r, "\"" + FIRST_DELEGATE + "\""), null);
            case "invite": {
                String email = "inv-" + inviteCounter.incrementAndGet() + "@load.example";
                return new Probe(family, "POST", path("/me/delegates"), AS_INVITER,
                    "{\"email\":\"" + email + "\",\"profile\":\"MA\",\"customers\":[\"B\"]}",
                    r -> r.statusCode() == 201 && json(r) && has(r, "\"" + email + "\"") && has(r, "INVITED"), email);
            }
            case "openapi":
                return new Probe(family, "GET", "/openapi.json", null, null,
                    r -> r.statusCode() == 200 && json(r) && r.body().matches("(?s).*\"openapi\"\\s*:\\s*\"3\\..*")
                        && has(r, "/tenants/{tenantId}/me/delegates"), null);
            default:
                throw new IllegalArgumentException(family);
        }
    }

    private void fire(Probe probe) {
        if (inFlight.get() >= MAX_IN_FLIGHT) {
            if (now() >= 0) {
                skipped.incrementAndGet();
            }
            return;
        }
        inFlight.incrementAndGet();
        long start = now();
        api.sendAsync(HttpRequest.newBuilder(api.json(probe.method(), probe.path(), probe.login(), probe.body()), (n, v) -> true)
                .timeout(REQUEST_TIMEOUT).build())
            .orTimeout(REQUEST_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS)
            .whenComplete((response, error) -> {
                try {
                    record(probe, start, now(), response, error);
                } finally {
                    inFlight.decrementAndGet();
                }
            });
    }

    private void record(Probe probe, long start, long end, HttpResponse<String> response, Throwable error) {
        Result result;
        if (error != null) {
            Throwable cause = error.getCause() != null && error instanceof CompletionException ? error.getCause() : error;
            result = new Result(probe.family(), start, end, 0, "", "", cause.getClass().getSimpleName() + ": " + cause.getMessage(),
                Outcome.FAILED);
        } else {
            String type = response.headers().firstValue("Content-Type").orElse("");
            Outcome outcome;
            if (probe.ok().test(response)) {
                outcome = Outcome.OK;
                if (probe.email() != null) {
                    invitedEmails.add(probe.email());
                }
            } else if (response.statusCode() == 503 && (type.startsWith("application/problem+json")
                && response.body().matches("(?s).*\"status\"\\s*:\\s*503.*")
                || probe.family().equals("health") && type.startsWith("application/json") && has(response, "\"missing\""))) {
                outcome = Outcome.UNAVAILABLE;
            } else {
                outcome = Outcome.FAILED;
            }
            String body = response.body() == null ? "" : response.body();
            result = new Result(probe.family(), start, end, response.statusCode(), type,
                outcome == Outcome.OK ? "" : body.substring(0, Math.min(200, body.length())), null, outcome);
        }
        results.add(result);
        (result.outcome() == Outcome.OK ? lastOk : lastNotOk).get(probe.family()).accumulateAndGet(end, Math::max);
    }

    private static boolean json(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
    }

    private static boolean has(HttpResponse<String> response, String text) {
        return response.body() != null && response.body().contains(text);
    }

    private static String path(String below) {
        return "/tenants/" + TENANT + below;
    }

    // ------------------------------------------------------------------------------- analysis

    private void report() throws Exception {
        List<Result> warmup = results.stream().filter(r -> r.start() < 0).toList();
        List<Result> all = new ArrayList<>(results.stream().filter(r -> r.start() >= 0).toList());
        all.sort(Comparator.comparingLong(Result::start));
        long duration = all.isEmpty() ? 1 : all.get(all.size() - 1).start() - all.get(0).start();
        System.out.printf("%nRamp-up (not counted below): %d requests, %d ok, %d not ok%n", warmup.size(),
            warmup.stream().filter(r -> r.outcome() == Outcome.OK).count(), warmup.stream().filter(r -> r.outcome() != Outcome.OK).count());

        // per swap and family: the window in which the family may be unavailable
        Map<Swap, Map<String, long[]>> windows = new LinkedHashMap<>();
        for (int i = 0; i < swaps.size(); i++) {
            Swap swap = swaps.get(i);
            long limit = i + 1 < swaps.size() ? swaps.get(i + 1).outAt() : Long.MAX_VALUE;
            Map<String, long[]> byFamily = new LinkedHashMap<>();
            for (String family : FAMILIES) {
                if (swap.affected().contains(family)) {
                    byFamily.put(family, window(all, swap, family, limit));
                }
            }
            windows.put(swap, byFamily);
        }

        Map<String, int[]> table = new LinkedHashMap<>();
        FAMILIES.forEach(f -> table.put(f, new int[6]));
        Map<String, List<Result>> unexpected = new LinkedHashMap<>();
        Map<String, Integer> kinds = new LinkedHashMap<>();
        Map<Swap, int[]> failedBySwap = new LinkedHashMap<>();
        int unswappedFailures = 0;
        for (Result r : all) {
            int[] row = table.get(r.family());
            row[0]++;
            row[r.outcome().ordinal() + 1]++;
            if (r.outcome() == Outcome.OK) {
                continue;
            }
            Swap during = null;
            for (Map.Entry<Swap, Map<String, long[]>> w : windows.entrySet()) {
                long[] window = w.getValue().get(r.family());
                if (window != null && r.end() > window[0] && r.start() < window[1]) {
                    during = w.getKey();
                }
            }
            if (during == null) {
                unswappedFailures++;
                row[r.outcome() == Outcome.FAILED ? 4 : 5]++;
            }
            String kind = r.error() != null ? r.error() : r.status() + " " + r.contentType() + " " + normalize(r.body());
            String key = r.family() + " | " + kind + " | " + (during == null ? "NOT during a swap of a bundle it needs" : "during swap "
                + during.number() + " (" + during.label() + ")");
            if (r.outcome() == Outcome.FAILED) {
                kinds.merge(kind.length() > 120 ? kind.substring(0, 120) + "…" : kind, 1, Integer::sum);
                if (during != null) {
                    int[] phases = failedBySwap.computeIfAbsent(during, k -> new int[2]);
                    phases[r.start() < during.restoredAt() || during.operation().equals("update") && r.start() < during.outAt()
                        ? 0 : 1]++;
                }
            }
            if (r.outcome() == Outcome.FAILED || during == null) {
                unexpected.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            }
        }

        System.out.printf("Requests: %d sent over %.1f s = %.0f/s (target %d/s); skipped because %d were in flight: %d%n",
            all.size(), duration / 1e9, all.size() / (duration / 1e9), rate, MAX_IN_FLIGHT, skipped.get());
        System.out.println("\nPer endpoint family (ok = expected status and body; 503 = 503 problem+json / health JSON;"
            + " failed = anything else)");
        System.out.printf("%-10s %7s %7s %6s %7s %18s %18s %15s%n", "family", "total", "ok", "503", "failed",
            "failed outside", "503 outside", "ok ms p50/p99");
        System.out.printf("%-10s %7s %7s %6s %7s %18s %18s%n", "", "", "", "", "", "its swaps", "its swaps");
        int[] sum = new int[6];
        for (Map.Entry<String, int[]> row : table.entrySet()) {
            int[] c = row.getValue();
            for (int i = 0; i < 6; i++) {
                sum[i] += c[i];
            }
            System.out.printf("%-10s %7d %7d %6d %7d %18d %18d %15s%n", row.getKey(), c[0], c[1], c[2], c[3], c[4], c[5],
                latency(all, row.getKey()));
        }
        System.out.printf("%-10s %7d %7d %6d %7d %18d %18d%n", "all", sum[0], sum[1], sum[2], sum[3], sum[4], sum[5]);

        System.out.println("\nSwaps (times since the load started). Per family the swap affects: ms from the jar's restore"
            + " to the first ok answer (requests sent after the restore); 'for good' if non-ok answers followed;"
            + " for an update, ms from the new file to the first non-ok answer and to the first ok after the last non-ok");
        for (Map.Entry<Swap, Map<String, long[]>> w : windows.entrySet()) {
            Swap swap = w.getKey();
            StringBuilder line = new StringBuilder(String.format("  %d %-30s out %6.1f s  restored %6.1f s  ", swap.number(),
                swap.label(), swap.outAt() / 1e9, swap.restoredAt() / 1e9));
            long worst = 0;
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, long[]> f : w.getValue().entrySet()) {
                long[] window = f.getValue();
                if (window[1] == Long.MAX_VALUE) {
                    parts.add(f.getKey() + " never");
                    worst = Long.MAX_VALUE;
                    continue;
                }
                long back = window[1] - swap.restoredAt();
                worst = Math.max(worst, back);
                if (swap.operation().equals("update")) {
                    parts.add(f.getKey() + (window[2] == Long.MIN_VALUE ? " no interruption seen"
                        : String.format(" non-ok from +%d ms, back +%d ms", (window[2] - swap.restoredAt()) / 1_000_000, back / 1_000_000)));
                } else {
                    String first = window[3] == Long.MAX_VALUE ? "never" : ((window[3] - swap.restoredAt()) / 1_000_000) + " ms";
                    parts.add(f.getKey() + " " + first + (window[3] == window[1] ? "" : " (for good: " + back / 1_000_000 + " ms)"));
                }
            }
            line.append(worst == Long.MAX_VALUE ? "back: NEVER" : String.format("all back after %d ms", worst / 1_000_000));
            Long started = swap.operation().equals("update") ? null : startedAfter(swap);
            if (started != null) {
                line.append(String.format("; FileInstall started the bundle +%d ms after the restore, all back %d ms after that",
                    (started - swap.restoredAt()) / 1_000_000, worst == Long.MAX_VALUE ? -1 : (worst - (started - swap.restoredAt())) / 1_000_000));
            }
            System.out.println(line);
            System.out.println("      " + String.join(", ", parts));
            int[] phases = failedBySwap.getOrDefault(swap, new int[2]);
            System.out.println("      failed (not ok, not 503) answers: " + (phases[0] + phases[1])
                + (swap.operation().equals("update") ? "" : " (" + phases[0] + " while it went out, " + phases[1] + " while it came back)"));
            if (MAILING.equals(swap.bundle())) {
                long created = all.stream().filter(r -> r.family().equals("invite") && r.outcome() == Outcome.OK
                    && r.start() >= swap.outAt() && r.end() <= swap.restoredAt()).count();
                System.out.println("      invitations created (201) while the mailing bundle was out: " + created);
            }
        }

        // every invitation created must be mailed, also those created while the mailing bundle was out
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Set<String> mailed = Outbox.of(dataDir).byRecipient().keySet();
        while (!mailed.containsAll(invitedEmails) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            mailed = Outbox.of(dataDir).byRecipient().keySet();
        }
        Set<String> unmailed = new HashSet<>(invitedEmails);
        unmailed.removeAll(mailed);
        System.out.printf("%nInvitations created: %d; mailed (.eml in outbox-mail within 30 s after the load): %d; not mailed: %d%s%n",
            invitedEmails.size(), invitedEmails.size() - unmailed.size(), unmailed.size(),
            unmailed.isEmpty() ? "" : " " + unmailed.stream().sorted().limit(10).toList());

        System.out.println("\nFailed answers by kind (all families)");
        if (kinds.isEmpty()) {
            System.out.println("  none");
        }
        kinds.entrySet().stream().sorted(Comparator.comparing((Map.Entry<String, Integer> e) -> -e.getValue()))
            .forEach(e -> System.out.printf("  %5d x  %s%n", e.getValue(), e.getKey()));

        System.out.println("\nFailed and unexpected answers (deduplicated: family | status content-type body or error | when; count,"
            + " first and last at s)");
        if (unexpected.isEmpty()) {
            System.out.println("  none");
        }
        unexpected.entrySet().stream().sorted(Comparator.comparing((Map.Entry<String, List<Result>> e) -> -e.getValue().size()))
            .forEach(e -> System.out.printf("  %5d x  %s  [%.2f .. %.2f s]%n", e.getValue().size(), e.getKey(),
                e.getValue().get(0).start() / 1e9, e.getValue().get(e.getValue().size() - 1).start() / 1e9));

        System.out.println("\nFAILED on unswapped families: " + unswappedFailures
            + "  (non-ok answers of a family while no bundle it needs was out)");
        System.out.println("Failed (non-503) answers during swaps of a bundle the family needs: "
            + (sum[3] - sum[4]));
        containerLogProblems();
    }

    /**
     * The window of a family around a swap: from the jar leaving (or being replaced) to the first
     * ok answer after the family's last non-ok answer of that swap (before the next swap);
     * {@code [start, end, first non-ok, first ok after the restore]}.
     */
    private static long[] window(List<Result> all, Swap swap, String family, long nextSwap) {
        long limit = Math.min(nextSwap, swap.restoredAt() + TimeUnit.SECONDS.toNanos(30));
        long firstNotOk = Long.MIN_VALUE;
        long lastNotOk = Long.MIN_VALUE;
        for (Result r : all) {
            if (r.family().equals(family) && r.outcome() != Outcome.OK && r.end() > swap.outAt() && r.start() < limit) {
                if (firstNotOk == Long.MIN_VALUE) {
                    firstNotOk = r.end();
                }
                lastNotOk = Math.max(lastNotOk, r.end());
            }
        }
        long after = Math.max(swap.restoredAt(), lastNotOk);
        long back = Long.MAX_VALUE;
        long firstOk = Long.MAX_VALUE;
        for (Result r : all) {
            if (r.family().equals(family) && r.outcome() == Outcome.OK) {
                if (r.end() > after && r.end() < back) {
                    back = r.end();
                }
                if (r.start() >= swap.restoredAt() && r.end() < firstOk) {
                    firstOk = r.end();
                }
            }
        }
        if (swap.operation().equals("update") && firstNotOk == Long.MIN_VALUE) {
            back = swap.restoredAt();
        }
        return new long[] {swap.outAt(), back, firstNotOk, firstOk};
    }

    /** Median and 99th percentile of the ok answers' times, ms. */
    private static String latency(List<Result> all, String family) {
        long[] times = all.stream().filter(r -> r.family().equals(family) && r.outcome() == Outcome.OK)
            .mapToLong(r -> r.end() - r.start()).sorted().toArray();
        if (times.length == 0) {
            return "-";
        }
        return String.format("%.0f / %.0f", Timed.percentile(times, 50) / 1e6, Timed.percentile(times, 99) / 1e6);
    }

    /** Ids, e-mails and numbers out of a body, so that equal failures count together. */
    private static String normalize(String body) {
        return body.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>")
            .replaceAll("inv-\\d+@", "inv-N@").replace('\n', ' ').replace('\r', ' ');
    }

    /** WARN and ERROR lines of the container's console, deduplicated (ids and numbers masked). */
    private void containerLogProblems() {
        Map<String, Integer> lines = container.logProblems();
        System.out.println("\nContainer log: " + lines.size() + " distinct WARN/ERROR/Exception lines" + (lines.isEmpty() ? "" : ":"));
        lines.entrySet().stream().limit(25).forEach(e -> System.out.printf("  %4d x %s%n", e.getValue(), e.getKey()));
    }

    /**
     * Follows the container's console (every 10 ms) for FileInstall's lines about the suite's
     * bundles, so that a swap's report can tell when the bundle was started again. The update of a
     * bundle logs nothing at FileInstall's log level, so updates have no such time.
     */
    private void watchLog() {
        try (SeekableByteChannel in = Files.newByteChannel(container.log())) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            StringBuilder pending = new StringBuilder();
            in.position(in.size());
            while (!Thread.currentThread().isInterrupted()) {
                buffer.clear();
                int read = in.read(buffer);
                if (read <= 0) {
                    Thread.sleep(10);
                    continue;
                }
                long at = now();
                pending.append(new String(buffer.array(), 0, read, StandardCharsets.ISO_8859_1));
                int newline;
                while ((newline = pending.indexOf("\n")) >= 0) {
                    String line = pending.substring(0, newline).trim();
                    pending.delete(0, newline + 1);
                    if (line.startsWith("Started bundle:") || line.startsWith("Uninstalling bundle")) {
                        bundleEvents.add(new LogEvent(at, line));
                    }
                }
            }
        } catch (IOException e) {
            System.out.println("  (cannot follow the container log: " + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** When the console said the bundle was started again after the swap's restore, or null. */
    private Long startedAfter(Swap swap) {
        return bundleEvents.stream()
            .filter(e -> e.at() >= swap.restoredAt() && e.line().startsWith("Started bundle:") && e.line().endsWith("/" + swap.bundle() + ".jar"))
            .map(LogEvent::at).min(Long::compare).orElse(null);
    }

    // ------------------------------------------------------------------------------- plumbing

    private long now() {
        return System.nanoTime() - t0;
    }

    private void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
