package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import dev.collab.api.FieldError;

/** Properties of the input rules over generated input, weighted towards the awkward characters. */
class RulesPropertiesTest {

    @Property(tries = 500)
    void anAcceptedNameWithoutSlashIsTrimmedWithinMaxAndFreeOfSlashesAndAsciiControls(
        @ForAll("awkwardStrings") String raw, @ForAll @IntRange(min = 1, max = 40) int max) {
        List<FieldError> errors = new ArrayList<>();
        String name = Rules.name("name", raw, max, false, errors);
        if (name == null) {
            assertEquals(1, errors.size());
            assertEquals("name", errors.get(0).field());
            return;
        }
        assertTrue(errors.isEmpty());
        assertEquals(raw.trim(), name);
        assertEquals(name.trim(), name);
        // not asserted here: that the name is non-empty, see RulesTest.aNameOfOnlyControlCharactersIsNotAcceptedAsEmpty
        assertTrue(name.length() <= max, () -> name.length() + " > " + max);
        assertTrue(name.indexOf('/') < 0, name);
        assertTrue(name.chars().noneMatch(c -> c < 0x20 || c == 0x7f), name);
    }

    @Property(tries = 500)
    void anAcceptedEmailIsTheTrimmedInputWithOneAtAndAtMost254Characters(@ForAll("emailLike") String raw) {
        List<FieldError> errors = new ArrayList<>();
        String email = Rules.email("email", raw, errors);
        if (email == null) {
            assertEquals(1, errors.size());
            return;
        }
        assertTrue(errors.isEmpty());
        if (raw.chars().allMatch(c -> c < 0x80)) {
            assertEquals(raw.trim(), email);
        }
        // what is stored is what is mailed: printable ASCII, no markup, compared in ASCII only
        assertTrue(email.chars().allMatch(c -> c > 0x20 && c < 0x7f), email);
        assertTrue(email.indexOf('<') < 0 && email.indexOf('>') < 0 && email.indexOf(':') < 0, email);
        assertEquals(email.toLowerCase(Locale.ROOT), Rules.loginKey(email));
        assertTrue(email.length() <= 254);
        assertEquals(1, email.chars().filter(c -> c == '@').count(), email);
        assertTrue(email.chars().noneMatch(Character::isWhitespace), email);
        String domain = email.substring(email.indexOf('@') + 1);
        assertTrue(domain.contains(".") && !domain.startsWith(".") && !domain.endsWith("."), email);
    }

    @Property(tries = 300)
    void aWellFormedEmailIsAcceptedExactlyWhenItFitsIn254Characters(@ForAll("wellFormedEmails") String email) {
        List<FieldError> errors = new ArrayList<>();
        String accepted = Rules.email("email", "  " + email + " ", errors);
        if (email.length() <= 254) {
            assertNotNull(accepted, errors::toString);
            assertEquals(email, accepted);
        } else {
            assertNull(accepted);
        }
    }

    @Provide
    Arbitrary<String> awkwardStrings() {
        Arbitrary<String> awkward = Arbitraries.strings()
            .withChars("aZ /-.\t\n\r\u0000\u001f\u007f\u00a0é")
            .ofMaxLength(50);
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(50);
        return Arbitraries.oneOf(awkward, any, Arbitraries.strings().alpha().ofMinLength(30).ofMaxLength(45));
    }

    @Provide
    Arbitrary<String> emailLike() {
        Arbitrary<String> part = Arbitraries.strings().withChars("ab.@ \t-").ofMaxLength(12);
        Arbitrary<String> longPart = Arbitraries.strings().withChars("x.").ofMinLength(60).ofMaxLength(200);
        return Arbitraries.oneOf(
            Combinators.combine(part, part, part).as((a, b, c) -> a + "@" + b + "." + c),
            Combinators.combine(longPart, longPart).as((a, b) -> a + "@" + b + ".de"),
            Arbitraries.strings().all().ofMaxLength(30));
    }

    @Provide
    Arbitrary<String> wellFormedEmails() {
        Arbitrary<String> local = Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(64);
        Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(63);
        Arbitrary<List<String>> labels = label.list().ofMinSize(2).ofMaxSize(5);
        return Combinators.combine(local, labels).as((l, ls) -> l + "@" + String.join(".", ls));
    }
}
