package dev.collab.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.collab.api.FieldError;
import dev.collab.api.ValidationException;
import dev.collab.api.mailbox.Message;

class MailboxImplTest {
    private static final Instant T0 = Instant.parse("2024-10-27T00:30:00.123456Z");

    @TempDir
    Path dataDir;
    private HostStore store;
    private MutableClock clock;
    private MailboxImpl mailbox;

    @BeforeEach
    void open() {
        store = TestStore.open(dataDir);
        clock = new MutableClock(T0);
        mailbox = new MailboxImpl(store, clock);
    }

    @AfterEach
    void close() {
        TestStore.close(store);
    }

    @Test
    void deliverStoresTheMessageWithAUuidAndTheTimeOfSending() {
        Message sent = mailbox.deliver("acme", " anna@acme.example ", "bert@acme.example", "Hello", "Dear Bert,\n\nhi.\n");
        UUID.fromString(sent.id());
        assertEquals(new Message(sent.id(), "anna@acme.example", "bert@acme.example", "Hello", "Dear Bert,\n\nhi.\n", T0), sent);
        assertEquals(List.of(sent), mailbox.messages("acme", "bert@acme.example"));
        assertEquals(List.of(sent), mailbox.messages("acme", "anna@acme.example"));
    }

    @Test
    void theSystemClockIsUsedByTheComponentConstructor() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Message sent = new MailboxImpl(store).deliver("acme", "a@x.example", "b@x.example", "s", "b");
        assertTrue(!sent.sentAt().isBefore(before) && !sent.sentAt().isAfter(Instant.now()), sent::toString);
        assertEquals(sent.sentAt(), mailbox.messages("acme", "a@x.example").get(0).sentAt());
    }

    @Test
    void theMailboxHoldsSentAndReceivedMessagesNewestFirst() {
        Message m1 = mailbox.deliver("acme", "anna@acme.example", "bert@acme.example", "1", "first");
        clock.advance(60);
        Message m2 = mailbox.deliver("acme", "bert@acme.example", "anna@acme.example", "2", "reply");
        clock.advance(60);
        Message other = mailbox.deliver("acme", "carl@acme.example", "dora@acme.example", "x", "not Anna's");
        clock.advance(60);
        Message m3 = mailbox.deliver("acme", "carl@acme.example", "anna@acme.example", "3", "third");
        assertEquals(List.of(m3, m2, m1), mailbox.messages("acme", "anna@acme.example"));
        assertEquals(List.of(m2, m1), mailbox.messages("acme", "bert@acme.example"));
        assertEquals(List.of(m3, other), mailbox.messages("acme", "carl@acme.example"));
        assertEquals(List.of(), mailbox.messages("acme", "nobody@acme.example"));
    }

    @Test
    void messagesSentInTheSameInstantStillComeNewestFirst() {
        Message m1 = mailbox.deliver("acme", "a@x.example", "b@x.example", "1", "");
        Message m2 = mailbox.deliver("acme", "a@x.example", "b@x.example", "2", "");
        Message m3 = mailbox.deliver("acme", "b@x.example", "a@x.example", "3", "");
        assertTrue(m1.sentAt().isBefore(m2.sentAt()) && m2.sentAt().isBefore(m3.sentAt()));
        assertEquals(List.of(m3, m2, m1), mailbox.messages("acme", "a@x.example"));
    }

    @Test
    void theUserIsFoundCaseInsensitivelyAndTheAddressesAreKeptAsGiven() {
        Message sent = mailbox.deliver("acme", "Anna.Alt@ACME.example", "BERT@acme.EXAMPLE", "Hi", "body");
        assertEquals("Anna.Alt@ACME.example", sent.from());
        assertEquals("BERT@acme.EXAMPLE", sent.to());
        assertEquals(List.of(sent), mailbox.messages("acme", "anna.alt@acme.example"));
        assertEquals(List.of(sent), mailbox.messages("acme", " ANNA.ALT@ACME.EXAMPLE "));
        assertEquals(List.of(sent), mailbox.messages("acme", "bert@Acme.Example"));
    }

    @Test
    void aMessageToOneselfIsListedOnce() {
        Message sent = mailbox.deliver("acme", "anna@acme.example", "ANNA@acme.example", "note", "to self");
        assertEquals(List.of(sent), mailbox.messages("acme", "anna@acme.example"));
    }

    @Test
    void tenantsDoNotSeeEachOthersMessages() {
        Message acme = mailbox.deliver("acme", "anna@x.example", "bert@x.example", "acme", "a");
        Message globex = mailbox.deliver("globex", "anna@x.example", "bert@x.example", "globex", "g");
        assertNotEquals(acme.id(), globex.id());
        assertEquals(List.of(acme), mailbox.messages("acme", "bert@x.example"));
        assertEquals(List.of(globex), mailbox.messages("globex", "anna@x.example"));
        assertEquals(List.of(), mailbox.messages("initech", "anna@x.example"));
    }

    @Test
    void atMostTheNewest500AreListed() {
        for (int i = 0; i < 260; i++) {
            mailbox.deliver("acme", "anna@x.example", "bert@x.example", "out " + i, "");
            clock.advance(1);
            mailbox.deliver("acme", "bert@x.example", "anna@x.example", "in " + i, "");
            clock.advance(1);
        }
        List<Message> listed = mailbox.messages("acme", "anna@x.example");
        assertEquals(MailboxImpl.MAX_MESSAGES, listed.size());
        assertEquals("in 259", listed.get(0).subject());
        assertEquals("out 10", listed.get(499).subject());
        for (int i = 1; i < listed.size(); i++) {
            assertTrue(listed.get(i - 1).sentAt().isAfter(listed.get(i).sentAt()));
        }
    }

    @Test
    void longBodiesAndUnicodeRoundTrip() {
        String body = "Grüße 👋 ".repeat(20_000);
        Message sent = mailbox.deliver("acme", "a@x.example", "b@x.example", "Ünïcödé ✓", body);
        Message read = mailbox.messages("acme", "b@x.example").get(0);
        assertEquals(sent, read);
        assertEquals(body, read.body());
    }

    @Test
    void instantsRoundTripExactlyAcrossADaylightSavingFold() {
        // 2024-10-27 00:30Z and 01:30Z are both 02:30 local time in Europe/Berlin
        Message first = mailbox.deliver("acme", "a@x.example", "b@x.example", "1", "");
        clock.advance(3600);
        Message second = mailbox.deliver("acme", "a@x.example", "b@x.example", "2", "");
        assertEquals(List.of(second, first), mailbox.messages("acme", "a@x.example"));
        assertEquals(T0.plusSeconds(3600), mailbox.messages("acme", "a@x.example").get(0).sentAt());
    }

    @Test
    void invalidAddressesAreRefusedPerField() {
        assertFields(List.of("from"), () -> mailbox.deliver("acme", null, "b@x.example", "s", "b"));
        assertFields(List.of("to"), () -> mailbox.deliver("acme", "a@x.example", "  ", "s", "b"));
        assertFields(List.of("from", "to"), () -> mailbox.deliver("acme", "no-at-sign", "two@@x.example", "s", "b"));
        assertFields(List.of("to"), () -> mailbox.deliver("acme", "a@x.example", "b@nodot", "s", "b"));
        assertFields(List.of("to"), () -> mailbox.deliver("acme", "a@x.example", "b@" + "x".repeat(250) + ".example", "s", "b"));
        assertEquals(List.of(), mailbox.messages("acme", "a@x.example"));
    }

    @Test
    void tenantSubjectAndBodyAreChecked() {
        assertFields(List.of("tenantId"), () -> mailbox.deliver(null, "a@x.example", "b@x.example", "s", "b"));
        assertFields(List.of("tenantId"), () -> mailbox.deliver("t".repeat(65), "a@x.example", "b@x.example", "s", "b"));
        assertFields(List.of("subject", "body"), () -> mailbox.deliver("acme", "a@x.example", "b@x.example", null, null));
        assertFields(List.of("subject"), () -> mailbox.deliver("acme", "a@x.example", "b@x.example", "a\r\nBcc: x", "b"));
        assertFields(List.of("subject"), () -> mailbox.deliver("acme", "a@x.example", "b@x.example", "s".repeat(1001), "b"));
        assertFields(List.of("body"), () -> mailbox.deliver("acme", "a@x.example", "b@x.example", "s", "b".repeat(MailboxImpl.MAX_BODY + 1)));
    }

    @Test
    void unusableQueriesFindNothing() {
        mailbox.deliver("acme", "a@x.example", "b@x.example", "s", "b");
        assertEquals(List.of(), mailbox.messages(null, "a@x.example"));
        assertEquals(List.of(), mailbox.messages("acme", null));
        assertEquals(List.of(), mailbox.messages("acme", " "));
        assertEquals(List.of(), mailbox.messages("acme", "a".repeat(300) + "@x.example"));
    }

    private static void assertFields(List<String> fields, Runnable call) {
        ValidationException e = assertThrows(ValidationException.class, call::run);
        assertEquals(fields, e.errors().stream().map(FieldError::field).toList(), e::getMessage);
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(long seconds) {
            now = now.plusSeconds(seconds);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void addressesCompareCaseInsensitivelyInAsciiOnly() {
        Message toKatrin = mailbox.deliver("acme", "anna@acme.example", "katrin@acme.example", "1", "for katrin");
        assertEquals(List.of(toKatrin), mailbox.messages("acme", "KATRIN@acme.example"));
        // the Kelvin sign folds to 'k' in Unicode: a different address all the same
        assertEquals(List.of(), mailbox.messages("acme", "\u212Atrin@acme.example"));
        assertEquals("\u212Atrin@acme.example", MailboxImpl.key("\u212Atrin@ACME.example"));
    }
}
