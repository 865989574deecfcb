package dev.collab.api.mail;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The transactional outbox of the suite's mails: an invitation (or a password reset) and its mail
 * are recorded in one transaction; a dispatcher takes due mails from here and reports what
 * became of them. Its mails carry raw tokens, so the embedded implementation shows and gives this
 * service only to the dispatchers that the configuration {@code dev.collab.mail.outbox} names
 * (the suite's own by default); a partner catches mails with a {@link MailTransport}.
 */
@ProviderType
public interface MailOutbox {

    /**
     * @param now the current time
     * @param max at most this many
     * @return mails due for a delivery attempt, oldest first
     */
    List<PendingMail> due(Instant now, int max);

    /**
     * The mail was handed to the mail server. Its token is erased from the outbox.
     *
     * @param id the outbox entry
     * @param messageId the Message-ID it was sent with
     */
    void sent(String id, String messageId);

    /**
     * A delivery attempt failed for a reason that may pass.
     *
     * @param id the outbox entry
     * @param error what went wrong, for the operator
     * @param nextAttempt when to try again
     */
    void retry(String id, String error, Instant nextAttempt);

    /**
     * The mail cannot be delivered (the server refused it for good, or too many attempts failed).
     * Its token is erased from the outbox; the inviter sees the failure and may resend (a
     * password reset is simply asked for again).
     *
     * @param id the outbox entry
     * @param error what went wrong
     */
    void failed(String id, String error);
}
