package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {
    private static final char[] PASSWORD = "correct horse battery".toCharArray();
    private final PasswordHasher hasher = new PasswordHasher(1000);

    @Test
    void hashIsNotThePasswordAndVerifiesIt() {
        String hash = hasher.hash(PASSWORD);
        assertFalse(hash.contains(new String(PASSWORD)));
        assertTrue(hasher.verify(PASSWORD, hash));
    }

    @Test
    void anotherPasswordDoesNotVerify() {
        String hash = hasher.hash(PASSWORD);
        assertFalse(hasher.verify("correct horse battery!".toCharArray(), hash));
        assertFalse(hasher.verify("Correct horse battery".toCharArray(), hash));
        assertFalse(hasher.verify(new char[0], hash));
    }

    @Test
    void hashingTheSamePasswordTwiceGivesDifferentHashesBecauseOfTheSalt() {
        String first = hasher.hash(PASSWORD);
        String second = hasher.hash(PASSWORD);
        assertNotEquals(first, second);
        assertNotEquals(first.split("\\$")[2], second.split("\\$")[2]);
        assertTrue(hasher.verify(PASSWORD, first));
        assertTrue(hasher.verify(PASSWORD, second));
    }

    @Test
    void encodedFormNamesAlgorithmIterationsSaltAndKey() {
        String hash = new PasswordHasher(1234).hash(PASSWORD);
        // 16 bytes of salt and 32 bytes of key, base64 without padding
        assertTrue(hash.matches("pbkdf2-sha256\\$1234\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), hash);
    }

    @Test
    void aHashMadeWithAnotherIterationCountStillVerifies() {
        String old = new PasswordHasher(1000).hash(PASSWORD);
        PasswordHasher raised = new PasswordHasher(2000);
        assertTrue(raised.verify(PASSWORD, old));
        assertFalse(raised.verify("wrong password!".toCharArray(), old));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "pbkdf2-sha256", "pbkdf2-sha256$1000$AAAA",
        "pbkdf2-sha256$1000$AAAA$AAAA$AAAA", "bcrypt$1000$AAAAAAAAAAAAAAAAAAAAAA$AAAA", "$$$"})
    void anEncodedFormOfTheWrongShapeDoesNotVerify(String encoded) {
        assertFalse(hasher.verify(PASSWORD, encoded));
    }

    @Test
    void anEncodedFormWithCorruptFieldsDoesNotVerify() {
        assertFalse(hasher.verify(PASSWORD, "pbkdf2-sha256$many$AAAAAAAAAAAAAAAAAAAAAA$AAAA"));
        assertFalse(hasher.verify(PASSWORD, "pbkdf2-sha256$1000$not*base64$AAAA"));
        assertFalse(hasher.verify(PASSWORD, "pbkdf2-sha256$0$AAAAAAAAAAAAAAAAAAAAAA$AAAA"));
        assertFalse(hasher.verify(PASSWORD, "pbkdf2-sha256$-5$AAAAAAAAAAAAAAAAAAAAAA$AAAA"));
    }

    @ParameterizedTest
    @ValueSource(ints = {999, 1, 0, -1})
    void fewerThan1000IterationsAreRefused(int iterations) {
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(iterations));
    }

    @Test
    void burnSpendsAHashWithoutFailing() {
        assertDoesNotThrow(() -> hasher.burn(PASSWORD));
        assertDoesNotThrow(() -> hasher.burn(new char[0]));
    }

    /** HMAC pads its key with zero bytes: without the check, trailing NULs would still sign in. */
    @Test
    void aPasswordWithTrailingNulBytesDoesNotMatch() {
        char[] password = "a long pass phrase".toCharArray();
        String hash = hasher.hash(password);
        Assertions.assertTrue(hasher.verify(password, hash));
        Assertions.assertFalse(hasher.verify("a long pass phrase\u0000".toCharArray(), hash));
        Assertions.assertFalse(hasher.verify("a long pass phrase\u0000\u0000\u0000".toCharArray(), hash));
    }
}
