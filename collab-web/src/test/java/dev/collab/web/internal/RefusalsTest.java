package dev.collab.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.collab.api.CollabException;
import dev.collab.api.ConflictException;
import dev.collab.api.FieldError;
import dev.collab.api.ProblemWording;

/** A refusal reaches the user in the screen's language while the catalog is there, and in English whatever else happens. */
class RefusalsTest {
    private final AtomicReference<ProblemWording> present = new AtomicReference<>();
    private final Refusals refusals = new Refusals(present::get);
    private final ConflictException inUse = new ConflictException("profile.inUse",
        "Profile 'GF' is in use by 1 grant(s), e.g. Müller GmbH. Change or remove them first.", "GF", 1, "Müller GmbH");
    private final FieldError nameMissing = FieldError.of("name", "name.required", "A name is required.");

    /** Answers with the language it was asked in and the key, so that the test sees both arrive. */
    private static final class Echo implements ProblemWording {
        @Override
        public String detail(CollabException failure, Locale language) {
            return language.getLanguage() + ":" + failure.key();
        }

        @Override
        public String message(FieldError error, Locale language) {
            return language.getLanguage() + ":" + error.key();
        }
    }

    @Test
    void theCatalogWordsARefusalInTheScreensLanguage() {
        present.set(new Echo());
        assertEquals("de:profile.inUse", refusals.of(inUse, "de"));
        assertEquals("en:profile.inUse", refusals.of(inUse, "en"));
        assertEquals("de:name.required", refusals.of(nameMissing, "de"));
    }

    @Test
    void withoutTheCatalogTheEnglishMessageIsShown() {
        assertEquals(inUse.getMessage(), refusals.of(inUse, "de"));
        assertEquals("A name is required.", refusals.of(nameMissing, "de"));
    }

    @Test
    void aRefusalWithoutKeyOrACatalogThatFailsShowsTheEnglishMessage() {
        present.set(new Echo());
        assertEquals("A partner's words.", refusals.of(new ConflictException("A partner's words."), "de"));
        present.set(new ProblemWording() {
            @Override
            public String detail(CollabException failure, Locale language) {
                throw new IllegalStateException("its bundle is stopping");
            }

            @Override
            public String message(FieldError error, Locale language) {
                return null;
            }
        });
        assertEquals(inUse.getMessage(), refusals.of(inUse, "de"));
        assertEquals("A name is required.", refusals.of(nameMissing, "de"));
    }
}
