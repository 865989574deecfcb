package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.collab.api.ConflictException;
import dev.collab.api.delegation.InviteRequest;
import dev.collab.profiles.internal.DelegationServiceImpl.Invited;

/**
 * The group commit's own rules, on the real access model and database: queued invites are
 * written together by whichever thread holds the tenant's lock, each gets its own outcome, and
 * a group that cannot be written leaves each of its invites to run alone.
 */
class InviteQueueTest {
    private static final int THREADS = 8;

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

    private static Invited invited(String email) {
        return new Invited("m-" + email, "a-" + email, email, "MA", "g", "g", Set.of("A"), Instant.EPOCH, Instant.EPOCH, null);
    }

    private static InviteQueue.Waiting waiting(String email) {
        return new InviteQueue.Waiting("gf", email, new InviteRequest(email, "MA", List.of("A"), false, null));
    }

    /**
     * Every thread invites at once while the first group holds the tenant's lock; returns what
     * each got ("ok <email>" or the refusal's class) in the order of the threads.
     */
    private static List<String> race(String tenant, InviteQueue queue, BiFunction<String, List<InviteQueue.Waiting>,
        Map<InviteQueue.Waiting, Object>> group, Function<String, Invited> alone) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            String email = "p" + i + "@example.com";
            futures.add(pool.submit(() -> {
                start.await();
                try {
                    return "ok " + queue.invite(tenant, waiting(email), group, () -> alone.apply(email)).email();
                } catch (RuntimeException e) {
                    return e.getClass().getSimpleName();
                }
            }));
        }
        start.countDown();
        List<String> outcomes = new ArrayList<>();
        for (Future<String> f : futures) {
            outcomes.add(f.get(60, TimeUnit.SECONDS));
        }
        return outcomes;
    }

    /** A group function that holds the lock long enough for the other threads to queue behind it. */
    private static Map<InviteQueue.Waiting, Object> slowly(List<InviteQueue.Waiting> group, Function<InviteQueue.Waiting, Object> each) {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<InviteQueue.Waiting, Object> outcomes = new HashMap<>();
        group.forEach(w -> outcomes.put(w, each.apply(w)));
        return outcomes;
    }

    @Test
    void queuedInvitesAreWrittenTogetherAndEachGetsItsOwnOutcome() throws Exception {
        String t = core.tenant("queue-groups", true, "A");
        InviteQueue queue = new InviteQueue(core.model);
        List<Integer> sizes = new ArrayList<>();
        AtomicInteger alone = new AtomicInteger();
        List<String> outcomes = race(t, queue, (tenant, group) -> {
            sizes.add(group.size());
            return slowly(group, w -> w.email().startsWith("p3@") ? new ConflictException("invite.duplicate", "no") : invited(w.email()));
        }, email -> {
            alone.incrementAndGet();
            return invited(email);
        });
        for (int i = 0; i < THREADS; i++) {
            assertEquals(i == 3 ? "ConflictException" : "ok p" + i + "@example.com", outcomes.get(i));
        }
        assertEquals(0, alone.get(), "no invite ran alone");
        assertEquals(THREADS, sizes.stream().mapToInt(Integer::intValue).sum(), "each invite in exactly one group");
        assertTrue(sizes.stream().anyMatch(n -> n > 1), "invites queued on the lock were written together: " + sizes);
    }

    @Test
    void aGroupThatCannotBeWrittenLeavesEachInviteToRunAlone() throws Exception {
        String t = core.tenant("queue-failure", true, "A");
        InviteQueue queue = new InviteQueue(core.model);
        AtomicInteger groups = new AtomicInteger();
        List<String> alone = Collections.synchronizedList(new ArrayList<>());
        List<String> outcomes = race(t, queue, (tenant, group) -> {
            groups.incrementAndGet();
            slowly(group, w -> null);
            throw new IllegalStateException("the transaction cannot go on");
        }, email -> {
            alone.add(email);
            if (email.startsWith("p5@")) {
                throw new ConflictException("invite.duplicate", "refused alone");
            }
            return invited(email);
        });
        for (int i = 0; i < THREADS; i++) {
            assertEquals(i == 5 ? "ConflictException" : "ok p" + i + "@example.com", outcomes.get(i));
        }
        assertEquals(THREADS, alone.size(), "every invite of a failed group ran alone, once");
        assertEquals(THREADS, Set.copyOf(alone).size());
        assertTrue(groups.get() >= 1);
    }

    @Test
    void aRefusalReachesItsOwnCallerOnly() {
        String t = core.tenant("queue-refusal", true, "A");
        InviteQueue queue = new InviteQueue(core.model);
        ConflictException refusal = new ConflictException("invite.duplicate", "no");
        ConflictException thrown = assertThrows(ConflictException.class,
            () -> queue.invite(t, waiting("x@example.com"), (tenant, group) -> Map.of(group.get(0), refusal), () -> invited("x@example.com")));
        assertSame(refusal, thrown);
        Invited next = queue.invite(t, waiting("y@example.com"), (tenant, group) -> Map.of(group.get(0), invited("y@example.com")),
            () -> invited("never"));
        assertEquals("y@example.com", next.email());
        assertFalse(core.db.activeTransaction());
    }
}
