package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.collab.api.FieldError;

class RulesTest {
    private final List<FieldError> errors = new ArrayList<>();

    // --- e-mail -------------------------------------------------------------------------------

    @Test
    void validEmailIsAcceptedTrimmedAndKeepsItsCase() {
        assertEquals("Anna.Meier@Example.com", Rules.email("email", "  Anna.Meier@Example.com\t", errors));
        assertTrue(errors.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@b.co", "x+tag@sub.domain.example", "o'brien@firma.de", "Anna.Meier@Example.COM",
        "x!#$%&*=?^`{|}~-y@firma.de", "a@xn--bro-hoa.de"})
    void plausibleEmailsAreAccepted(String email) {
        assertEquals(email, Rules.email("email", email, errors));
        assertTrue(errors.isEmpty(), errors::toString);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t\n"})
    void blankEmailIsRequired(String email) {
        assertNull(Rules.email("login", email, errors));
        assertEquals(List.of(FieldError.of("login", "email.required", "An e-mail address is required.")), errors);
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-at.example.com", "two@@example.com", "a@b@example.com", "a@localhost",
        "@example.com", "a@.example.com", "a@example.", "a@example..com", "a b@example.com", "a@exa mple.com"})
    void malformedEmailIsRefusedNamingTheField(String email) {
        assertNull(Rules.email("email", email, errors));
        assertEquals(1, errors.size());
        assertEquals("email", errors.get(0).field());
        assertTrue(errors.get(0).message().contains("is not a valid e-mail address"), errors.get(0).message());
    }

    @Test
    void emailOf254CharactersIsAcceptedAnd255IsRefused() {
        String local = "a".repeat(64);
        String ok = local + "@" + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(63) + ".com";
        assertEquals(254, ok.length());
        assertEquals(ok, Rules.email("email", ok, errors));
        assertTrue(errors.isEmpty());

        String tooLong = local + "@" + "b".repeat(61) + "." + "c".repeat(60) + "." + "d".repeat(63) + ".com";
        assertEquals(255, tooLong.length());
        assertNull(Rules.email("email", tooLong, errors));
        assertEquals("email", errors.get(0).field());
    }

    @Test
    void surroundingBlanksDoNotCountTowardsTheEmailLength() {
        String ok = "a".repeat(64) + "@" + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(63) + ".com";
        assertEquals(ok, Rules.email("email", "   " + ok + "   ", errors));
        assertTrue(errors.isEmpty());
    }

    @Test
    void localPartOfMoreThan64CharactersIsRefused() {
        assertNull(Rules.email("email", "a".repeat(65) + "@example.com", errors));
        assertEquals(1, errors.size());
    }

    @Test
    void errorMessageAbbreviatesALongRefusedEmail() {
        Rules.email("email", "x".repeat(300), errors);
        String message = errors.get(0).message();
        assertTrue(message.contains("x".repeat(57) + "..."), message);
        assertFalse(message.contains("x".repeat(61)), message);
    }

    /** What the security review found mailed elsewhere, merged or accepted with markup. */
    @ParameterizedTest
    @ValueSource(strings = {"<evil@evil.example>", "Mia <mia@firma.de>", "mia@firma.de>", "a:b@firma.de", "a\"b@firma.de",
        "\u0130\u0130@firma.de", "\u212Atrin@firma.de", "mi\ud800a@firma.de", "mia@fir\udc00ma.de", "mia\u0000@firma.de",
        "mia@firma.de\r\nBcc: x@y.de", ".mia@firma.de", "mia.@firma.de", "mi..a@firma.de", "mia@-firma.de", "mia@firma.123",
        "mia@fir_ma.de", "mia@firma.de,evil@evil.example", "(comment)mia@firma.de", "mia@[127.0.0.1]"})
    void addressesThatWouldReachAnotherMailboxAreRefused(String email) {
        assertNull(Rules.email("email", email, errors), email);
        assertEquals(1, errors.size());
        assertEquals("email", errors.get(0).field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"vanr\u0133n@firma.de", "m\u00fcller@firma.de", "\u0130\u0130@firma.de", "\u212Atrin@firma.de"})
    void aNonAsciiLocalPartIsRefusedWithAClearMessage(String email) {
        assertNull(Rules.email("email", email, errors));
        assertTrue(errors.get(0).message().contains("the part before the @ may only hold ASCII"), errors.get(0).message());
    }

    @Test
    void anInternationalDomainIsStoredInItsAsciiForm() {
        assertEquals("mueller@xn--bro-hoa.de", Rules.email("email", "mueller@b\u00fcro.de", errors));
        assertEquals("Mia@xn--mnchen-3ya.example", Rules.email("email", "Mia@M\u00fcnchen.example", errors));
        assertTrue(errors.isEmpty(), errors::toString);
    }

    @Test
    void aLoneSurrogateIsShownAsItsCodeNotPassedOn() {
        Rules.email("email", "mi\ud800a@firma.de", errors);
        assertTrue(errors.get(0).message().contains("U+D800"), errors.get(0).message());
    }

    @Test
    void loginsCompareCaseInsensitivelyInAsciiOnly() {
        assertEquals("katrin@firma.de", Rules.loginKey("KaTrin@Firma.DE"));
        assertEquals("\u212Atrin@firma.de", Rules.loginKey("\u212Atrin@firma.de"));
        assertFalse(Rules.loginKey("\u212Atrin@firma.de").equals(Rules.loginKey("Katrin@firma.de")));
        assertEquals("\u0130i", Rules.loginKey("\u0130I"));
    }

