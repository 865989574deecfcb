package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.collab.api.grants.GrantDraft;
import dev.collab.api.profiles.ProfileDraft;
import dev.collab.profiles.internal.entities.AccountEntity;

/**
 * "Last active" counts the host's use: a question of {@code AccessDecisions} about a user notes
 * them as active, handed to the activity recorder in the background, as a page view of ours
 * would.
 */
class HostQuestionsActivityTest {
    private static final String ADMIN = "admin:boss@broker.de";

    @Test
    void aQuestionAboutAUserMarksThemActive() throws Exception {
        try (Core core = Core.openTemp()) {
            String t = core.tenant("activity", true, "A", "B");
            core.profiles.create(t, new ProfileDraft("GF", null, List.of("contracts.view"), List.of()), ADMIN);
            core.grants.create(t, new GrantDraft("Asked", "GF", null, List.of("A"), true, "asked@firma.de"), ADMIN);
            core.grants.create(t, new GrantDraft("Quiet", "GF", null, List.of("A"), true, "quiet@firma.de"), ADMIN);
            String asked = core.invitations.accept(core.lastToken(t, "asked@firma.de"), Core.PASSWORD.toCharArray(), null).id();
            String quiet = core.invitations.accept(core.lastToken(t, "quiet@firma.de"), Core.PASSWORD.toCharArray(), null).id();

            // the container's access model: with its clock and the activity recorder
            AccessDecisionsImpl decisions = new AccessDecisionsImpl(core.model, core.activity);
            try {
                Instant before = Instant.now();
                // a "no" counts as well: the user was on a page of the host
                assertEquals(false, decisions.isAllowed(t, "asked@firma.de", "contracts.view", "B"));
                Instant seen = null;
                for (long end = System.nanoTime() + 20_000_000_000L; seen == null && System.nanoTime() < end; Thread.sleep(100)) {
                    seen = core.activity.lastActive(asked, null);
                }
                assertNotNull(seen, "the question about asked@firma.de was not noted as activity within 20 s");
                assertTrue(!seen.isBefore(before.minusSeconds(1)), "noted at " + seen + ", asked at " + before);
                assertNull(core.activity.lastActive(quiet, null), "nobody asked about quiet@firma.de");

                // the same question again, a second later: answered from the recent answers, and noted too
                Thread.sleep(1_100);
                assertEquals(false, decisions.isAllowed(t, "asked@firma.de", "contracts.view", "B"));
                Instant again = seen;
                for (long end = System.nanoTime() + 20_000_000_000L; !again.isAfter(seen) && System.nanoTime() < end; Thread.sleep(100)) {
                    again = core.activity.lastActive(asked, null);
                }
                assertTrue(again.isAfter(seen), "the repeated question was not noted as activity within 20 s: " + again);

                core.activity.flush();
                assertEquals(again, core.db.supports(() -> core.db.em().find(AccountEntity.class, asked)
                    .lastActiveAt), "stored by the recorder's flush");
            } finally {
                decisions.stop();
            }
        }
    }
}
