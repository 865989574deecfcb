package dev.collab.boot.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Places the suite's bundles in the deploy folder. The folder belongs to the operator: once a
 * build of the container has placed its jars, they are left alone (an operator may replace or
 * remove one live). Only a different build of the container refreshes them, once, at its first
 * start; the stamp file records which build placed the current jars.
 */
final class SuiteDeployer {
    static final String STAMP = ".collab-suite";

    /** @return whether the jars were (re)placed */
    static boolean deploy(Map<String, byte[]> jars, Path deployDir) throws IOException {
        Files.createDirectories(deployDir);
        Map<String, byte[]> sorted = new TreeMap<>(jars);
        String build = fingerprint(sorted);
        Path stamp = deployDir.resolve(STAMP);
        List<String> previous = new ArrayList<>();
        if (Files.exists(stamp)) {
            List<String> lines = Files.readAllLines(stamp, StandardCharsets.UTF_8);
            if (!lines.isEmpty() && lines.get(0).equals(build)) {
                return false;
            }
            previous.addAll(lines.subList(Math.min(1, lines.size()), lines.size()));
        }
        for (Map.Entry<String, byte[]> jar : sorted.entrySet()) {
            Path target = deployDir.resolve(jar.getKey());
            // Written beside and moved into place, so that FileInstall never sees half a jar.
            Path temp = deployDir.resolve("." + jar.getKey() + ".tmp");
            Files.write(temp, jar.getValue());
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        for (String old : previous) {
            if (!old.isBlank() && !sorted.containsKey(old) && !old.contains("/") && old.endsWith(".jar")) {
                Files.deleteIfExists(deployDir.resolve(old));
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(build);
        lines.addAll(sorted.keySet());
        Files.write(stamp, lines, StandardCharsets.UTF_8);
        return true;
    }

    static Map<String, byte[]> read(List<URL> entries) throws IOException {
        Map<String, byte[]> jars = new TreeMap<>();
        for (URL entry : entries) {
            String path = entry.getPath();
            String name = path.substring(path.lastIndexOf('/') + 1);
            try (InputStream in = entry.openStream()) {
                jars.put(name, in.readAllBytes());
            }
        }
        return jars;
    }

    private static String fingerprint(Map<String, byte[]> sorted) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sorted.forEach((name, bytes) -> {
                sha.update(name.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(bytes);
            });
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private SuiteDeployer() {
    }
}
