package dev.collab.invitations.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.MimeMessage;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import dev.collab.api.mail.MailDeliveryException;
import dev.collab.api.mail.MailTransport;
import dev.collab.api.mail.OutgoingMail;

/**
 * The mail transport of a container without SMTP settings: each mail is written, as the very
 * message SMTP would carry, to {@code <outboxDir>/<message id>.eml}, where an operator (or a test)
 * opens it. Written to a temporary file and moved into place, so a reader never sees half a
 * message; a retry of the same mail replaces its file. At the lowest ranking: an SMTP or partner
 * transport replaces it.
 */
@Component(service = MailTransport.class, configurationPid = EmlFileTransport.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
    property = Constants.SERVICE_RANKING + ":Integer=" + Integer.MIN_VALUE)
@Designate(ocd = EmlFileTransportConfiguration.class)
public final class EmlFileTransport implements MailTransport {
    static final String PID = "dev.collab.mail.file";
    private final Path outbox;
    private final Session session;

    @Activate
    public EmlFileTransport(EmlFileTransportConfiguration config) throws Exception {
        if (config.outboxDir() == null || config.outboxDir().isBlank()) {
            throw new IllegalArgumentException("The .eml transport needs a folder (" + PID + " outboxDir)");
        }
        this.outbox = Path.of(config.outboxDir()).toAbsolutePath().normalize();
        try {
            Files.createDirectories(outbox);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the mail outbox folder " + outbox, e);
        }
        this.session = MimeMessages.withMailClassLoader(() -> Session.getInstance(new Properties()));
    }

    @Override
    public void send(OutgoingMail mail) throws MailDeliveryException {
        Path file = outbox.resolve(fileName(mail.messageId()));
        Path temp = outbox.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            MimeMessages.withMailClassLoader(() -> {
                MimeMessage message = MimeMessages.build(session, mail);
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                    message.writeTo(out);
                    out.flush();
                    channel.force(true);
                }
                return null;
            });
            move(temp, file);
        } catch (AddressException e) {
            throw new MailDeliveryException("Invalid address: " + e.getMessage(), true, e);
        } catch (Exception e) {
            throw new MailDeliveryException("Cannot write " + file + ": " + e, false, e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // the temp file is hidden and named uniquely; a leftover does no harm
            }
        }
    }

    private static void move(Path temp, Path file) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** {@code <abc@host>} becomes {@code abc@host.eml}; anything but letters, digits, {@code . _ - @ +} becomes {@code _}. */
    static String fileName(String messageId) {
        String bare = messageId == null ? "" : messageId.trim().replaceAll("^<|>$", "");
        String safe = bare.replaceAll("[^A-Za-z0-9._@+-]", "_").replaceAll("^\\.+", "");
        if (safe.isEmpty()) {
            safe = "mail-" + UUID.randomUUID();
        }
        return (safe.length() > 200 ? safe.substring(0, 200) : safe) + ".eml";
    }
}
