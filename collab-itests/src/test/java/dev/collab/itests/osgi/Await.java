package dev.collab.itests.osgi;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Waiting for the container to settle. The suite's bundles arrive through FileInstall a moment
 * after the framework has started, so a test first waits for them (by name: this class must not
 * touch the suite's API types before the API bundle is there).
 */
public final class Await {
    public static final List<String> SUITE = List.of("dev.collab.collab-api", "dev.collab.collab-profiles",
        "dev.collab.collab-invitations", "dev.collab.collab-rest", "dev.collab.collab-host", "dev.collab.collab-web");
    /** How long an injected service may take to appear: a container's start on a busy machine, not Pax Exam's 10 s. */
    public static final long SERVICE_TIMEOUT_MILLIS = 120_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Await() {
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("Gave up waiting " + timeout.toSeconds() + " s for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + what);
            }
        }
    }

    public static Bundle bundle(BundleContext context, String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName()))
            .findFirst().orElse(null);
    }

    public static void suiteActive(BundleContext context) {
        until("the suite's bundles to be active", Duration.ofSeconds(60), () -> SUITE.stream()
            .map(name -> bundle(context, name)).allMatch(b -> b != null && b.getState() == Bundle.ACTIVE));
    }

    /** Waits until GET /health answers {@code status}. */
    public static void health(int status) {
        until("health to answer " + status, Duration.ofSeconds(60), () -> {
            try {
                return get("/health").statusCode() == status;
            } catch (Exception e) {
                return false;
            }
        });
    }

    public static String baseUrl() {
        return System.getProperty("collab.test.baseUrl");
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }
}
