package dev.collab.boot.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Keeps the JIT's optimizing compiler (C2) for the JDK and the suite's own code and leaves the
 * frameworks' code (Jetty, CXF, Jackson, EclipseLink, Derby, Felix) to the quick one (C1). On
 * two cores, C2 took 43 % of the container's CPU while the first 2,000 invites ran, compiling
 * the frameworks' large methods (up to 0.9 s each), and under that load their C1 code served as
 * fast once warm: the same load ran 1.1–1.3 times as many invites a second over a whole run
 * with this policy (docs/PERFORMANCE.md, "The JIT's compilers"). The JDK keeps C2 for its intrinsics (the
 * password hash's SHA-256 is nine times slower without) and the suite for its decision index.
 *
 * <p>The policy is a HotSpot compiler directive ({@code compiler-directives.json}), added through
 * the platform's {@code DiagnosticCommand} MBean when this component activates and removed when
 * it deactivates, so any launch of the jar has it without a JVM flag. It applies to the
 * compilations from then on. Only the standalone container has it: a host's JVM is the host's
 * to tune (collab-hosted leaves this component out). Another JVM than HotSpot, or one that
 * refuses the directive, runs as without it (one log line says so).
 */
@Component(immediate = true, configurationPid = CompilerPolicy.PID)
@Designate(ocd = CompilerPolicyConfiguration.class)
public final class CompilerPolicy {
    static final String PID = "dev.collab.boot.compiler";
    static final String DIRECTIVES = "compiler-directives.json";
    private static final String ADDED = " compiler directives added";

    private final Logger log = Logger.getLogger("dev.collab.boot");
    private final MBeanServer server;
    /** Whether the directive this instance added is in force; a stop removes it once. */
    private volatile boolean added;

    @Activate
    public CompilerPolicy(BundleContext context, CompilerPolicyConfiguration config) {
        this(config.enabled(), context.getDataFile(DIRECTIVES), ManagementFactory.getPlatformMBeanServer());
    }

    /**
     * @param file where the directive is written for the JVM to read, {@code null} for a temporary file
     */
    CompilerPolicy(boolean enabled, File file, MBeanServer server) {
        this.server = server;
        this.added = enabled && add(file);
    }

    /** Whether the directive this instance added is in force (not yet removed). */
    boolean added() {
        return added;
    }

    private boolean add(File file) {
        try {
            Path path = file == null ? Files.createTempFile("collab-", "-" + DIRECTIVES) : file.toPath();
            String answer;
            try {
                try (InputStream in = CompilerPolicy.class.getResourceAsStream(DIRECTIVES)) {
                    Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
                }
                answer = String.valueOf(diagnostics("compilerDirectivesAdd", path.toString())).trim();
            } finally {
                if (file == null) {
                    // the JVM parsed it while adding
                    Files.deleteIfExists(path);
                }
            }
            // "1 compiler directives added"; a parse error or a refusal answers with its reason instead
            if (answer.endsWith(ADDED) && !answer.startsWith("0")) {
                log.fine("C2 leaves the frameworks' code to C1 (" + DIRECTIVES + ")");
                return true;
            }
            log.warning("The JIT refused the compiler policy; every method may be compiled by C2: " + answer);
        } catch (InstanceNotFoundException e) {
            log.info("This JVM takes no compiler directives; every method may be compiled by C2");
        } catch (IOException | JMException | RuntimeException e) {
            log.log(Level.WARNING, "Cannot set the compiler policy; every method may be compiled by C2", e);
        }
        return false;
    }

    @Deactivate
    void remove() {
        if (added) {
            added = false;
            try {
                // the directive on top of the JVM's stack: the one added above, nobody else in this container adds one
                diagnostics("compilerDirectivesRemove");
            } catch (JMException | RuntimeException e) {
                log.log(Level.WARNING, "Cannot remove the compiler policy", e);
            }
        }
    }

    private Object diagnostics(String operation, String... arguments) throws JMException {
        return server.invoke(diagnosticCommand(), operation, new Object[] {arguments}, new String[] {String[].class.getName()});
    }

    private static ObjectName diagnosticCommand() throws MalformedObjectNameException {
        return new ObjectName("com.sun.management:type=DiagnosticCommand");
    }
}
