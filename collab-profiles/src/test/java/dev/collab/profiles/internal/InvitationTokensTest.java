package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class InvitationTokensTest {
    private final InvitationTokens tokens = new InvitationTokens(new SecureRandom());

    @Test
    void tokensAreUrlSafeAndCarry256Bits() {
        String token = tokens.newToken();
        assertEquals(43, token.length());
        assertTrue(token.matches("[A-Za-z0-9_-]+"), token);
        assertTrue(InvitationTokens.isWellFormed(token));
    }

    @Test
    void tokensDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(tokens.newToken()));
        }
    }

    @Test
    void hashIsStableHexAndDiffersFromTheToken() {
        String token = tokens.newToken();
        String hash = InvitationTokens.hash(token);
        assertEquals(64, hash.length());
        assertEquals(hash, InvitationTokens.hash(token));
        assertNotEquals(hash, InvitationTokens.hash(tokens.newToken()));
        assertFalse(hash.contains(token));
    }

    @Test
    void malformedTokensAreRecognisedWithoutALookup() {
        assertFalse(InvitationTokens.isWellFormed(null));
        assertFalse(InvitationTokens.isWellFormed("short"));
        assertFalse(InvitationTokens.isWellFormed("a".repeat(42) + "="));
        assertFalse(InvitationTokens.isWellFormed("a".repeat(44)));
    }
}
