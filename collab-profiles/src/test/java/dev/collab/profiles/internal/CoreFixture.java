package dev.collab.profiles.internal;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One {@link Core} on a real embedded Derby for a whole test class, in a folder of its own that
 * JUnit removes afterwards; each test makes a fresh tenant in it. A superclass rather than an
 * extension so that the tests keep reaching the services as {@code core.grants} and so on. The
 * fields are static, hence shared by every subclass: this holds because the module runs its test
 * classes one after the other (no JUnit parallel execution configured).
 */
abstract class CoreFixture {
    @TempDir
    static Path dataDir;
    static Core core;

    @BeforeAll
    static void openCore() {
        core = Core.open(dataDir);
    }

    @AfterAll
    static void closeCore() {
        if (core != null) {
            core.close();
            core = null;
        }
    }
}
