package dev.collab.itests.osgi;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

import dev.collab.api.mail.MailOutboxListener;
import dev.collab.api.mail.MailTransport;
import dev.collab.api.mail.OutgoingMail;
import dev.collab.testkit.Outbox;

/**
 * Catches registration tokens as a partner bundle could: the only way a raw token leaves the
 * core is inside its mail, so this registers a {@link MailTransport} at a higher ranking than
 * the embedded ones, records the delivered mails and reads the token from the link in the text
 * part. It also registers a {@link MailOutboxListener}, as any bundle may, and checks that the
 * signal never carries a token: only the outbox ids, which name the mails' Message-IDs. A mail
 * counts only if its outbox id was signalled while this catcher was registered, so a late mail
 * of an earlier test is never taken for a new one. Kept apart from the test class so that the
 * suite's API types are only loaded once the API bundle is there.
 */
final class TokenCatcher implements MailTransport, MailOutboxListener {
    private final Set<String> signalled = ConcurrentHashMap.newKeySet();
    private final List<OutgoingMail> delivered = new CopyOnWriteArrayList<>();
    private ServiceRegistration<?> transport;
    private ServiceRegistration<?> listener;

    static TokenCatcher register(BundleContext context) {
        TokenCatcher catcher = new TokenCatcher();
        catcher.listener = context.registerService(MailOutboxListener.class, catcher, null);
        Dictionary<String, Object> ranking = new Hashtable<>();
        ranking.put(Constants.SERVICE_RANKING, 1000);
        catcher.transport = context.registerService(MailTransport.class, catcher, ranking);
        return catcher;
    }

    @Override
    public void queued(String outboxId) {
        signalled.add(outboxId);
    }

    @Override
    public void send(OutgoingMail mail) {
        delivered.add(mail);
    }

    /** The token of the newest mail to {@code email} queued since registration; waits for its delivery. */
    String token(String email) {
        String[] token = new String[1];
        Await.until("a registration mail to " + email, Duration.ofSeconds(30), () -> (token[0] = newest(email)) != null);
        for (String id : signalled) {
            if (id.contains(token[0]) || token[0].contains(id) || id.toLowerCase(Locale.ROOT).contains(email.toLowerCase(Locale.ROOT))) {
                throw new AssertionError("The outbox signal carried a secret: " + id);
            }
        }
        return token[0];
    }

    private String newest(String email) {
        List<OutgoingMail> mails = List.copyOf(delivered);
        for (int i = mails.size() - 1; i >= 0; i--) {
            OutgoingMail mail = mails.get(i);
            if (mail.to().equalsIgnoreCase(email) && signalledHere(mail)) {
                Matcher link = Outbox.LINK.matcher(mail.text());
                if (!link.find()) {
                    throw new AssertionError("No registration link in the text part of the mail to " + email + ":\n" + mail.text());
                }
                return link.group(1);
            }
        }
        return null;
    }

    /** Whether the mail's Message-ID ({@code <outbox-id@host>}) names an outbox entry signalled to this catcher. */
    private boolean signalledHere(OutgoingMail mail) {
        String messageId = mail.messageId();
        int at = messageId.indexOf('@');
        return messageId.startsWith("<") && at > 1 && signalled.contains(messageId.substring(1, at));
    }

    /** The recipients of the mails delivered since registration, in order. */
    List<String> recipients() {
        return delivered.stream().filter(this::signalledHere).map(OutgoingMail::to).toList();
    }

    void close() {
        transport.unregister();
        listener.unregister();
    }
}
