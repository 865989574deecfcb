package dev.collab.invitations.internal;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressSucceededException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Tells a permanent SMTP failure from one that may pass. Permanent: the server refused this
 * recipient or this message with a 5xx reply. Not permanent: 4xx replies, connection and I/O
 * failures, and refusals that concern our side rather than the mail (authentication, STARTTLS,
 * the sender address): an operator fixes those, after which the same mail can go out.
 */
final class SmtpFailures {

    private SmtpFailures() {
    }

    /**
     * @param failure what Jakarta Mail threw
     * @return whether retrying cannot help
     */
    static boolean permanent(MessagingException failure) {
        boolean permanent = false;
        for (Throwable t : chain(failure)) {
            if (t instanceof AuthenticationFailedException || t instanceof SMTPSenderFailedException) {
                return false;
            }
            int code = code(t);
            if (code != 0 && !permanentReply(code)) {
                return false;
            }
            permanent |= permanentReply(code);
        }
        if (!permanent && failure instanceof SendFailedException sendFailed && sendFailed.getInvalidAddresses() != null
            && sendFailed.getInvalidAddresses().length > 0 && codes(failure) == 0) {
            // refused before any server reply, e.g. an address Jakarta Mail cannot send to
            return true;
        }
        return permanent;
    }

    /**
     * @param code an SMTP reply code
     * @return whether it is a permanent reply about the mail (not about our credentials or TLS)
     */
    static boolean permanentReply(int code) {
        return code >= 500 && code < 600 && !configurationReply(code);
    }

    /** 530 authentication/STARTTLS required, 534 mechanism too weak, 535 bad credentials, 538 encryption required. */
    private static boolean configurationReply(int code) {
        return code == 530 || code == 534 || code == 535 || code == 538;
    }

    /** @return the SMTP reply code a Jakarta Mail exception carries, or 0 */
    static int code(Throwable t) {
        if (t instanceof SMTPAddressSucceededException) {
            return 0;
        }
        if (t instanceof SMTPAddressFailedException e) {
            return e.getReturnCode();
        }
        if (t instanceof SMTPSendFailedException e) {
            return e.getReturnCode();
        }
        if (t instanceof SMTPSenderFailedException e) {
            return e.getReturnCode();
        }
        return 0;
    }

    private static int codes(MessagingException failure) {
        int found = 0;
        for (Throwable t : chain(failure)) {
            found = Math.max(found, code(t));
        }
        return found;
    }

    /** The exception, its next exceptions (Jakarta Mail's chain) and causes, each once. */
    static Set<Throwable> chain(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Throwable> todo = new ArrayDeque<>();
        todo.add(failure);
        LinkedHashSet<Throwable> ordered = new LinkedHashSet<>();
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (t == null || !seen.add(t)) {
                continue;
            }
            ordered.add(t);
            if (t instanceof MessagingException m && m.getNextException() != null) {
                todo.add(m.getNextException());
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
        }
        return ordered;
    }
}
