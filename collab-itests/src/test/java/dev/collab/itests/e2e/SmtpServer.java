package dev.collab.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * An SMTP server in the test JVM (GreenMail) on a fixed loopback port, so that a test can start
 * it, stop it and start it again where the container expects it.
 */
final class SmtpServer implements AutoCloseable {
    /** The registration link of the launcher contract, on any base. */
    static final Pattern ANY_LINK = Pattern.compile("/collab/register\\?token=([A-Za-z0-9_-]{43,})");

    final int port;
    private final GreenMail greenMail;

    private SmtpServer(int port) {
        this.port = port;
        this.greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    }

    /** Starts a new, empty server on {@code port} (retrying a few seconds while the port is still being released). */
    static SmtpServer start(int port) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            SmtpServer server = new SmtpServer(port);
            try {
                server.greenMail.start();
                return server;
            } catch (RuntimeException e) {
                last = e;
                server.stop();
                CollabProcess.sleep(500);
            }
        }
        throw new IllegalStateException("GreenMail could not listen on 127.0.0.1:" + port, last);
    }

    void stop() {
        try {
            greenMail.stop();
        } catch (RuntimeException e) {
            // stopping a server that never started
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Every message received so far, grouped by mailbox, in the order of receipt within a mailbox. */
    List<MimeMessage> messages() {
        return List.of(greenMail.getReceivedMessages());
    }

    int count() {
        return greenMail.getReceivedMessages().length;
    }

    /** Blocks until the server has received {@code total} messages in all (GreenMail signals each delivery). */
    boolean awaitTotal(int total, Duration limit) {
        return greenMail.waitForIncomingEmail(limit.toMillis(), total);
    }

    List<MimeMessage> messagesTo(String email) {
        List<MimeMessage> result = new ArrayList<>();
        for (MimeMessage message : messages()) {
            if (recipient(message).equalsIgnoreCase(email)) {
                result.add(message);
            }
        }
        return result;
    }

    /** Waits until {@code email} has received at least {@code n} messages and returns the n-th (1-based). */
    MimeMessage awaitMessageTo(String email, int n, Duration limit, Supplier<String> context) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            List<MimeMessage> received = messagesTo(email);
            if (received.size() >= n) {
                return received.get(n - 1);
            }
            if (System.nanoTime() > deadline) {
                fail("no mail #" + n + " to " + email + " within " + limit.toSeconds() + " s (received in all: "
                    + countByRecipient(r -> true) + ")\n" + context.get());
            }
            CollabProcess.sleep(50);
        }
    }

    /** Waits until every address matching {@code which} together received at least {@code n} messages. */
    Map<String, Integer> awaitCount(Predicate<String> which, int n, Duration limit, Supplier<String> context) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Map<String, Integer> counts = countByRecipient(which);
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            if (total >= n) {
                return counts;
            }
            if (System.nanoTime() > deadline) {
                fail("only " + total + " of " + n + " mails arrived within " + limit.toSeconds() + " s: " + counts + "\n"
                    + context.get());
            }
            CollabProcess.sleep(200);
        }
    }

    /** Number of messages per (lower-cased) recipient, for the recipients matching {@code which}. */
    Map<String, Integer> countByRecipient(Predicate<String> which) {
        Map<String, Integer> counts = new TreeMap<>();
        for (MimeMessage message : messages()) {
            String to = recipient(message);
            if (which.test(to)) {
                counts.merge(to, 1, Integer::sum);
            }
        }
        return counts;
    }

    /** The single To address, lower-cased. */
    static String recipient(MimeMessage message) {
        try {
            Address[] to = message.getRecipients(Message.RecipientType.TO);
            if (to == null || to.length != 1) {
                return "(" + (to == null ? 0 : to.length) + " recipients)";
            }
            return ((InternetAddress) to[0]).getAddress().toLowerCase(Locale.ROOT);
        } catch (MessagingException e) {
            return fail("unreadable To header", e);
        }
    }

    /** The text/plain part (the whole body of a single-part message). */
    static String text(MimeMessage message) {
        String text = part(message, "text/plain");
        assertTrue(text != null, "the mail has no text/plain part");
        return text;
    }

    /** The text/html part, or null. */
    static String html(MimeMessage message) {
        return part(message, "text/html");
    }

    private static String part(Part part, String type) {
        try {
            if (part.isMimeType(type)) {
                Object content = part.getContent();
                return content instanceof String s ? s : null;
            }
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart body = multipart.getBodyPart(i);
                    String found = part(body, type);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        } catch (MessagingException | IOException e) {
            return fail("unreadable message part", e);
        }
    }

    /** The token of the registration link in the mail's plain text, checked against {@code link}. */
    static String token(MimeMessage message, Pattern link) {
        String text = text(message);
        Matcher matcher = link.matcher(text);
        assertTrue(matcher.find(), () -> "no link matching " + link + " in:\n" + text);
        return matcher.group(1);
    }
}
