package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ChoiceFormat;
import java.text.Format;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.collab.api.ConflictException;
import dev.collab.api.FeatureDisabledException;
import dev.collab.api.FieldError;
import dev.collab.api.NotPermittedException;

/** The catalog of the suite's failures: complete in both languages, every pattern renders its values, every thrown key is in it. */
class ProblemWordingImplTest {
    private final ProblemWordingImpl wording = new ProblemWordingImpl();

    @Test
    void everyKeyHasAGermanAndAnEnglishText() {
        assertEquals(wording.all("en").keySet(), wording.all("de").keySet());
        assertTrue(wording.all("en").size() > 100, "the catalog covers the services' messages");
    }

    @Test
    void germanAndEnglishTakeTheSameValuesOfTheSameKinds() {
        assertAll(wording.all("en").keySet().stream().map(key -> () -> {
            Format[] en = new MessageFormat(wording.all("en").get(key), Locale.ENGLISH).getFormatsByArgumentIndex();
            Format[] de = new MessageFormat(wording.all("de").get(key), Locale.GERMAN).getFormatsByArgumentIndex();
            assertEquals(en.length, de.length, key);
            for (int i = 0; i < en.length; i++) {
                assertEquals(numeric(en[i]), numeric(de[i]), key + " {" + i + "}");
            }
        }));
    }

    @Test
    void everyPlaceholderRendersItsValueInBothLanguages() {
        for (String language : List.of("de", "en")) {
            assertAll(wording.all(language).keySet().stream().map(key -> () -> {
                Format[] formats = new MessageFormat(wording.all(language).get(key)).getFormatsByArgumentIndex();
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < formats.length; i++) {
                    values.add(numeric(formats[i]) ? (Object) (1000 + i) : "value" + i);
                }
                String text = wording.text(language, key, values, "fallback");
                assertFalse(text.equals("fallback"), key);
                assertFalse(text.contains("{") && !key.startsWith("email.localPart"), language + " " + key + ": " + text);
                for (int i = 0; i < formats.length; i++) {
                    // a choice format words its number instead of showing it
                    if (!(formats[i] instanceof ChoiceFormat)) {
                        String shown = numeric(formats[i]) ? Integer.toString(1000 + i) : "value" + i;
                        assertTrue(text.contains(shown) || isChoiceOnly(wording.all(language).get(key), i),
                            language + " " + key + " shows {" + i + "}: " + text);
                    }
                }
            }));
        }
    }

    @Test
    void aDayIsWordedAsItsReadersWriteIt() {
        List<Object> arguments = List.of(12, "2027-11-30");
        assertEquals("Mit dieser Rolle ist der Zugriff höchstens 12 Monate gültig, also bis 30.11.2027.",
            wording.text("de", "validity.beyondProfile", arguments, "fallback"));
        assertEquals("With this profile, access can last at most 12 months, until Nov 30, 2027.",
            wording.text("en", "validity.beyondProfile", arguments, "fallback"));
        assertEquals("Der Zugriff von „Müller 2027-11-30 GmbH“ endet nicht von selbst.",
            wording.text("de", "validity.unlimited", List.of("Müller 2027-11-30 GmbH"), "fallback"), "only a whole day is one");
    }

    /**
     * Every key this bundle's code throws (written as a literal next to its English message) is
     * in the catalog: a refusal added without its words would reach German readers in English.
     */
    @Test
    void everyKeyTheServicesThrowIsInTheCatalog() throws IOException {
        Pattern thrown = Pattern.compile("(?:Exception\\(|FieldError\\.of\\(\"[^\"]*\",\\s*|ValidationException\\(\"[^\"]*\",\\s*)"
            + "\"([a-z]+\\.[A-Za-z.-]+)\",\\s*\"");
        Set<String> keys = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = thrown.matcher(Files.readString(source, StandardCharsets.UTF_8));
                while (m.find()) {
                    keys.add(m.group(1));
                }
            }
        }
        assertTrue(keys.size() > 80, "found the keys in the sources: " + keys);
        Set<String> missing = new TreeSet<>(keys);
        missing.removeAll(wording.all("en").keySet());
        assertEquals(Set.of(), missing);
    }

    @Test
    void theDatabasesConflictsAreWordedInBothLanguages() {
        ConflictException taken = new ConflictException("grant.exists", "A grant named 'Schulz KG' exists already.", "Schulz KG");
        assertEquals("Es gibt bereits eine Freischaltung „Schulz KG“.", wording.detail(taken, Locale.GERMAN));
        assertEquals("A grant named 'Schulz KG' exists already.", wording.detail(taken, Locale.ENGLISH));
        ConflictException raced = new ConflictException("invite.duplicate",
            "'ma@mueller.de' is already invited or a member under the same grant.", "ma@mueller.de");
        assertEquals("„ma@mueller.de“ ist unter derselben Freischaltung bereits eingeladen oder freigeschaltet.",
            wording.detail(raced, Locale.forLanguageTag("de-AT")));
    }

    @Test
    void quotesAndBracesComeOutAsWritten() {
        FieldError unknown = FieldError.of("rights[0]", "right.unknown", "Unknown right 'x.y'.", "x.y");
        assertEquals("Unbekanntes Recht „x.y“.", wording.message(unknown, Locale.GERMAN));
        assertEquals("Unknown right 'x.y'.", wording.message(unknown, Locale.ENGLISH));
        assertTrue(wording.text("en", "email.localPart", List.of("ä@x"), null).contains("!#$%&'*+/=?^_`{|}~-"));
    }

    @Test
    void aChoiceWordsTheCountInGerman() {
        assertEquals("Das Profil „GF“ wird von 1 Freischaltung verwendet, z. B. Müller GmbH. Ändern oder löschen Sie diese zuerst.",
            wording.detail(new ConflictException("profile.inUse", "in use", "GF", 1, "Müller GmbH"), Locale.GERMAN));
        assertTrue(wording.text("de", "profile.inUse", List.of("GF", 3, "A, B, C"), null).contains("3 Freischaltungen"));
    }

    @Test
    void anyOtherLanguageIsEnglish() {
        FeatureDisabledException off = new FeatureDisabledException("acme");
        assertEquals(off.getMessage(), wording.detail(off, Locale.FRENCH));
        assertEquals(off.getMessage(), wording.detail(off, null));
        assertTrue(wording.detail(off, Locale.GERMANY).startsWith("Die delegierte Freischaltung"));
    }

    @Test
    void anUnknownKeyOrAWrongValueKeepsTheEnglishMessage() {
        assertEquals("As thrown.", wording.detail(new ConflictException("partner.something", "As thrown."), Locale.GERMAN));
        assertEquals("As thrown.", wording.detail(new NotPermittedException("As thrown."), Locale.GERMAN));
        assertEquals("As thrown.", wording.message(new FieldError("name", "As thrown."), Locale.GERMAN));
        assertEquals("As thrown.", wording.message(FieldError.of("name", "name.tooLong", "As thrown.", "not a number"),
            Locale.GERMAN));
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
