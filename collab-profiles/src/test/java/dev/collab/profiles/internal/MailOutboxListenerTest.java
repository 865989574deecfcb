package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.collab.api.delegation.InviteRequest;
import dev.collab.api.grants.GrantDraft;
import dev.collab.api.mail.MailOutboxListener;
import dev.collab.api.mail.PendingMail;
import dev.collab.api.profiles.ProfileDraft;
import dev.collab.profiles.internal.entities.OutboxEntity;

/**
 * The wake-up signal of the mail dispatcher carries the outbox id and nothing else: a listener
 * registered by any other bundle (here: a partner's, next to the stand-in dispatcher) learns
 * that some mail is waiting, never its token, link or recipient, for invitations and password
 * resets of every tenant alike. The token is only handed out by the outbox, inside the mail.
 */
class MailOutboxListenerTest {
    private static final String ADMIN = "admin:a";

    @TempDir
    static Path dataDir;
    static Core core;
    /** What a partner bundle's listener is told. */
    static final List<String> partner = new CopyOnWriteArrayList<>();
    /** Whether each signalled entry was committed (visible to another transaction) when it was signalled. */
    static final List<Boolean> committedWhenSignalled = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void open() {
        core = Core.open(dataDir);
        MailOutboxListener partnerListener = outboxId -> {
            partner.add(outboxId);
            committedWhenSignalled.add(core.db.supports(() -> core.db.em().find(OutboxEntity.class, outboxId) != null));
        };
        core.issuer.listeners.add(partnerListener);
        core.resets.listeners.add(partnerListener);
    }

    @AfterAll
    static void close() {
        if (core != null) {
            core.close();
        }
    }

    @Test
    void listenersOfAnyBundleAreToldTheOutboxIdOnlyNeverTheToken() {
        int before = partner.size();
        // two tenants, an admin's invitation, a delegate's invitation, a resend and a password reset
        List<String> tokens = new ArrayList<>();
        for (String t : List.of(core.tenant("signal-a", true, "A", "B"), core.tenant("signal-b", true, "A"))) {
            core.profiles.create(t, new ProfileDraft("MA", "employee", List.of("contracts.view"), List.of()), ADMIN);
            core.profiles.create(t, new ProfileDraft("GF", "director", List.of("contracts.view"), List.of("MA")), ADMIN);
            core.grants.create(t, new GrantDraft("Müller GmbH", "GF", null, List.of("A"), true, "gf@mueller.de"), ADMIN);
            String gfToken = core.lastToken(t, "gf@mueller.de");
            tokens.add(gfToken);
            String gf = core.invitations.accept(gfToken, Core.PASSWORD.toCharArray(), null).id();
            core.delegation.invite(t, gf, new InviteRequest("ma@mueller.de", "MA", List.of("A"), false, null));
            tokens.add(core.lastToken(t, "ma@mueller.de"));
            core.resets.request(t, "gf@mueller.de", null, "10.9.9.9");
        }
        List<String> signalled = partner.subList(before, partner.size());
        assertEquals(6, signalled.size(), "one signal per committed mail: " + signalled);
        assertTrue(committedWhenSignalled.stream().allMatch(Boolean::booleanValue), "signalled after commit only");

        // The ids are those of the outbox entries, and the outbox (only) hands out their tokens.
        Map<String, PendingMail> due = core.outbox.due(Instant.now().plusSeconds(1), 500).stream()
            .collect(Collectors.toMap(PendingMail::id, m -> m));
        List<String> stillPending = signalled.stream().filter(due::containsKey).toList();
        assertEquals(4, stillPending.size(), "the delegates' invitations and the resets (the accepted invitations' mails are void)");
        for (PendingMail mail : due.values()) {
            tokens.add(mail.passwordReset() != null ? mail.passwordReset().token() : mail.invitation().token());
        }
        assertEquals(core.mails.signalled.subList(core.mails.signalled.size() - 6, core.mails.signalled.size()), signalled,
            "every listener is told the same ids");
        for (String id : signalled) {
            assertEquals(36, id.length(), "an outbox id (a UUID): " + id);
            boolean entry = core.db.supports(() -> core.db.em().find(OutboxEntity.class, id) != null);
            assertTrue(entry, "an outbox entry: " + id);
            for (String token : tokens) {
                assertFalse(id.contains(token) || token.contains(id), "no token in the signal");
            }
            assertFalse(id.contains("@"), "no recipient in the signal");
        }
    }

    @Test
    void aSentMailIsSettledOnceWithItsMessageIdAndWithoutItsToken() {
        String t = core.tenant("sent-a", true, "A");
        core.profiles.create(t, new ProfileDraft("MA", "employee", List.of("contracts.view"), List.of()), ADMIN);
        core.grants.create(t, new GrantDraft("Sent GmbH", "MA", null, List.of("A"), true, "ma@sent.de"), ADMIN);
        String id = core.outbox.due(Instant.now().plusSeconds(1), 500).stream()
            .filter(m -> m.invitation() != null && "ma@sent.de".equals(m.recipient())).findFirst().orElseThrow().id();
        OutboxEntity before = core.db.supports(() -> core.db.em().find(OutboxEntity.class, id));
        Instant reported = Instant.now();

        core.outbox.sent(id, "<sent-1@portal>");
        core.outbox.sent(id, "<sent-2@portal>");

        OutboxEntity after = core.db.supports(() -> core.db.em().find(OutboxEntity.class, id));
        assertEquals(OutboxEntity.SENT, after.status);
        assertEquals("<sent-1@portal>", after.messageId, "the second report finds the mail settled and changes nothing");
        assertEquals(before.attempts + 1, after.attempts);
        assertEquals(before.version + 1, after.version, "a concurrent entity update of the row fails on its version");
        assertTrue(!after.sentAt.isBefore(reported.minusMillis(1)), after.sentAt + " after " + reported);
        assertEquals(null, after.sealedToken, "the token is erased once sent");
        assertEquals(null, after.lastError);
        assertFalse(core.outbox.due(Instant.now().plusSeconds(1), 500).stream().anyMatch(m -> m.id().equals(id)), "no longer due");
    }

    @Test
    void theListenerTypeCanCarryNothingButAString() {
        Method[] methods = MailOutboxListener.class.getDeclaredMethods();
        assertEquals(1, methods.length);
        assertEquals("queued", methods[0].getName());
        assertEquals(List.of(String.class), List.of(methods[0].getParameterTypes()));
    }

    @Test
    void aFailingListenerDoesNotKeepTheOthersFromBeingWoken() {
        List<String> after = new CopyOnWriteArrayList<>();
        core.issuer.listeners.add(0, id -> {
            throw new IllegalStateException("a broken partner listener");
        });
        core.issuer.listeners.add(id -> after.add(id));
        String t = core.tenant("signal-c", true, "A");
        core.profiles.create(t, new ProfileDraft("GF", "director", List.of("contracts.view"), List.of()), ADMIN);
        core.grants.create(t, new GrantDraft("Eins", "GF", null, List.of("A"), true, "x@firma.de"), ADMIN);
        assertEquals(1, after.size());
        assertNotNull(core.outbox.peek(after.get(0)));
        assertEquals(core.lastToken(t, "x@firma.de"), core.outbox.peek(after.get(0)).invitation().token());
    }
}
