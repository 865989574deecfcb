package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.collab.api.ConflictException;
import dev.collab.api.ValidationException;
import dev.collab.api.delegation.Delegate;
import dev.collab.api.delegation.InviteRequest;
import dev.collab.api.grants.GrantDraft;
import dev.collab.api.invitations.InvitationGoneException;
import dev.collab.api.profiles.ProfileDraft;

/**
 * Many simultaneous requests for the same thing: exactly one wins (201), the others get the
 * clear error (409 for a duplicate invitation, 410 for a used token).
 */
class ConcurrentInviteTest {
    private static final int THREADS = 16;
    private static final String ADMIN = "admin:boss@broker.de";

    @TempDir
    static Path dataDir;
    static Core core;
    static ExecutorService pool;

    @BeforeAll
    static void open() {
        core = Core.open(dataDir);
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterAll
    static void close() throws InterruptedException {
        if (pool != null) {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (core != null) {
            core.close();
        }
    }

    /** A tenant where gf (returned: their account id) may hand out MA on A, B, C. */
    private static String[] tenantWithInviter(String t) {
        core.tenant(t, true, "A", "B", "C");
        core.profiles.create(t, new ProfileDraft("MA", null, List.of("contracts.view"), List.of()), ADMIN);
        core.profiles.create(t, new ProfileDraft("GF", null, List.of("contracts.view"), List.of("MA")), ADMIN);
        core.grants.create(t, new GrantDraft("Müller GmbH", "GF", null, List.of("A", "B", "C"), true, "gf@mueller.de"), ADMIN);
        String gf = core.invitations.accept(core.lastToken(t, "gf@mueller.de"), Core.PASSWORD.toCharArray(), null).id();
        return new String[] {t, gf};
    }

    /** Runs the task on all threads released at once; returns each outcome's class name and count. */
    private static Map<String, Integer> race(Callable<?> task) throws Exception {
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            futures.add(pool.submit(() -> {
                ready.countDown();
                start.await();
                try {
                    task.call();
                    return "ok";
                } catch (Exception e) {
                    return e.getClass().getSimpleName();
                }
            }));
        }
        assertTrue(ready.await(10, TimeUnit.SECONDS));
        start.countDown();
        Map<String, Integer> outcomes = new TreeMap<>();
        for (Future<String> f : futures) {
            outcomes.merge(f.get(60, TimeUnit.SECONDS), 1, Integer::sum);
        }
        return outcomes;
    }

    @Test
    void simultaneousInvitationsOfOneEmailGiveExactlyOneSuccess() throws Exception {
        for (int round = 0; round < 3; round++) {
            String[] s = tenantWithInviter("conc-invite-" + round);
            String t = s[0];
            String gf = s[1];
            // the same person, written in different cases by different requests
            AtomicInteger n = new AtomicInteger();
            Map<String, Integer> outcomes = race(() -> core.delegation.invite(t, gf, new InviteRequest(
                n.getAndIncrement() % 2 == 0 ? "ma1@mueller.de" : "MA1@Mueller.de", "MA", List.of("B"), false, null)));
            assertEquals(Map.of("ok", 1, ConflictException.class.getSimpleName(), THREADS - 1), outcomes);
            List<Delegate> delegates = core.delegation.delegates(t, gf);
            assertEquals(1, delegates.size());
            assertEquals(1, core.mails.all(t, "ma1@mueller.de").size(), "exactly one invitation was sent");
            assertEquals(2, core.grants.list(t).size());
        }
    }

    /**
     * Different invites at once, some refused and some naming the same person: each caller gets
     * its own answer, a refused invite leaves nothing behind, and the access model holds what a
     * reload from the database holds.
     */
    @Test
    void simultaneousDifferentInvitationsEachGetTheirOwnAnswer() throws Exception {
        String[] s = tenantWithInviter("conc-mixed");
        String t = s[0];
        String gf = s[1];
        AtomicInteger n = new AtomicInteger();
        // per thread i: i % 4 == 3 asks for a customer the GF does not have; i % 4 == 2 invites
        // the same person as i - 1 (written in another case); the others invite people of their own
        Map<String, Integer> outcomes = race(() -> {
            int i = n.getAndIncrement();
            String email = i % 4 == 2 ? "P" + (i - 1) + "@Mueller.de" : "p" + i + "@mueller.de";
            List<String> customers = i % 4 == 3 ? List.of("B", "Z") : List.of("B");
            return core.delegation.invite(t, gf, new InviteRequest(email, "MA", customers, false, null));
        });
        int refused = THREADS / 4;
        int duplicates = THREADS / 4;
        assertEquals(Map.of("ok", THREADS - refused - duplicates, ConflictException.class.getSimpleName(), duplicates,
            ValidationException.class.getSimpleName(), refused), outcomes);
        List<Delegate> delegates = core.delegation.delegates(t, gf);
        assertEquals(THREADS - refused - duplicates, delegates.size());
        for (Delegate d : delegates) {
            assertEquals(1, core.mails.all(t, d.email()).size(), "one invitation for " + d.email());
        }
        for (int i = 0; i < THREADS; i++) {
            if (i % 4 == 3) {
                assertEquals(0, core.mails.all(t, "p" + i + "@mueller.de").size(), "nothing for a refused invite");
            }
        }
        // the access model holds what a reload from the database holds
        assertEquals(core.model.reloadFromScratch(t).picture(), core.model.model(t).picture());
    }

    @Test
    void simultaneousAcceptsOfOneTokenGiveExactlyOneSuccess() throws Exception {
        for (int round = 0; round < 3; round++) {
            String[] s = tenantWithInviter("conc-accept-" + round);
            String t = s[0];
            core.delegation.invite(t, s[1], new InviteRequest("ma1@mueller.de", "MA", List.of("B"), false, null));
            String token = core.lastToken(t, "ma1@mueller.de");
            Map<String, Integer> outcomes = race(() -> core.invitations.accept(token, Core.PASSWORD.toCharArray(), null));
            assertEquals(Map.of("ok", 1, InvitationGoneException.class.getSimpleName(), THREADS - 1), outcomes);
            assertTrue(core.access.isAllowed(t, "ma1@mueller.de", "contracts.view", "B"));
            assertEquals(1, core.audit.entries(t, 0, 1000).stream().filter(e -> e.action().equals("invitation.accepted")
                && e.target().equals("ma1@mueller.de")).count());
        }
    }

    @Test
    void simultaneousGrantsOfOneNameGiveExactlyOneSuccess() throws Exception {
        String t = tenantWithInviter("conc-grant")[0];
        AtomicInteger n = new AtomicInteger();
        Map<String, Integer> outcomes = race(() -> core.grants.create(t,
            new GrantDraft("Schmidt KG", "GF", null, List.of("A"), true, "p" + n.getAndIncrement() + "@schmidt.de"), ADMIN));
        assertEquals(Map.of("ok", 1, ConflictException.class.getSimpleName(), THREADS - 1), outcomes);
        assertEquals(2, core.grants.list(t).size());
    }
}
