package dev.collab.invitations.internal;

import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
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
 * Delivers mails to an SMTP server through Jakarta Mail (Angus). Exists only while its
 * configuration does (the launcher writes it when {@code COLLAB_SMTP_HOST} is set); at ranking 0
 * it then replaces the {@code .eml} file transport, and a partner transport ranked higher
 * replaces it.
 */
@Component(service = MailTransport.class, configurationPid = SmtpTransport.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
    property = Constants.SERVICE_RANKING + ":Integer=0")
@Designate(ocd = SmtpTransportConfiguration.class)
public final class SmtpTransport implements MailTransport {
    static final String PID = "dev.collab.mail.smtp";
    private final Session session;
    private final String user;
    private final String password;
    private final String server;

    @Activate
    public SmtpTransport(SmtpTransportConfiguration config) throws Exception {
        if (config.host() == null || config.host().isBlank()) {
            throw new IllegalArgumentException("The SMTP transport needs a host (" + PID + " host)");
        }
        String host = config.host().trim();
        this.server = host + ":" + config.port();
        this.user = config.user() == null || config.user().isBlank() ? null : config.user().trim();
        this.password = config._password() == null ? "" : config._password();
        String timeout = Integer.toString(Math.max(1, config.timeoutMillis()));
        Properties properties = new Properties();
        properties.put("mail.transport.protocol", "smtp");
        properties.put("mail.smtp.host", host);
        properties.put("mail.smtp.port", Integer.toString(config.port()));
        properties.put("mail.smtp.connectiontimeout", timeout);
        properties.put("mail.smtp.timeout", timeout);
        properties.put("mail.smtp.writetimeout", timeout);
        properties.put("mail.smtp.auth", Boolean.toString(user != null));
        if (config.starttls()) {
            properties.put("mail.smtp.starttls.enable", "true");
            properties.put("mail.smtp.starttls.required", "true");
        }
        this.session = MimeMessages.withMailClassLoader(() -> Session.getInstance(properties));
    }

    @Override
    public void send(OutgoingMail mail) throws MailDeliveryException {
        MimeMessage message;
        try {
            message = MimeMessages.withMailClassLoader(() -> MimeMessages.build(session, mail));
        } catch (AddressException e) {
            throw new MailDeliveryException("Invalid address: " + e.getMessage(), true, e);
        } catch (Exception e) {
            throw new MailDeliveryException("The message could not be built: " + e, false, e);
        }
        try {
            MimeMessages.withMailClassLoader(() -> {
                if (user == null) {
                    Transport.send(message);
                } else {
                    Transport.send(message, user, password);
                }
                return null;
            });
        } catch (MessagingException e) {
            boolean permanent = SmtpFailures.permanent(e);
            throw new MailDeliveryException((permanent ? "Refused by " : "Not delivered to ") + server + ": " + describe(e),
                permanent, e);
        } catch (Exception e) {
            throw new MailDeliveryException("Not delivered to " + server + ": " + e, false, e);
        }
    }

    /** The server's reply if there is one, else the first message of the chain. */
    private static String describe(MessagingException failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t : SmtpFailures.chain(failure)) {
            String message = t.getMessage();
            if (message != null && !message.isBlank() && text.indexOf(message.trim()) < 0) {
                if (text.length() > 0) {
                    text.append("; ");
                }
                text.append(message.replaceAll("\\s+", " ").trim());
            }
        }
        return text.length() == 0 ? failure.getClass().getSimpleName() : text.toString();
    }
}
