package dev.collab.profiles.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import dev.collab.profiles.internal.persistence.Database;

/**
 * Seals invitation tokens while their mail waits in the outbox, so that the database (and its
 * backups) never hold a usable token: AES-256-GCM under a key kept in a file of its own beside
 * the database, readable by the owner only, created on first use.
 */
@Component(service = TokenSeal.class, configurationPid = TokenSealConfiguration.PID)
@Designate(ocd = TokenSealConfiguration.class)
public final class TokenSeal {
    private static final int IV = 12;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    /**
     * The key configured (every node of a cluster is given the same), else the one beside the
     * database, in {@code <data>/secrets/outbox.key}.
     */
    @Activate
    public TokenSeal(TokenSealConfiguration config, @Reference Database db) {
        this.key = new SecretKeySpec(config._key().isBlank() ? loadOrCreate(keyFile(db)) : given(config._key()), "AES");
    }

    /** The key beside the database, in {@code <data>/secrets/outbox.key}. */
    public TokenSeal(Database db) {
        this(keyFile(db));
    }

    private static Path keyFile(Database db) {
        return db.dataDir().resolve("secrets").resolve("outbox.key");
    }

    private static byte[] given(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The outbox key (COLLAB_OUTBOX_KEY) is not Base64");
        }
        if (key.length != 32) {
            throw new IllegalArgumentException("The outbox key (COLLAB_OUTBOX_KEY) must be 32 bytes, Base64-encoded (e.g. openssl rand -base64 32), not "
                + key.length);
        }
        return key;
    }

    TokenSeal(Path keyFile) {
        this.key = new SecretKeySpec(loadOrCreate(keyFile), "AES");
    }

    String seal(String token) {
        try {
            byte[] iv = new byte[IV];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.US_ASCII));
            byte[] out = Arrays.copyOf(iv, IV + sealed.length);
            System.arraycopy(sealed, 0, out, IV, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** @return the token, or {@code null} if it cannot be opened (e.g. the key file was replaced) */
    String open(String sealed) {
        try {
            byte[] in = Base64.getDecoder().decode(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, IV));
            return new String(cipher.doFinal(in, IV, in.length - IV), StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    private byte[] loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
            }
            Files.createDirectories(file.getParent());
            byte[] fresh = new byte[32];
            random.nextBytes(fresh);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            } catch (FileAlreadyExistsException raced) {
                return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
            }
            Files.writeString(file, Base64.getEncoder().encodeToString(fresh), StandardCharsets.US_ASCII);
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the outbox key " + file, e);
        }
    }
}
