package dev.collab.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compiler policy against this test's own JVM: the directive is added, in force, and removed again. */
class CompilerPolicyTest {
    private static final MBeanServer PLATFORM = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    Path dir;

    private static String directives() throws Exception {
        return String.valueOf(PLATFORM.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
            new Object[] {new String[0]}, new String[] {String[].class.getName()}));
    }

    /** The lines of the directive this policy adds, as the JVM prints its stack. */
    private static long ours(String printed) {
        return printed.lines().filter(l -> l.contains("matching:") && l.contains("org/*.*") && l.contains("com/fasterxml/*.*")).count();
    }

    @Test
    void theJvmTakesTheDirectiveAndGivesItBackAtTheStop() throws Exception {
        long before = ours(directives());
        File file = dir.resolve(CompilerPolicy.DIRECTIVES).toFile();
        CompilerPolicy policy = new CompilerPolicy(true, file, PLATFORM);
        try {
            assertTrue(policy.added(), "the JVM parsed the bundled directive and added it");
            String printed = directives();
            assertEquals(before + 1, ours(printed), printed);
            // C2 excluded, C1 not: the frameworks' methods are still compiled, by C1
            String c2 = printed.substring(printed.indexOf("c2 directives:"));
            assertTrue(c2.contains("Exclude:true"), printed);
            assertTrue(Files.readString(file.toPath()).contains("\"org/*.*\""), "the file the JVM read is the bundled one");
        } finally {
            policy.remove();
        }
        assertEquals(before, ours(directives()), "removed at the stop");
        assertFalse(policy.added());
        // a second stop must not take away a directive added since
        CompilerPolicy next = new CompilerPolicy(true, file, PLATFORM);
        try {
            policy.remove();
            assertEquals(before + 1, ours(directives()), "removed once");
        } finally {
            next.remove();
        }
        assertEquals(before, ours(directives()));
    }

    @Test
    void switchedOffItAddsNothing() throws Exception {
        long before = ours(directives());
        CompilerPolicy policy = new CompilerPolicy(false, dir.resolve("unused.json").toFile(), PLATFORM);
        assertFalse(policy.added());
        assertFalse(Files.exists(dir.resolve("unused.json")));
        assertEquals(before, ours(directives()));
        policy.remove();
        assertEquals(before, ours(directives()), "a stop removes nothing it did not add");
    }

    @Test
    void aJvmWithoutDiagnosticCommandsRunsAsWithoutThePolicy() {
        // an MBean server without HotSpot's DiagnosticCommand MBean, as on another JVM
        MBeanServer bare = MBeanServerFactory.newMBeanServer();
        CompilerPolicy policy = new CompilerPolicy(true, dir.resolve("d.json").toFile(), bare);
        assertFalse(policy.added());
        policy.remove();
    }

    @Test
    void withoutADataFileItWritesATemporaryOne() throws Exception {
        long before = ours(directives());
        CompilerPolicy policy = new CompilerPolicy(true, null, PLATFORM);
        try {
            assertTrue(policy.added());
            assertEquals(before + 1, ours(directives()));
        } finally {
            policy.remove();
        }
        assertEquals(before, ours(directives()));
    }
}
