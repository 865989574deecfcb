package dev.collab.boot.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteDeployerTest {
    @TempDir
    Path deploy;

    @Test
    void firstStartPlacesEveryJar() throws Exception {
        assertTrue(SuiteDeployer.deploy(Map.of("a.jar", new byte[] {1}, "b.jar", new byte[] {2}), deploy));
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(deploy.resolve("a.jar")));
        assertArrayEquals(new byte[] {2}, Files.readAllBytes(deploy.resolve("b.jar")));
    }

    @Test
    void theSameBuildLeavesTheOperatorsChangesAlone() throws Exception {
        Map<String, byte[]> build = Map.of("a.jar", new byte[] {1}, "b.jar", new byte[] {2});
        SuiteDeployer.deploy(build, deploy);
        Files.write(deploy.resolve("a.jar"), new byte[] {9});
        Files.delete(deploy.resolve("b.jar"));
        assertFalse(SuiteDeployer.deploy(build, deploy));
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(deploy.resolve("a.jar")));
        assertFalse(Files.exists(deploy.resolve("b.jar")));
    }

    @Test
    void aNewBuildRefreshesItsJarsAndRemovesDroppedOnes() throws Exception {
        SuiteDeployer.deploy(Map.of("a.jar", new byte[] {1}, "old.jar", new byte[] {2}), deploy);
        Files.write(deploy.resolve("partner.jar"), new byte[] {7});
        assertTrue(SuiteDeployer.deploy(Map.of("a.jar", new byte[] {3}), deploy));
        assertArrayEquals(new byte[] {3}, Files.readAllBytes(deploy.resolve("a.jar")));
        assertFalse(Files.exists(deploy.resolve("old.jar")));
        assertTrue(Files.exists(deploy.resolve("partner.jar")), "jars the suite never placed stay");
    }
}
