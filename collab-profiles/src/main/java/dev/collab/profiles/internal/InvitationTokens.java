package dev.collab.profiles.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Registration tokens: 256 random bits, URL-safe Base64 without padding (43 characters), so
 * that they fit the link {@code <base>/collab/register?token=<token>} unescaped. Only the
 * SHA-256 of a token is ever stored; the token itself exists in the mail and nowhere else.
 */
public final class InvitationTokens {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private final SecureRandom random;

    public InvitationTokens(SecureRandom random) {
        this.random = random;
    }

    /** @return a fresh token */
    public String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** @return whether the text has a token's shape; anything else can be refused before a lookup */
    public static boolean isWellFormed(String token) {
        return token != null && SHAPE.matcher(token).matches();
    }

    /** @return the lower-case hex SHA-256 of the token, the only form that is stored */
    public static String hash(String token) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
