package dev.collab.itests.osgi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import dev.collab.itests.Http;

/**
 * The partner example's jar (module collab-partner-example, passed by failsafe) put into the
 * running container's deploy folder and taken out again, as an operator does; FileInstall
 * installs, starts and uninstalls it. Works with the bundle's name, files and HTTP only.
 * <p>
 * The example adds a resource to the suite's JAX-RS application, and the whiteboard republishes
 * the whole application when a resource joins or leaves it (503 meanwhile), so both wait until
 * the republished application serves: an anonymous request on the partner's path is refused by
 * the suite's authentication filter (401) once the resource is in, and is unknown (404) once it
 * is out. Every answer on the way must be JSON, never an error page.
 */
final class PartnerExample {
    static final String BUNDLE = "dev.collab.collab-partner-example";
    private static final String ENDPOINT = "/tenants/partner-probe/invoices/none";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private PartnerExample() {
    }

    static Path data() {
        return Path.of(System.getProperty("collab.data.dir"));
    }

    /** Copies the jar into the deploy folder and waits until its bundle is active and its endpoint served; returns the copy. */
    static Path deploy(BundleContext context) throws IOException {
        Path jar = Path.of(System.getProperty("collab.partner.jar"));
        Path deployed = data().resolve("deploy").resolve("collab-partner-example.jar");
        Files.copy(jar, deployed, StandardCopyOption.REPLACE_EXISTING);
        Await.until("the partner bundle to be active", WAIT, () -> {
            Bundle b = Await.bundle(context, BUNDLE);
            return b != null && b.getState() == Bundle.ACTIVE;
        });
        awaitEndpoint(401);
        return deployed;
    }

    /** Deletes the copy and waits until FileInstall has uninstalled the bundle and its endpoint is gone. */
    static void remove(BundleContext context, Path deployed) throws IOException {
        Files.delete(deployed);
        Await.until("the partner bundle to be gone", WAIT, () -> Await.bundle(context, BUNDLE) == null);
        awaitEndpoint(404);
    }

    private static void awaitEndpoint(int status) {
        Http anonymous = Http.anonymous();
        List<String> notJson = new ArrayList<>();
        Http.Response[] last = new Http.Response[1];
        Await.until("GET " + ENDPOINT + " to answer " + status, WAIT, () -> {
            last[0] = anonymous.get(ENDPOINT);
            String type = last[0].contentType();
            if (!type.startsWith("application/json") && !type.startsWith("application/problem+json")) {
                notJson.add(last[0].toString());
            }
            return last[0].status() == status;
        });
        if (!notJson.isEmpty()) {
            throw new AssertionError("Answers on the way that were not JSON: " + notJson);
        }
        last[0].problem(status);
    }
}
