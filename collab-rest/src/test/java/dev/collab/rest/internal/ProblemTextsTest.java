package dev.collab.rest.internal;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.ChoiceFormat;
import java.text.Format;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/** The HTTP layer's own words: complete in both languages, every pattern renders its values, the services' keys are not here. */
class ProblemTextsTest {
    private final ProblemTexts texts = ProblemTexts.get();

    @Test
    void everyKeyHasAGermanAndAnEnglishText() {
        assertEquals(texts.all("en").keySet(), texts.all("de").keySet());
        assertTrue(texts.all("en").size() > 40, "titles, HTTP failures, bodies and the REST API's own checks");
    }

    @Test
    void germanAndEnglishTakeTheSameValuesOfTheSameKinds() {
        assertAll(texts.all("en").keySet().stream().map(key -> () -> {
            Format[] en = new MessageFormat(texts.all("en").get(key), Locale.ENGLISH).getFormatsByArgumentIndex();
            Format[] de = new MessageFormat(texts.all("de").get(key), Locale.GERMAN).getFormatsByArgumentIndex();
            assertEquals(en.length, de.length, key);
            for (int i = 0; i < en.length; i++) {
                assertEquals(numeric(en[i]), numeric(de[i]), key + " {" + i + "}");
            }
        }));
    }

    @Test
    void everyPlaceholderRendersItsValueInBothLanguages() {
        for (String language : List.of("de", "en")) {
            assertAll(texts.all(language).keySet().stream().map(key -> () -> {
                Format[] formats = new MessageFormat(texts.all(language).get(key)).getFormatsByArgumentIndex();
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < formats.length; i++) {
                    values.add(numeric(formats[i]) ? (Object) (1000 + i) : "value" + i);
                }
                String text = texts.text(language, key, values, "fallback");
                assertFalse(text.equals("fallback"), key);
                assertFalse(text.contains("{"), language + " " + key + ": " + text);
                for (int i = 0; i < formats.length; i++) {
                    // a choice format words its number instead of showing it
                    if (!(formats[i] instanceof ChoiceFormat)) {
                        String shown = numeric(formats[i]) ? Integer.toString(1000 + i) : "value" + i;
                        assertTrue(text.contains(shown) || isChoiceOnly(texts.all(language).get(key), i),
                            language + " " + key + " shows {" + i + "}: " + text);
                    }
                }
            }));
        }
    }

    @Test
    void quotesComeOutAsWritten() {
        assertEquals("Unbekanntes Feld „nmae“.", texts.text("de", "field.unknown", List.of("nmae"), null));
        assertEquals("Unknown field 'nmae'.", texts.text("en", "field.unknown", List.of("nmae"), null));
        assertTrue(texts.text("en", "body.malformed", List.of(""), null).contains("the text's encoding"));
    }

    /** The services' keys are worded by the suite's ProblemWording (collab-profiles), in one place only. */
    @Test
    void theServicesKeysAreNotKeptHere() {
        assertFalse(texts.knows("profile.inUse"));
        assertFalse(texts.knows("grant.exists"));
        assertFalse(texts.knows(null));
        assertTrue(texts.knows("field.unknown"));
    }

    @Test
    void anUnknownKeyOrAWrongValueKeepsTheEnglishMessage() {
        assertEquals("As thrown.", texts.text("de", "partner.something", List.of(), "As thrown."));
        assertEquals("As thrown.", texts.text("de", null, List.of(), "As thrown."));
        assertEquals("As thrown.", texts.text("de", "field.tooLong", List.of("name", "not a number"), "As thrown."));
    }

    @Test
    void theLanguageIsTheMostPreferredOneWeSpeakElseEnglish() {
        assertEquals("de", ProblemTexts.language(AcceptLanguageHeaders.of("de-DE", "en")));
        assertEquals("de", ProblemTexts.language(AcceptLanguageHeaders.of("fr", "de-AT")));
        assertEquals("en", ProblemTexts.language(AcceptLanguageHeaders.of("en-US", "de")));
        assertEquals("en", ProblemTexts.language(AcceptLanguageHeaders.of("fr", "it")));
        assertEquals("en", ProblemTexts.language(AcceptLanguageHeaders.of("*", "de")));
        assertEquals("en", ProblemTexts.language(AcceptLanguageHeaders.of()));
        assertEquals("en", ProblemTexts.language(null));
    }

    private static boolean numeric(Format format) {
        return format instanceof NumberFormat || format instanceof ChoiceFormat;
    }

    /** Whether the argument appears only inside choice formats (then its digits need not show). */
    private static boolean isChoiceOnly(String pattern, int index) {
        return pattern.contains("{" + index + ",choice") && !pattern.contains("{" + index + "}")
            && !pattern.contains("{" + index + ",number");
    }
}
