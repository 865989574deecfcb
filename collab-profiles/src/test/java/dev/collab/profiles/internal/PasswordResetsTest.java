package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.collab.api.TooManyAttemptsException;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.accounts.PasswordResetInfo;
import dev.collab.api.grants.GrantDraft;
import dev.collab.api.mail.PendingMail;
import dev.collab.api.profiles.ProfileDraft;
import dev.collab.profiles.internal.entities.OutboxEntity;
import dev.collab.profiles.internal.entities.PasswordResetEntity;

/**
 * "Passwort vergessen" through the real services and the real outbox on Derby: the raw token
 * exists only sealed in the outbox, so the tests read it from there as the mailing bundle does.
 */
class PasswordResetsTest extends CoreFixture {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String PASSWORD = Core.PASSWORD;
    private static final String NEW_PASSWORD = "a brand new secret";

    private static String tenantWithAdmin() {
        String t = core.tenant("reset-" + SEQUENCE.incrementAndGet(), true);
        core.accounts.createAdmin(t, "boss@broker.de", PASSWORD.toCharArray(), "support");
        return t;
    }

    private static String client() {
        return "10.4.4." + SEQUENCE.incrementAndGet();
    }

    /** The reset mails due now, as the dispatcher would take them. */
    private static List<PendingMail> resetMails() {
        return core.outbox.due(Instant.ofEpochMilli(core.resetClock.get()).plusSeconds(1), 500).stream()
            .filter(m -> PendingMail.PASSWORD_RESET.equals(m.kind())).toList();
    }

    private static long outboxRows(String tenant, String status) {
        return core.db.supports(() -> core.db.em().createQuery("SELECT COUNT(o) FROM OutboxEntity o WHERE o.tenantId = :t AND o.kind = :k AND o.status = :s",
            Long.class).setParameter("t", tenant).setParameter("k", OutboxEntity.PASSWORD_RESET).setParameter("s", status).getSingleResult());
    }

    @Test
    void aRequestMailsASingleUseLinkThroughTheOutboxThatSetsANewPassword() {
        String t = tenantWithAdmin();
        assertTrue(core.accounts.verify(t, "boss@broker.de", PASSWORD.toCharArray()).isPresent());
        core.resets.request(t, " BOSS@broker.de ", "en", client());

        List<PendingMail> mails = resetMails();
        assertEquals(1, mails.size());
        PendingMail mail = mails.get(0);
        assertEquals("boss@broker.de", mail.recipient());
        assertEquals("en", mail.language());
        assertEquals("Broker " + t, mail.brokerName());
        assertNull(mail.invitation());
        String token = mail.passwordReset().token();
        assertTrue(InvitationTokens.isWellFormed(token), token);
        // only the hash is stored
        assertEquals(InvitationTokens.hash(token), core.db.supports(() -> core.db.em().find(PasswordResetEntity.class, mail.passwordReset().resetId()).tokenHash));

        core.outbox.sent(mail.id(), "<m@x>");
        assertNull(core.db.supports(() -> core.db.em().find(OutboxEntity.class, mail.id()).sealedToken), "the token is erased once sent");

        PasswordResetInfo info = core.resets.inspect(token, client());
        assertEquals(new PasswordResetInfo(t, "boss@broker.de", mail.passwordReset().expiresAt()), info);
        long minutes = Duration.between(Instant.ofEpochMilli(core.resetClock.get()), info.expiresAt()).toMinutes();
        assertTrue(minutes >= 59 && minutes <= 60, "one hour: " + minutes);

        assertThrows(ValidationException.class, () -> core.resets.reset(token, "short".toCharArray(), client()));
        assertEquals("boss@broker.de", core.resets.reset(token, NEW_PASSWORD.toCharArray(), client()).email());
        assertTrue(core.accounts.verify(t, "boss@broker.de", PASSWORD.toCharArray()).isEmpty(), "the remembered old password is gone");
        assertTrue(core.accounts.verify(t, "boss@broker.de", NEW_PASSWORD.toCharArray()).isPresent());
        assertTrue(core.audit.entries(t, 0, 100).stream().anyMatch(e -> e.action().equals("password.reset")));

        // single use
        assertThrows(UnknownResourceException.class, () -> core.resets.inspect(token, client()));
        assertThrows(UnknownResourceException.class, () -> core.resets.reset(token, "yet another secret".toCharArray(), client()));
    }

    @Test
    void anUnknownAddressLooksExactlyTheSameButSendsNothing() {
        String t = tenantWithAdmin();
        core.resets.request(t, "nobody@broker.de", null, client());
        core.resets.request("no-such-tenant", "boss@broker.de", null, client());
        core.resets.request(null, "support@broker.de", null, client());
        assertEquals(List.of(), resetMails().stream().filter(m -> m.passwordReset().tenantId().equals(t)).toList());
        assertEquals(0, outboxRows(t, OutboxEntity.PENDING));
    }

    @Test
    void aNewRequestVoidsThePreviousLinkAndCancelsItsUnsentMail() {
        String t = tenantWithAdmin();
        core.resets.request(t, "boss@broker.de", "de", client());
        core.resets.request(t, "boss@broker.de", "de", client());
        assertEquals(1, outboxRows(t, OutboxEntity.CANCELLED), "the first mail is cancelled, its token erased");
        List<PendingMail> mails = resetMails().stream().filter(m -> m.passwordReset().tenantId().equals(t)).toList();
        assertEquals(1, mails.size());
        String newest = mails.get(0).passwordReset().token();
        core.resets.request(t, "boss@broker.de", "de", client());
        assertThrows(UnknownResourceException.class, () -> core.resets.inspect(newest, client()), "replaced by the third request");
    }

