package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;

import org.junit.jupiter.api.Test;

/**
 * The host's recent answers on their own: an answer is found only for its own question, model
 * and version, and a full set keeps its two newest. That they are forgotten at every change and
 * when an access ends is tested through the services ({@link DelegationPropertiesTest},
 * {@link ValidityTest}, {@link ClusterTest}).
 */
class RecentAnswersTest {
    private final TenantModel model = new TenantModel(Clock.systemUTC());

    private static RecentAnswers.Answer answer(TenantModel model, long version, String user, String customer) {
        return new RecentAnswers.Answer(model, version, user, "contracts.view", customer, null, TenantModel.UNLIMITED);
    }

    @Test
    void anAnswerIsFoundForItsOwnQuestionModelAndVersionOnly() {
        RecentAnswers answers = new RecentAnswers(16);
        RecentAnswers.Answer yes = answer(model, 3, "ma@mueller.de", "A");
        int hash = RecentAnswers.hash("t1", "ma@mueller.de", "contracts.view", "A");
        answers.remember(hash, yes);

        assertSame(yes, answers.find(hash, model, 3, new String("ma@mueller.de"), "contracts.view", "A"), "equal strings, not the same");
        assertNull(answers.find(hash, model, 4, "ma@mueller.de", "contracts.view", "A"), "a later version");
        assertNull(answers.find(hash, new TenantModel(Clock.systemUTC()), 3, "ma@mueller.de", "contracts.view", "A"), "a model loaded in its place");
        assertNull(answers.find(hash, model, 3, "tl@mueller.de", "contracts.view", "A"), "another user in the same slot");
        assertNull(answers.find(hash, model, 3, "ma@mueller.de", "contracts.edit", "A"), "another right");
        assertNull(answers.find(hash, model, 3, "ma@mueller.de", "contracts.view", "B"), "another customer");
    }

    @Test
    void aFullSetKeepsItsTwoNewestAnswers() {
        RecentAnswers answers = new RecentAnswers(1);
        RecentAnswers.Answer first = answer(model, 1, "a@x.de", "A");
        RecentAnswers.Answer second = answer(model, 1, "b@x.de", "A");
        RecentAnswers.Answer third = answer(model, 1, "c@x.de", "A");
        answers.remember(1, first);
        answers.remember(2, second);
        assertSame(first, answers.find(1, model, 1, "a@x.de", "contracts.view", "A"));
        assertSame(second, answers.find(2, model, 1, "b@x.de", "contracts.view", "A"));

        answers.remember(3, third);
        assertNull(answers.find(1, model, 1, "a@x.de", "contracts.view", "A"), "the oldest went");
        assertSame(second, answers.find(2, model, 1, "b@x.de", "contracts.view", "A"));
        assertSame(third, answers.find(3, model, 1, "c@x.de", "contracts.view", "A"));
    }

    @Test
    void anAnswerOfAnOlderVersionIsNotKeptBesideANewOne() {
        RecentAnswers answers = new RecentAnswers(1);
        answers.remember(1, answer(model, 1, "a@x.de", "A"));
        answers.remember(1, answer(model, 2, "b@x.de", "A"));
        RecentAnswers.Answer third = answer(model, 2, "c@x.de", "A");
        answers.remember(1, third);
        assertSame(third, answers.find(1, model, 2, "c@x.de", "contracts.view", "A"));
        assertNull(answers.find(1, model, 1, "a@x.de", "contracts.view", "A"), "overwritten, not moved: it is of no use any more");
    }

    @Test
    void theSetsArePowersOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new RecentAnswers(12));
    }
}
