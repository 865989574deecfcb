package dev.collab.web.internal;

import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.collab.api.CollabException;
import dev.collab.api.FieldError;
import dev.collab.api.ProblemWording;

/**
 * The services' refusals in the user's language, worded by the suite's {@link ProblemWording}
 * as it is now (it comes and goes with its bundle). While it is away, or if it fails, the
 * English message the refusal was thrown with is shown: a refusal must always reach the user.
 */
final class Refusals {
    private static final Logger LOG = LoggerFactory.getLogger(Refusals.class);
    private final Supplier<ProblemWording> wording;

    Refusals(Supplier<ProblemWording> wording) {
        this.wording = wording;
    }

    /** @param language {@code de} or {@code en} */
    String of(CollabException failure, String language) {
        return worded(words -> words.detail(failure, Texts.locale(language)), failure.key(), failure.getMessage());
    }

    /** @param language {@code de} or {@code en} */
    String of(FieldError error, String language) {
        return worded(words -> words.message(error, Texts.locale(language)), error.key(), error.message());
    }

    private String worded(Function<ProblemWording, String> byCatalog, String key, String english) {
        ProblemWording words = wording.get();
        if (words == null || key == null) {
            return english;
        }
        try {
            String text = byCatalog.apply(words);
            return text == null ? english : text;
        } catch (RuntimeException e) {
            LOG.warn("Wording '{}' failed; showing the English message", key, e);
            return english;
        }
    }
}
