package dev.collab.itests.osgi;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;

import org.ops4j.pax.exam.Option;

import dev.collab.itests.e2e.TestDatabases;

/**
 * Pax Exam options that boot the same container {@code java -jar collab-app.jar} boots: every
 * bundle the exported jar carries, at the start level its launcher gives it, with the launcher
 * contract passed as framework properties. The suite's own bundles are not in that list: as in
 * production, collab-boot places them in the deploy folder and FileInstall installs them.
 */
public final class CollabContainer {
    public static final String SUPPORT_PASSWORD = "support-password-for-tests";
    private static final Pattern START_LEVEL = Pattern.compile("startlevel\\s*=\\s*(\\d+)");

    private CollabContainer() {
    }

    /** A container on a free port with a fresh data folder under target/. */
    public static Option[] options() {
        try {
            Path data = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "osgi-");
            return options(data, freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The data folder of the container this JVM's test boots. */
    public static Path dataDir() {
        return Path.of(System.getProperty("collab.data.dir"));
    }

    public static Option[] options(Path dataDir, int port) {
        List<Option> options = new ArrayList<>();
        options.add(systemProperty("collab.http.port").value(Integer.toString(port)));
        options.add(systemProperty("collab.data.dir").value(dataDir.toString()));
        options.add(systemProperty("collab.support.password").value(SUPPORT_PASSWORD));
        options.add(systemProperty("collab.test.baseUrl").value("http://localhost:" + port + "/collab/api/v1"));
        options.add(systemProperty("org.apache.felix.http.enable").value("false"));
        options.add(systemProperty("org.apache.cxf.osgi.http.transport.disable").value("true"));
        if (TestDatabases.onPostgres()) {
            // The second run of the contract tests (failsafe execution "postgresql"): the launcher
            // contract's COLLAB_DB_URL as its framework property, a new database per container.
            options.add(systemProperty("collab.db.url").value(TestDatabases.newPostgresDatabase(dataDir.getFileName().toString())));
            options.add(systemProperty("collab.db.user").value(TestDatabases.USER));
        }
        options.add(exportedBundles(dataDir.resolve("bundles")));
        options.add(testKit());
        options.add(junitBundles());
        return options.toArray(Option[]::new);
    }

    /**
     * The test kit as a bundle of its own, as Pax Exam adds JUnit: the probe holds only this
     * module's test classes, and its {@code Http} and the mail tests build on the kit. It imports
     * nothing but the JDK, so the container's wiring stays that of the exported jar.
     */
    static Option testKit() {
        String jarPath = System.getProperty("collab.testkit.jar");
        if (jarPath == null) {
            throw new IllegalStateException("System property collab.testkit.jar is not set (failsafe sets it)");
        }
        return bundle(Path.of(jarPath).toUri().toString());
    }

    /** The bundles inside collab-app.jar, unpacked once per container, at their launcher start levels. */
    static Option exportedBundles(Path into) {
        String jarPath = System.getProperty("collab.app.jar");
        if (jarPath == null) {
            throw new IllegalStateException("System property collab.app.jar is not set (failsafe sets it)");
        }
        try (JarFile jar = new JarFile(jarPath)) {
            Properties launcher = new Properties();
            try (InputStream in = jar.getInputStream(jar.getEntry("launcher.properties"))) {
                launcher.load(in);
            }
            String[] bundles = launcher.getProperty("launch.bundles").split(",");
            String[] attrs = launcher.getProperty("launch.runbundles.attrs").split(",(?=[A-Za-z])");
            if (bundles.length != attrs.length) {
                throw new IllegalStateException("launcher.properties lists " + bundles.length + " bundles but "
                    + attrs.length + " attribute sets");
            }
            Files.createDirectories(into);
            List<Option> options = new ArrayList<>();
            for (int i = 0; i < bundles.length; i++) {
                ZipEntry entry = jar.getEntry(bundles[i].trim());
                Path file = into.resolve(Path.of(entry.getName()).getFileName().toString());
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, file);
                }
                Matcher level = START_LEVEL.matcher(attrs[i]);
                int startLevel = level.find() ? Integer.parseInt(level.group(1)) : 2;
                options.add(bundle(file.toUri().toString()).startLevel(startLevel));
            }
            return composite(options.toArray(Option[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
