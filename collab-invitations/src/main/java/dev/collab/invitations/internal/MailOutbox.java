package dev.collab.invitations.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.collab.api.invitations.InvitationIssued;
import dev.collab.api.invitations.InvitationSink;

/**
 * The mail transport of a container without SMTP settings: each invitation's registration
 * mail is written as an {@code .eml} file to the outbox folder, where an operator (or a test)
 * can open it. At the lowest ranking: an SMTP transport replaces it.
 */
@Component(configurationPid = "dev.collab.mail", configurationPolicy = ConfigurationPolicy.REQUIRE,
    property = Constants.SERVICE_RANKING + ":Integer=" + Integer.MIN_VALUE)
@Designate(ocd = MailOutboxConfiguration.class)
public final class MailOutbox implements InvitationSink {
    private static final Logger LOG = LoggerFactory.getLogger(MailOutbox.class);
    private final Path outbox;
    private final String baseUrl;
    private final String from;

    @Activate
    public MailOutbox(MailOutboxConfiguration config) {
        this.outbox = Path.of(config.outboxDir()).toAbsolutePath().normalize();
        this.baseUrl = config.baseUrl();
        this.from = config.from();
        try {
            Files.createDirectories(outbox);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the mail outbox " + outbox, e);
        }
    }

    @Override
    public void issued(InvitationIssued invitation) {
        String host = URI.create(baseUrl).getHost();
        String message = InvitationMail.render(invitation, baseUrl, from, host == null ? "collab" : host);
        Path file = outbox.resolve(invitation.invitationId() + ".eml");
        Path temp = outbox.resolve("." + invitation.invitationId() + ".tmp");
        try {
            Files.writeString(temp, message, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the invitation mail " + file, e);
        }
        // The token is in the file, never in the log.
        LOG.info("Invitation mail for {} written to {}", invitation.email(), file);
    }
}
