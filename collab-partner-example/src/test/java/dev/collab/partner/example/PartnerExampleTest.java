package dev.collab.partner.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;

import dev.collab.api.events.DelegationEvent;
import dev.collab.api.mail.InvitationMailModel;
import dev.collab.api.mail.RenderedMail;

class PartnerExampleTest {
    @TempDir
    Path dir;

    @Test
    void theGermanTemplateCarriesTheLinkAndExpiry() {
        RenderedMail mail = new GermanInvitationTemplate().render(new InvitationMailModel("de", "Acme", "mia@firma.de",
            "gf@firma.de", "MA", "https://p.example/collab/register?token=abc", Instant.parse("2026-12-12T10:00:00Z")));
        assertTrue(mail.text().contains("https://p.example/collab/register?token=abc"));
        assertTrue(mail.text().contains("12.12.2026"));
        assertTrue(mail.text().contains("(Partnervorlage)"));
        assertTrue(mail.subject().contains("Acme"));
    }

    @Test
    void eventsAreAppendedOneLineEach() throws Exception {
        Path file = dir.resolve("events.log");
        EventRecorder recorder = new EventRecorder(Converters.standardConverter()
            .convert(Map.of("eventsFile", file.toString())).to(EventRecorderConfiguration.class));
        recorder.delegationEvent(new DelegationEvent("INVITED", "acme", "user:gf@firma.de", "mia@firma.de", "G/mia", "profile MA", Instant.now()));
        recorder.delegationEvent(new DelegationEvent("REMOVED", "acme", "user:gf@firma.de", "mia@firma.de", "G/mia", "", Instant.now()));
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).contains("\tINVITED\tacme\t"));
    }

    @Test
    void theRightIsContributed() {
        assertEquals("invoices.view", new InvoiceRights().rights().iterator().next().id());
    }
}
