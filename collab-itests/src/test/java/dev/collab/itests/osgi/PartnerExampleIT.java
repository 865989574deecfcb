package dev.collab.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.service.cm.ConfigurationAdmin;

import dev.collab.itests.Http;

/**
 * The partner example dropped into the deploy folder extends the running container — a right,
 * the German invitation mail, an event recorder — and taking it out brings the defaults back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PartnerExampleIT extends CollabIT {
    private static final String PASSWORD = "partner example admin";

    // Pax Exam waits 10 s by default: too short for a container starting on a busy 2-core machine
    @Inject
    @Filter(timeout = Await.SERVICE_TIMEOUT_MILLIS)
    ConfigurationAdmin configAdmin;

    private static List<Path> mails() throws IOException {
        Path outbox = PartnerExample.data().resolve("outbox-mail");
        if (!Files.isDirectory(outbox)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(outbox)) {
            return files.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
        }
    }

    private static String newestMailTo(String email, int before) throws Exception {
        Await.until("a mail to " + email, Duration.ofSeconds(30), () -> {
            try {
                return mails().size() > before;
            } catch (IOException e) {
                return false;
            }
        });
        for (Path mail : mails()) {
            String text = Files.readString(mail, StandardCharsets.UTF_8);
            if (text.contains("To: " + email)) {
                return text;
            }
        }
        throw new AssertionError("No mail to " + email + " among " + mails());
    }

    @Test
    public void thePartnerBundleExtendsTheContainerAndLeavesCleanly() throws Exception {
        Path events = PartnerExample.data().resolve("partner-events.log");
        Dictionary<String, Object> recorder = new Hashtable<>();
        recorder.put("eventsFile", events.toString());
        configAdmin.getConfiguration("dev.collab.partner.example", "?").update(recorder);

        Http support = Http.support();
        assertEquals(201, support.put("/tenants/partnerex", "{\"name\":\"Partner Makler\",\"language\":\"de\"}").status());
        assertEquals(200, support.put("/tenants/partnerex/features/delegatedAccess", "{\"enabled\":true}").status());
        assertEquals(201, support.post("/tenants/partnerex/admins", "{\"email\":\"a@partner.example\",\"password\":\"" + PASSWORD + "\"}").status());
        Http admin = Http.as("a@partner.example", PASSWORD);
        assertEquals(201, admin.put("/tenants/partnerex/customers/K1", "{\"name\":\"Kunde 1\"}").status());
        assertEquals(201, admin.post("/tenants/partnerex/profiles", "{\"name\":\"GF\",\"rights\":[\"contracts.view\"]}").status());

        Path deployed = PartnerExample.deploy(context);

        Await.until("the partner's right in the catalog", Duration.ofSeconds(10),
            () -> admin.get("/tenants/partnerex/rights").raw().body().contains("invoices.view"));
        assertEquals(201, admin.post("/tenants/partnerex/profiles", "{\"name\":\"Buchhaltung\",\"rights\":[\"invoices.view\"]}").status());

        int before = mails().size();
        assertEquals(201, admin.post("/tenants/partnerex/grants", "{\"name\":\"Firma Eins\",\"profile\":\"GF\","
            + "\"customers\":[\"K1\"],\"separateDelegateGrants\":true,\"email\":\"gf1@partner.example\"}").status());
        String mail = newestMailTo("gf1@partner.example", before);
        assertTrue(mail, mail.contains("(Partnervorlage)"));
        assertTrue(mail, mail.matches("(?s).*/collab/register\\?token=[A-Za-z0-9_-]{43,}.*"));

        Await.until("the partner recorded the invitation", Duration.ofSeconds(10), () -> {
            try {
                return Files.exists(events) && Files.readString(events).contains("\tINVITED\tpartnerex\t");
            } catch (IOException e) {
                return false;
            }
        });

        PartnerExample.remove(context, deployed);
        Await.until("the catalog without the partner's right", Duration.ofSeconds(10),
            () -> !admin.get("/tenants/partnerex/rights").raw().body().contains("invoices.view"));
        before = mails().size();
        assertEquals(201, admin.post("/tenants/partnerex/grants", "{\"name\":\"Firma Zwei\",\"profile\":\"GF\","
            + "\"customers\":[\"K1\"],\"separateDelegateGrants\":true,\"email\":\"gf2@partner.example\"}").status());
        String plain = newestMailTo("gf2@partner.example", before);
        assertFalse("the default template is back", plain.contains("(Partnervorlage)"));
        assertTrue(plain, plain.contains("Partner Makler"));
    }
}