    @Test
    void passwordsWithControlCharactersAreRefused() {
        Rules.password("password", "long enough password\u0000\u0000".toCharArray(), errors);
        assertEquals(List.of(FieldError.of("password", "password.control", "The password may not contain control characters.")), errors);
        assertTrue(Rules.hasControl("abc\n".toCharArray()));
        assertFalse(Rules.hasControl("a long pass phrase \u00e4".toCharArray()));
    }

    // --- names --------------------------------------------------------------------------------

    @Test
    void nameIsTrimmed() {
        assertEquals("Müller GmbH", Rules.name("name", "  Müller GmbH \n", 100, false, errors));
        assertTrue(errors.isEmpty());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\t"})
    void blankNameIsRequired(String name) {
        assertNull(Rules.name("name", name, 100, true, errors));
        assertEquals(List.of(FieldError.of("name", "name.required", "A name is required.")), errors);
    }

    @Test
    void slashIsRefusedWhereItSeparatesGrantNames() {
        assertNull(Rules.name("name", "GF/MA", 100, false, errors));
        assertEquals("name", errors.get(0).field());
        assertTrue(errors.get(0).message().contains("'/'"));
    }

    @Test
    void slashIsAcceptedWhereAllowed() {
        assertEquals("Müller/Partner", Rules.name("name", "Müller/Partner", 200, true, errors));
        assertTrue(errors.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\tb", "a\nb", "a\u0000b", "a\u001bb", "a\u007fb", "a\rb"})
    void controlCharactersInsideANameAreRefused(String name) {
        assertNull(Rules.name("name", name, 100, true, errors));
        assertEquals(List.of(FieldError.of("name", "name.control", "The name may not contain control characters.")), errors);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\u0001\u0002", " \u0000 ", "\u0007"})
    void aNameOfOnlyControlCharactersIsNotAcceptedAsEmpty(String name) {
        assertNull(Rules.name("name", name, 100, true, errors));
        assertEquals("name", errors.get(0).field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0085b", "a\u009bb", "a\u0080b"})
    void c1ControlCharactersInsideANameAreRefused(String name) {
        assertNull(Rules.name("name", name, 100, true, errors));
        assertEquals(List.of(FieldError.of("name", "name.control", "The name may not contain control characters.")), errors);
    }

    @Test
    void nameOfExactlyMaxCharactersIsAcceptedAndOneMoreIsRefused() {
        assertEquals("n".repeat(100), Rules.name("name", "n".repeat(100), 100, false, errors));
        assertTrue(errors.isEmpty());
        assertNull(Rules.name("name", "n".repeat(101), 100, false, errors));
        assertEquals(List.of(FieldError.of("name", "name.tooLong", "The name may have at most 100 characters.", 100)), errors);
    }

    @Test
    void surroundingBlanksDoNotCountTowardsTheNameLength() {
        assertEquals("n".repeat(100), Rules.name("name", "  " + "n".repeat(100) + "  ", 100, false, errors));
        assertTrue(errors.isEmpty());
    }

    // --- passwords ----------------------------------------------------------------------------

    @Test
    void passwordNeedsAtLeast12Characters() {
        Rules.password("password", "12345678901".toCharArray(), errors);
        assertEquals(List.of(FieldError.of("password", "password.tooShort", "The password needs at least 12 characters.", 12)), errors);
        errors.clear();
        Rules.password("password", "123456789012".toCharArray(), errors);
        assertTrue(errors.isEmpty());
    }

    @Test
    void missingPasswordIsRefused() {
        Rules.password("password", null, errors);
        assertEquals("password", errors.get(0).field());
    }

    @Test
    void passwordMayHaveAtMost200Characters() {
        Rules.password("password", "p".repeat(200).toCharArray(), errors);
        assertTrue(errors.isEmpty());
        Rules.password("password", "p".repeat(201).toCharArray(), errors);
        assertEquals(List.of(FieldError.of("password", "password.tooLong", "The password may have at most 200 characters.", 200)), errors);
    }

    // --- tenant ids ---------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"acme", "a", "7", "Acme-Broker_2.0", "a.b-c_d"})
    void tenantIdsOfLettersDigitsDotsDashesAndUnderscoresAreAccepted(String id) {
        assertTrue(Rules.isTenantId(id));
    }

    @Test
    void tenantIdHasAtMost64Characters() {
        assertTrue(Rules.isTenantId("t".repeat(64)));
        assertFalse(Rules.isTenantId("t".repeat(65)));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"-acme", ".acme", "_acme", "ac me", "acme/x", "acmé", "acme\n", " acme", "a:b"})
    void otherTenantIdsAreRefused(String id) {
        assertFalse(Rules.isTenantId(id));
    }

    // --- helpers ------------------------------------------------------------------------------

    @Test
    void keyLowerCasesIndependentlyOfTheDefaultLocale() {
        Locale previous = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            assertEquals("gf manager", Rules.key("GF Manager"));
            assertEquals("title", Rules.key("TITLE"));
        } finally {
            Locale.setDefault(previous);
        }
    }

    @Test
    void abbreviateKeepsShortStringsAndCutsLongOnesTo60() {
        assertEquals("short", Rules.abbreviate("short"));
        assertEquals("y".repeat(60), Rules.abbreviate("y".repeat(60)));
        assertEquals(60, Rules.abbreviate("y".repeat(61)).length());
    }
}
