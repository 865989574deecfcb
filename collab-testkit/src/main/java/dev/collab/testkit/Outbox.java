package dev.collab.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The .eml files the mailing bundle writes to {@code <data>/outbox-mail} when no SMTP server is
 * configured, read by their To address; the registration token comes from the link in the mail.
 * Plain files only, so that a Pax Exam probe can read them before the suite's API is there.
 */
public final class Outbox {
    public static final Pattern LINK = Pattern.compile("/collab/register\\?token=([A-Za-z0-9_-]{43,})");
    private static final Pattern TO = Pattern.compile("^To:\\s*(.+?)\\s*$", Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);

    private final Path folder;

    public Outbox(Path folder) {
        this.folder = folder;
    }

    /** The outbox of the container with this data folder. */
    public static Outbox of(Path dataDir) {
        return new Outbox(dataDir.resolve("outbox-mail"));
    }

    /**
     * The complete mails by lower-cased recipient, each recipient's in the order of their file
     * names. The transport writes a hidden temporary file first and renames it, so hidden files
     * are skipped; a file moved away meanwhile is too.
     */
    public Map<String, List<String>> byRecipient() {
        Map<String, List<String>> result = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return result;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".eml")
                && !f.getFileName().toString().startsWith(".")).sorted().toList()) {
                String text;
                try {
                    text = Files.readString(file, StandardCharsets.ISO_8859_1);
                } catch (NoSuchFileException e) {
                    continue;
                }
                Matcher to = TO.matcher(text);
                String recipient = to.find() ? to.group(1).replaceAll(".*<(.+)>.*", "$1").toLowerCase(Locale.ROOT) : "(no To)";
                result.computeIfAbsent(recipient, r -> new ArrayList<>()).add(text);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int count(String email) {
        return byRecipient().getOrDefault(email.toLowerCase(Locale.ROOT), List.of()).size();
    }

    /** The token of the latest mail to {@code email}, or null while there is none. */
    public String token(String email) {
        List<String> mails = byRecipient().getOrDefault(email.toLowerCase(Locale.ROOT), List.of());
        if (mails.isEmpty()) {
            return null;
        }
        Matcher link = LINK.matcher(mails.get(mails.size() - 1));
        return link.find() ? link.group(1) : null;
    }

    /** The token of the latest mail to {@code email}, waiting for it up to {@code seconds}. */
    public String awaitToken(String email, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        for (String token = token(email);; token = token(email)) {
            if (token != null) {
                return token;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no invitation mail for " + email + " in " + folder + " after " + seconds + " s");
            }
            Thread.sleep(100);
        }
    }
}
