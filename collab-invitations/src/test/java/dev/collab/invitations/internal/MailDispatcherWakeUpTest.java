package dev.collab.invitations.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.osgi.util.converter.Converters;

import dev.collab.api.mail.MailOutbox;
import dev.collab.api.mail.MailOutboxListener;
import dev.collab.api.mail.OutgoingMail;
import dev.collab.api.mail.PasswordResetIssued;
import dev.collab.api.mail.PendingMail;

/**
 * The dispatcher is woken by the outbox id alone and takes the mail, with its token, from the
 * outbox: a password reset goes out at once, not at the next poll.
 */
class MailDispatcherWakeUpTest {
    private static final String TOKEN = "Zq7_-".repeat(8) + "abc";

    /** An outbox holding one due reset mail until it is reported sent. */
    private static final class OneMailOutbox implements MailOutbox {
        final List<String> sent = new CopyOnWriteArrayList<>();

        @Override
        public List<PendingMail> due(Instant now, int max) {
            return sent.isEmpty() ? List.of(new PendingMail("out-7", PendingMail.PASSWORD_RESET, null,
                new PasswordResetIssued("acme", "reset-7", "mia@firma.de", TOKEN, now.plusSeconds(3600)), "Allfinanz Meier",
                "de", 0, now)) : List.of();
        }

        @Override
        public void sent(String id, String messageId) {
            sent.add(id + " " + messageId);
        }

        @Override
        public void retry(String id, String error, Instant nextAttempt) {
            throw new AssertionError(error);
        }

        @Override
        public void failed(String id, String error) {
            throw new AssertionError(error);
        }
    }

    @Test
    void aQueuedSignalSendsTheMailFromTheOutboxAtOnce() throws Exception {
        OneMailOutbox outbox = new OneMailOutbox();
        MailDispatcher dispatcher = new MailDispatcher(Converters.standardConverter()
            .convert(Map.of("baseUrl", "https://portal.broker.example/", "pollSeconds", 3600))
            .to(MailDispatcherConfiguration.class), outbox);
        List<OutgoingMail> delivered = new CopyOnWriteArrayList<>();
        dispatcher.transport = delivered::add;
        dispatcher.resetTemplates = List.of(Map.entry(Map.<String, Object>of(Constants.SERVICE_RANKING, Integer.MIN_VALUE,
            Constants.SERVICE_ID, 1L), new DefaultPasswordResetTemplate()));
        dispatcher.start();
        try {
            // an hour to the first poll: only the signal can make it go out now
            Thread.sleep(300);
            assertTrue(delivered.isEmpty());
            MailOutboxListener listener = dispatcher;
            listener.queued("out-7");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            // the transport gets the mail before the outbox hears it was sent: wait for both
            while (outbox.sent.isEmpty() && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertEquals(1, delivered.size(), "sent at once");
            assertEquals("mia@firma.de", delivered.get(0).to());
            assertTrue(delivered.get(0).text().contains("/collab/password/reset?token=" + TOKEN), "the token came from the outbox");
            assertEquals(List.of("out-7 <out-7@portal.broker.example>"), outbox.sent);
        } finally {
            dispatcher.stop();
        }
    }
}