    @Test
    void aLinkExpiresAfterAnHourAndItsUnsentMailIsNotSent() {
        String t = tenantWithAdmin();
        core.resets.request(t, "boss@broker.de", null, client());
        String token = resetMails().stream().filter(m -> m.passwordReset().tenantId().equals(t)).findFirst().orElseThrow()
            .passwordReset().token();
        assertEquals("de", resetMails().stream().filter(m -> m.passwordReset().tenantId().equals(t)).findFirst().orElseThrow().language(),
            "the tenant's language when none was asked for");
        core.resetClock.addAndGet(61 * 60 * 1000L);
        try {
            assertThrows(UnknownResourceException.class, () -> core.resets.inspect(token, client()));
            assertThrows(UnknownResourceException.class, () -> core.resets.reset(token, NEW_PASSWORD.toCharArray(), client()));
            assertEquals(List.of(), resetMails().stream().filter(m -> m.passwordReset().tenantId().equals(t)).toList());
            assertEquals(1, outboxRows(t, OutboxEntity.CANCELLED));
        } finally {
            core.resetClock.addAndGet(-61 * 60 * 1000L);
        }
    }

    @Test
    void requestsAreThrottledPerAddressWhetherOrNotItHasAnAccount() {
        String t = tenantWithAdmin();
        for (String email : List.of("boss@broker.de", "nobody@broker.de")) {
            for (int i = 0; i < 3; i++) {
                core.resets.request(t, email, null, client());
            }
            TooManyAttemptsException e = assertThrows(TooManyAttemptsException.class, () -> core.resets.request(t, email, null, client()));
            assertTrue(e.retryAfterSeconds() > 0);
        }
    }

    @Test
    void requestsAreThrottledPerClient() {
        String t = tenantWithAdmin();
        String client = client();
        for (int i = 0; i < 10; i++) {
            core.resets.request(t, "person" + i + "@broker.de", null, client);
        }
        assertThrows(TooManyAttemptsException.class, () -> core.resets.request(t, "another@broker.de", null, client));
        core.resets.request(t, "another@broker.de", null, client());
    }

    @Test
    void failedLookUpsAreThrottledPerClientButAValidLinkIsServed() {
        String t = tenantWithAdmin();
        core.resets.request(t, "boss@broker.de", null, client());
        String token = resetMails().stream().filter(m -> m.passwordReset().tenantId().equals(t)).findFirst().orElseThrow()
            .passwordReset().token();
        String client = client();
        for (int i = 0; i < 10; i++) {
            assertThrows(UnknownResourceException.class, () -> core.resets.inspect("B".repeat(43), client));
        }
        assertThrows(TooManyAttemptsException.class, () -> core.resets.inspect("B".repeat(43), client));
        assertThrows(TooManyAttemptsException.class, () -> core.resets.reset("B".repeat(43), NEW_PASSWORD.toCharArray(), client));
        assertEquals("boss@broker.de", core.resets.inspect(token, client).email());
        core.resets.reset(token, NEW_PASSWORD.toCharArray(), client);
    }

    @Test
    void anInvitedAccountWithoutPasswordGetsNoResetAndAnInvalidAddressIsRefused() {
        String t = core.tenant("reset-" + SEQUENCE.incrementAndGet(), true, "A");
        core.profiles.create(t, new ProfileDraft("GF", null, List.of("contracts.view"), List.of()), "admin:x@y.de");
        core.grants.create(t, new GrantDraft("G", "GF", null, List.of("A"), false, "gf@firma.de"), "admin:x@y.de");
        core.resets.request(t, "gf@firma.de", null, client());
        assertEquals(0, outboxRows(t, OutboxEntity.PENDING));
        assertThrows(ValidationException.class, () -> core.resets.request(t, "not an address", null, client()));
        assertThrows(ValidationException.class, () -> core.resets.request(t, "gf@firma.de", "fr", client()));
        assertNotEquals(0, core.mails.all(t, "gf@firma.de").size(), "the invitation is its way in");
    }

    @Test
    void ofSimultaneousRedemptionsOfOneLinkExactlyOneSetsThePassword() throws Exception {
        String t = tenantWithAdmin();
        core.resets.request(t, "boss@broker.de", null, client());
        String token = resetMails().stream().filter(m -> m.passwordReset().tenantId().equals(t)).findFirst().orElseThrow()
            .passwordReset().token();
        int threads = 6;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String password = "concurrent secret " + i;
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        core.resets.reset(token, password.toCharArray(), client());
                        return password;
                    } catch (UnknownResourceException e) {
                        return null;
                    }
                }));
            }
            List<String> winners = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                String won = outcome.get(60, TimeUnit.SECONDS);
                if (won != null) {
                    winners.add(won);
                }
            }
            assertEquals(1, winners.size(), winners.toString());
            assertTrue(core.accounts.verify(t, "boss@broker.de", winners.get(0).toCharArray()).isPresent());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void simultaneousRequestsLeaveAtMostOneWorkingLink() throws Exception {
        String t = tenantWithAdmin();
        int threads = 3;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Object>> outcomes = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    core.resets.request(t, "boss@broker.de", null, client());
                    return null;
                }));
            }
            for (Future<Object> outcome : outcomes) {
                outcome.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long pending = core.db.supports(() -> core.db.em().createQuery("SELECT COUNT(r) FROM PasswordResetEntity r WHERE r.tenantId = :t AND r.status = :p",
            Long.class).setParameter("t", t).setParameter("p", PasswordResetEntity.PENDING).getSingleResult());
        assertEquals(1, pending);
    }
}
