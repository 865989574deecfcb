package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;

import org.junit.jupiter.api.Test;

/**
 * The host's recent answers on their own: an answer is found only for its own question and
 * generation of a model, and a full set keeps its two newest. That they are forgotten at every change and
 * when an access ends is tested through the services ({@link DelegationPropertiesTest},
 * {@link ValidityTest}, {@link ClusterTest}).
 */
class RecentAnswersTest {
    private final Object one = new Object();
    private final Object two = new Object();

    private static RecentAnswers.Answer answer(Object generation, String user, String customer) {
        return new RecentAnswers.Answer(generation, user, "contracts.view", customer, TenantModel.UNLIMITED, 1);
    }

    @Test
    void anAnswerIsFoundForItsOwnQuestionAndGenerationOnly() {
        TenantModel model = new TenantModel(Clock.systemUTC());
        Object before = model.generation();
        model.apply(new TenantModel.Delta());
        assertNotSame(before, model.generation(), "a change, even an empty one, starts a new generation");
        assertNotSame(model.generation(), new TenantModel(Clock.systemUTC()).generation(), "a model loaded in its place has its own");

        RecentAnswers answers = new RecentAnswers(16);
        RecentAnswers.Answer yes = answer(one, "ma@mueller.de", "A");
        int hash = RecentAnswers.hash("t1", "ma@mueller.de", "contracts.view", "A");
        answers.remember(hash, yes);

        assertSame(yes, answers.find(hash, one, new String("ma@mueller.de"), "contracts.view", "A"), "equal strings, not the same");
        assertNull(answers.find(hash, two, "ma@mueller.de", "contracts.view", "A"), "another generation");
        assertNull(answers.find(hash, one, "tl@mueller.de", "contracts.view", "A"), "another user in the same slot");
        assertNull(answers.find(hash, one, "ma@mueller.de", "contracts.edit", "A"), "another right");
        assertNull(answers.find(hash, one, "ma@mueller.de", "contracts.view", "B"), "another customer");
    }

    @Test
    void aFullSetKeepsItsTwoNewestAnswers() {
        RecentAnswers answers = new RecentAnswers(1);
        RecentAnswers.Answer first = answer(one, "a@x.de", "A");
        RecentAnswers.Answer second = answer(one, "b@x.de", "A");
        RecentAnswers.Answer third = answer(one, "c@x.de", "A");
        answers.remember(1, first);
        answers.remember(2, second);
        assertSame(first, answers.find(1, one, "a@x.de", "contracts.view", "A"));
        assertSame(second, answers.find(2, one, "b@x.de", "contracts.view", "A"));

        answers.remember(3, third);
        assertNull(answers.find(1, one, "a@x.de", "contracts.view", "A"), "the oldest went");
        assertSame(second, answers.find(2, one, "b@x.de", "contracts.view", "A"));
        assertSame(third, answers.find(3, one, "c@x.de", "contracts.view", "A"));
    }

    @Test
    void anAnswerOfAnOlderGenerationIsNotKeptBesideANewOne() {
        RecentAnswers answers = new RecentAnswers(1);
        answers.remember(1, answer(one, "a@x.de", "A"));
        RecentAnswers.Answer second = answer(two, "b@x.de", "A");
        answers.remember(1, second);
        RecentAnswers.Answer third = answer(two, "c@x.de", "A");
        answers.remember(1, third);
        assertSame(third, answers.find(1, two, "c@x.de", "contracts.view", "A"));
        assertSame(second, answers.find(1, two, "b@x.de", "contracts.view", "A"));
        assertNull(answers.find(1, one, "a@x.de", "contracts.view", "A"), "overwritten, not moved: it is of no use any more");
    }

    @Test
    void theSetsArePowersOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new RecentAnswers(12));
    }
}
