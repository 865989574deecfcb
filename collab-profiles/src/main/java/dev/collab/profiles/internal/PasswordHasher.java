package dev.collab.profiles.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import dev.collab.api.TemporarilyUnavailableException;

/**
 * PBKDF2-HMAC-SHA256 with a random 128-bit salt per password. The encoded form names the
 * algorithm and the iteration count, so that the count can be raised later and old hashes
 * still verify. At most a fixed number of derivations run at a time: password guessing must not
 * take every processor from the other requests, and a check that finds no slot in time is
 * answered "busy" rather than queued without end.
 */
public final class PasswordHasher {
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final String PREFIX = "pbkdf2-sha256";
    private final int iterations;
    private final SecureRandom random = new SecureRandom();
    private final Semaphore slots;
    private final long waitMillis;

    public PasswordHasher(int iterations) {
        this(iterations, 0, 2000);
    }

    /**
     * @param iterations work factor of new hashes
     * @param concurrent derivations at a time; 0 for half the processors, at least 1
     * @param waitMillis how long to wait for a slot
     */
    public PasswordHasher(int iterations, int concurrent, long waitMillis) {
        if (iterations < 1000) {
            throw new IllegalArgumentException("iterations must be at least 1000");
        }
        this.iterations = iterations;
        // Half the processors: the other half stays free for requests that do not hash.
        int slots = concurrent > 0 ? concurrent : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        this.slots = new Semaphore(slots, true);
        this.waitMillis = Math.max(0, waitMillis);
    }

    /** @return hashing slots free right now */
    int freeSlots() {
        return slots.availablePermits();
    }

    public String hash(char[] password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        byte[] key = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(key);
    }

    public boolean verify(char[] password, String encoded) {
        // HMAC pads its key with zero bytes, so "secret" and "secret\0" would derive the same
        // hash: a password with control characters never matches (none can be set, see Rules).
        if (Rules.hasControl(password)) {
            return false;
        }
        String[] parts = encoded.split("\\$");
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            return false;
        }
        try {
            int count = Integer.parseInt(parts[1]);
            if (count < 1000 || count > 10_000_000) {
                return false;
            }
            Base64.Decoder b64 = Base64.getDecoder();
            byte[] salt = b64.decode(parts[2]);
            byte[] expected = b64.decode(parts[3]);
            if (salt.length == 0 || expected.length == 0) {
                return false;
            }
            return MessageDigest.isEqual(expected, derive(password, salt, count));
        } catch (IllegalArgumentException corrupt) {
            // NumberFormatException included: a corrupt stored hash never verifies.
            return false;
        }
    }

    /** Spends the same time as a real check, so that unknown logins cannot be told apart by timing. */
    public void burn(char[] password) {
        derive(password, new byte[16], iterations);
    }

    private byte[] derive(char[] password, byte[] salt, int iterations) {
        try {
            if (!slots.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
                throw new TemporarilyUnavailableException("unavailable.busy", "Too many password checks at once; retry shortly.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TemporarilyUnavailableException("unavailable.busy", "Interrupted while waiting to check a password; retry shortly.");
        }
        try {
            return pbkdf2(password, salt, iterations);
        } finally {
            slots.release();
        }
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        } finally {
            spec.clearPassword();
        }
    }
}
