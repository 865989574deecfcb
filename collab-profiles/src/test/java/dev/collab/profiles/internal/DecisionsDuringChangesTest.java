package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.collab.api.delegation.InviteRequest;
import dev.collab.api.grants.GrantDraft;
import dev.collab.api.profiles.ProfileDraft;

/**
 * The host asks on several threads, over and over, while an admin takes a customer from a GF and
 * gives it back: every answer to a question asked after a change returned, with no other change
 * running, is that change's, for the GF and for the delegate below (whose access follows the
 * GF's). The same questions repeat, so most answers come from the recent answers: a change must
 * make the ones before it unusable before it returns.
 */
class DecisionsDuringChangesTest {
    private static final String ADMIN = "admin:boss@broker.de";
    private static final int READERS = 3;
    private static final int ROUNDS = 150;

    /**
     * Even while no change runs, odd while one does (the writer counts up before and after each):
     * a reader whose question fell between two equal even readings asked after a change returned
     * and before the next began.
     */
    private final AtomicLong epoch = new AtomicLong();
    /** Whether the GF holds customer A, as the last change that returned left it. */
    private volatile boolean holdsA = true;

    @Test
    void everyQuestionAskedAfterAChangeReturnedSeesIt() throws Exception {
        try (Core core = Core.openTemp()) {
            String t = core.tenant("racing", true, "A", "B", "C");
            core.profiles.create(t, new ProfileDraft("MA", null, List.of("contracts.view"), List.of()), ADMIN);
            core.profiles.create(t, new ProfileDraft("GF", null, List.of("contracts.view"), List.of("MA")), ADMIN);
            String grant = core.grants.create(t, new GrantDraft("Müller GmbH", "GF", null, List.of("A", "B", "C"), true, "gf@mueller.de"), ADMIN)
                .id();
            String gf = core.invitations.accept(core.lastToken(t, "gf@mueller.de"), Core.PASSWORD.toCharArray(), null).id();
            core.delegation.invite(t, gf, new InviteRequest("ma@mueller.de", "MA", List.of("A", "B"), false, null));
            core.invitations.accept(core.lastToken(t, "ma@mueller.de"), Core.PASSWORD.toCharArray(), null);

            ConcurrentLinkedQueue<String> firstWrong = new ConcurrentLinkedQueue<>();
            AtomicLong wrong = new AtomicLong();
            AtomicLong checked = new AtomicLong();
            List<Thread> readers = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                Thread reader = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        long before = epoch.get();
                        boolean expected = holdsA;
                        boolean gfA = core.access.isAllowed(t, "gf@mueller.de", "contracts.view", "A");
                        boolean maA = core.access.isAllowed(t, "ma@mueller.de", "contracts.view", "A");
                        boolean maB = core.access.isAllowed(t, "ma@mueller.de", "contracts.view", "B");
                        if (before % 2 == 0 && epoch.get() == before) {
                            checked.incrementAndGet();
                            if ((gfA != expected || maA != expected || !maB) && wrong.incrementAndGet() <= 10) {
                                firstWrong.add("epoch " + before + ", A held " + expected + ": gf A " + gfA + ", ma A " + maA + ", ma B " + maB);
                            }
                        }
                    }
                }, "host-question-" + i);
                reader.setDaemon(true);
                readers.add(reader);
                reader.start();
            }
            try {
                for (int round = 0; round < ROUNDS; round++) {
                    boolean give = round % 2 == 1;
                    epoch.incrementAndGet();
                    core.grants.rescope(t, grant, gf, give ? List.of("A", "B", "C") : List.of("B", "C"), ADMIN);
                    holdsA = give;
                    epoch.incrementAndGet();
                    // let the readers ask, and remember, between two changes
                    Thread.sleep(2);
                }
            } finally {
                readers.forEach(Thread::interrupt);
                for (Thread reader : readers) {
                    reader.join(10_000);
                }
            }
            assertEquals(0, wrong.get(), "answers that missed a change which had returned, the first of them: " + firstWrong);
            assertTrue(checked.get() >= ROUNDS, "too few questions fell between two changes to tell: " + checked.get());
        }
    }
}
