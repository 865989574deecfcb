package dev.collab.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * The mailing bundle in the container: without SMTP settings the .eml file transport writes each
 * invitation mail to {@code <data>/outbox-mail}; registration works with the link read from the
 * file; a stopped mailing bundle leaves new invitations in the outbox, and starting it mails them.
 * Works with bundle names and HTTP only, so no suite API type is loaded by this class.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MailingIT extends CollabIT {
    private static final String MAILING = "dev.collab.collab-invitations";
    private static final String ADMIN = "admin@mailing.example";
    private static final String ADMIN_PASSWORD = "mailing admin password";
    private static final Pattern LINK = Pattern.compile("/collab/register\\?token=([A-Za-z0-9_-]{43,})");
    private static final Pattern TO = Pattern.compile("^To:\\s*(.+?)\\s*$", Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);

    @Test
    public void invitationMailsAreWrittenAndAStoppedMailingBundleCatchesUp() throws Exception {
        Path outbox = Path.of(System.getProperty("collab.data.dir"), "outbox-mail");
        Http support = Http.support();
        assertEquals(201, support.put("/tenants/mailing", "{\"name\":\"Mailing Makler\"}").status());
        assertEquals(200, support.put("/tenants/mailing/features/delegatedAccess", "{\"enabled\":true}").status());
        assertEquals(201, support.post("/tenants/mailing/admins",
            "{\"email\":\"" + ADMIN + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}").status());
        Http admin = Http.as(ADMIN, ADMIN_PASSWORD);
        assertEquals(201, admin.put("/tenants/mailing/customers/A", "{\"name\":\"Kunde A\"}").status());
        assertEquals(201, admin.post("/tenants/mailing/profiles",
            "{\"name\":\"MA\",\"rights\":[\"contracts.view\"],\"delegableProfiles\":[]}").status());

        // An admin grant invites; the mail appears as a file, and its link registers.
        grant(admin, "First", "first@mailing.example");
        Await.until("the .eml of first@mailing.example", Duration.ofSeconds(30),
            () -> mailsByRecipient(outbox).containsKey("first@mailing.example"));
        String mail = mailsByRecipient(outbox).get("first@mailing.example").get(0);
        Matcher link = LINK.matcher(mail);
        assertTrue("no registration link in:\n" + mail, link.find());
        String token = link.group(1);
        Http.Response info = Http.anonymous().get("/invitations/" + token);
        assertEquals(info.toString(), 200, info.status());
        assertEquals("first@mailing.example", info.json().get("email").asText());
        Http.Response accepted = Http.anonymous().post("/invitations/" + token + "/accept", "{\"password\":\"first password 123\"}");
        assertEquals(accepted.toString(), 200, accepted.status());
        assertEquals(200, Http.as("first@mailing.example", "first password 123").get("/tenants/mailing/me").status());

        // The mailing bundle stops; invitations are still created, and wait in the outbox.
        Bundle mailing = Await.bundle(context, MAILING);
        assertNotNull(MAILING + " is not installed", mailing);
        mailing.stop();
        try {
            List<String> invited = List.of("late1@mailing.example", "late2@mailing.example", "late3@mailing.example");
            for (int i = 0; i < invited.size(); i++) {
                grant(admin, "Late " + i, invited.get(i));
            }
            Thread.sleep(2000);
            Map<String, List<String>> meanwhile = mailsByRecipient(outbox);
            for (String email : invited) {
                assertTrue("a mail to " + email + " was written while the mailing bundle was stopped", !meanwhile.containsKey(email));
            }

            mailing.start();
            Await.until("the .eml files of the three invitations made while mailing was stopped", Duration.ofSeconds(30),
                () -> mailsByRecipient(outbox).keySet().containsAll(invited));
            Map<String, List<String>> after = mailsByRecipient(outbox);
            for (String email : invited) {
                assertEquals("mails to " + email, 1, after.get(email).size());
                assertTrue(LINK.matcher(after.get(email).get(0)).find());
            }
            assertEquals(1, after.get("first@mailing.example").size());
        } finally {
            if (mailing.getState() != Bundle.ACTIVE) {
                mailing.start();
            }
        }
    }

    private static void grant(Http admin, String name, String email) {
        Http.Response grant = admin.post("/tenants/mailing/grants", "{\"name\":\"" + name + "\",\"profile\":\"MA\","
            + "\"customers\":[\"A\"],\"separateDelegateGrants\":false,\"email\":\"" + email + "\"}");
        assertEquals(grant.toString(), 201, grant.status());
    }

    /** The written mails (complete .eml files, not the hidden temporary ones) by their To address. */
    private static Map<String, List<String>> mailsByRecipient(Path outbox) {
        Map<String, List<String>> result = new TreeMap<>();
        if (!Files.isDirectory(outbox)) {
            return result;
        }
        try (Stream<Path> files = Files.list(outbox)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".eml") && !f.getFileName().toString().startsWith("."))
                .sorted().toList()) {
                String text;
                try {
                    text = Files.readString(file, StandardCharsets.ISO_8859_1);
                } catch (java.nio.file.NoSuchFileException e) {
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
}
