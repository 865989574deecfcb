package dev.collab.invitations.internal;

import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.MimeMessage;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

import dev.collab.api.mail.MailDeliveryException;
import dev.collab.api.mail.MailTransport;
import dev.collab.api.mail.OutgoingMail;

/**
 * Delivers mails to an SMTP server through Jakarta Mail (Angus). Exists only while its
 * configuration does (the launcher writes it when {@code COLLAB_SMTP_HOST} is set); at ranking 0
 * it then replaces the {@code .eml} file transport, and a partner transport ranked higher
 * replaces it.
 *
 * <p>One connection carries the mails of a busy spell: it stays open while mails follow each
 * other within {@code keepAliveSeconds}, is checked with {@code NOOP} before it carries the next
 * one, and is closed once that long passes without a mail. A bulk invite of 500 then costs the
 * server one connection (and one TLS handshake and login) instead of 500, which relays that
 * limit connections per client would otherwise throttle. Any failure closes it: the next mail
 * starts on a fresh one.
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
    private final long keepAliveNanos;
    /** Closes the kept connection once it idled; {@code null} when no connection is kept. */
    private final ScheduledExecutorService idle;
    private final ReentrantLock lock = new ReentrantLock();
    /** The connection kept for the next mail, or {@code null}; guarded by {@link #lock}. */
    private Transport kept;
    /** When {@link #kept} last carried a mail ({@link System#nanoTime}); guarded by {@link #lock}. */
    private long lastUsed;
    /** The pending close of {@link #kept}; guarded by {@link #lock}. */
    private ScheduledFuture<?> closing;

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
        int keepAlive = Math.max(0, config.keepAliveSeconds());
        this.keepAliveNanos = TimeUnit.SECONDS.toNanos(keepAlive);
        if (keepAlive > 0) {
            ScheduledThreadPoolExecutor closer = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = Executors.defaultThreadFactory().newThread(runnable);
                thread.setName("collab-smtp-idle " + server);
                thread.setDaemon(true);
                return thread;
            });
            closer.setRemoveOnCancelPolicy(true);
            this.idle = closer;
        } else {
            this.idle = null;
        }
    }

    @Deactivate
    void stop() {
        if (idle != null) {
            idle.shutdownNow();
        }
        lock.lock();
        try {
            close(kept);
            kept = null;
        } finally {
            lock.unlock();
        }
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
        lock.lock();
        try {
            Transport transport = null;
            try {
                transport = reusable();
                if (transport == null) {
                    transport = session.getTransport("smtp");
                    Transport connecting = transport;
                    MimeMessages.withMailClassLoader(() -> {
                        connecting.connect(user, user == null ? null : password);
                        return null;
                    });
                }
                Transport carrying = transport;
                MimeMessages.withMailClassLoader(() -> {
                    carrying.sendMessage(message, message.getAllRecipients());
                    return null;
                });
            } catch (MessagingException e) {
                close(transport);
                boolean permanent = SmtpFailures.permanent(e);
                throw new MailDeliveryException((permanent ? "Refused by " : "Not delivered to ") + server + ": " + describe(e),
                    permanent, e);
            } catch (Exception e) {
                close(transport);
                throw new MailDeliveryException("Not delivered to " + server + ": " + e, false, e);
            }
            keep(transport);
        } finally {
            lock.unlock();
        }
    }

    /** The kept connection if it is young enough and still answers {@code NOOP}, else {@code null}. Lock held. */
    private Transport reusable() {
        Transport transport = kept;
        kept = null;
        if (transport == null) {
            return null;
        }
        if (System.nanoTime() - lastUsed < keepAliveNanos && transport.isConnected()) {
            return transport;
        }
        close(transport);
        return null;
    }

    /** Keeps the connection for the next mail, and closes it once it idled for the keep-alive. Lock held. */
    private void keep(Transport transport) {
        if (closing != null) {
            closing.cancel(false);
            closing = null;
        }
        if (idle == null) {
            close(transport);
            return;
        }
        lastUsed = System.nanoTime();
        try {
            closing = idle.schedule(this::closeIdle, keepAliveNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            // the component is being deactivated: the mail went out, the connection is not kept
            close(transport);
            return;
        }
        kept = transport;
    }

    private void closeIdle() {
        lock.lock();
        try {
            if (kept != null && System.nanoTime() - lastUsed >= keepAliveNanos) {
                close(kept);
                kept = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends the connection with {@code QUIT}; one that is already gone is simply dropped. */
    private static void close(Transport transport) {
        if (transport == null) {
            return;
        }
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            // nothing more to say to a server that is gone
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
