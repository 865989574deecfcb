package dev.collab.invitations.internal;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.collab.api.invitations.InvitationIssued;
import dev.collab.api.mail.InvitationMailModel;
import dev.collab.api.mail.InvitationTemplate;
import dev.collab.api.mail.MailDeliveryException;
import dev.collab.api.mail.MailOutbox;
import dev.collab.api.mail.MailOutboxListener;
import dev.collab.api.mail.MailTransport;
import dev.collab.api.mail.OutgoingMail;
import dev.collab.api.mail.PasswordResetIssued;
import dev.collab.api.mail.PasswordResetMailModel;
import dev.collab.api.mail.PasswordResetTemplate;
import dev.collab.api.mail.PendingMail;
import dev.collab.api.mail.RenderedMail;

/**
 * Delivers the mails of the outbox: invitations and password resets. One thread polls the
 * outbox every few seconds, and at once when the core signals a queued mail (an invitation or a
 * reset; the signal is the outbox id only, the mail and its token come from the outbox); each due
 * mail is worded by the best template of its kind for its language and handed to the
 * highest-ranked transport, then marked sent, failed, or due
 * again after an exponential backoff. All state lives in the outbox, so delivery resumes where it
 * stopped after a restart of the container or of this bundle; a mail whose outcome was unknown
 * is sent again with the same Message-ID. Tokens and links are never logged.
 */
@Component(immediate = true, configurationPid = MailDispatcher.PID, service = MailOutboxListener.class)
@Designate(ocd = MailDispatcherConfiguration.class)
public final class MailDispatcher implements MailOutboxListener {
    static final String PID = "dev.collab.mail";
    /** Mails taken from the outbox per poll. */
    static final int BATCH = 50;
    /**
     * How long a wake-up waits before it looks: the mails of invites committing in the same
     * moment are then taken by one look at the outbox instead of one look each (under a load of
     * invites, the outbox's queries were a quarter of the dispatcher's time).
     */
    static final long WAKE_DELAY_MILLIS = 50;
    private static final Logger LOG = LoggerFactory.getLogger(MailDispatcher.class);

    private final MailOutbox outbox;
    private final RetryPolicy retries;
    private final String baseUrl;
    private final String from;
    private final int pollSeconds;
    private final Clock clock = Clock.systemUTC();
    private final NoticeMails notices = new NoticeMails();
    private final AtomicBoolean pollRequested = new AtomicBoolean();
    private final AtomicBoolean warnedNoTransport = new AtomicBoolean();
    private final AtomicBoolean warnedNoTemplate = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile ScheduledExecutorService executor;

    /** The highest-ranked transport; GREEDY so that a better one (SMTP, a partner's) takes over at once. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile MailTransport transport;

    /** All templates with their service properties; {@link TemplateChooser} picks per mail. */
    @Reference(service = InvitationTemplate.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<Map.Entry<Map<String, Object>, InvitationTemplate>> templates = List.of();

    /** All password reset templates with their service properties, chosen like invitation templates. */
    @Reference(service = PasswordResetTemplate.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY)
    volatile List<Map.Entry<Map<String, Object>, PasswordResetTemplate>> resetTemplates = List.of();

    @Activate
    public MailDispatcher(MailDispatcherConfiguration config, @Reference MailOutbox outbox) {
        this.outbox = outbox;
        this.retries = RetryPolicy.of(config);
        this.baseUrl = config.baseUrl();
        this.from = config.from();
        this.pollSeconds = Math.max(1, config.pollSeconds());
    }

    /** Starts polling once the references are bound (after the constructor). */
    @Activate
    void start() {
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "collab-mail-dispatcher");
            thread.setDaemon(true);
            return thread;
        });
        // the first look waits one interval, so that ConfigAdmin can bring up a configured SMTP transport
        // before the .eml default would take a mail that was due at start; a newly queued mail looks at once
        executor.scheduleWithFixedDelay(this::poll, pollSeconds, pollSeconds, TimeUnit.SECONDS);
    }

    /** Stops polling; what is still pending stays in the outbox for the next start. */
    @Deactivate
    void stop() throws InterruptedException {
        stopping = true;
        executor.shutdown();
        if (!executor.awaitTermination(15, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }

    /**
     * A mail was committed to the outbox: look at the outbox in a moment rather than at the next
     * poll. Which mail does not matter: the pass takes every due one, this one included.
     */
    @Override
    public void queued(String outboxId) {
        ScheduledExecutorService current = executor;
        if (current != null && !stopping && pollRequested.compareAndSet(false, true)) {
            try {
                current.schedule(this::poll, WAKE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                pollRequested.set(false);
            }
        }
    }

    /** One pass over the due mails; never throws, or the scheduler would stop polling. */
    void poll() {
        pollRequested.set(false);
        try {
            boolean more;
            do {
                List<PendingMail> due = outbox.due(clock.instant(), BATCH);
                int settled = 0;
                for (PendingMail mail : due) {
                    if (stopping) {
                        return;
                    }
                    if (!deliver(mail)) {
                        break;
                    }
                    settled++;
                }
                // a full batch that was all settled may have more behind it; anything left pending waits for the next poll
                more = due.size() == BATCH && settled == due.size();
            } while (more && !stopping);
        } catch (RuntimeException e) {
            LOG.warn("The mail outbox could not be processed, trying again in {} s: {}", pollSeconds, e.toString());
        }
    }

    /**
     * @return {@code true} if the mail was settled (sent, failed or rescheduled); {@code false}
     *         if it stays due because no transport or template is present
     */
    boolean deliver(PendingMail pending) {
        MailTransport currentTransport = transport;
        if (currentTransport == null) {
            if (warnedNoTransport.compareAndSet(false, true)) {
                LOG.warn("No mail transport is present: mails stay in the outbox until one is (configure {} or {})",
                    SmtpTransport.PID, EmlFileTransport.PID);
            }
            return false;
        }
        warnedNoTransport.set(false);
        String token = token(pending);
        String messageId = InvitationLinks.messageId(pending.id(), baseUrl);
        try {
            OutgoingMail mail = compose(pending, messageId);
            if (mail == null) {
                if (warnedNoTemplate.compareAndSet(false, true)) {
                    LOG.warn("No {} template for language {} is present: its mails stay in the outbox until one is",
                        pending.kind(), InvitationLinks.language(pending.language()));
                }
                return false;
            }
            warnedNoTemplate.set(false);
            currentTransport.send(mail);
        } catch (MailDeliveryException e) {
            settleFailure(pending, e.permanent(), Redaction.describe(e, token));
            return true;
        } catch (RuntimeException e) {
            // a broken template or transport: worth another try later, within the attempt limit
            settleFailure(pending, false, Redaction.describe(e, token));
            return true;
        }
        outbox.sent(pending.id(), messageId);
        LOG.info("Mail {} ({}) delivered as {}", pending.id(), subject(pending), messageId);
        return true;
    }

    /**
     * Words a due mail with the best template of its kind and language.
     *
     * @return the message, or {@code null} when no template for it is present
     * @throws IllegalStateException when the template's text lacks the link
     */
    OutgoingMail compose(PendingMail pending, String messageId) {
        String language = InvitationLinks.language(pending.language());
        String link;
        RenderedMail rendered;
        if (PendingMail.PASSWORD_RESET.equals(pending.kind())) {
            PasswordResetTemplate template = TemplateChooser.choose(resetTemplates, language);
            if (template == null) {
                return null;
            }
            PasswordResetIssued reset = pending.passwordReset();
            link = InvitationLinks.resetLink(baseUrl, reset.token());
            rendered = template.render(new PasswordResetMailModel(language, pending.brokerName(), reset.email(), link,
                reset.expiresAt(), pending.timeZone()));
            check(rendered, link, template);
        } else if (PendingMail.REMINDER.equals(pending.kind())) {
            InvitationIssued invitation = pending.invitation();
            link = InvitationLinks.link(baseUrl, invitation.token());
            rendered = notices.reminder(language, pending.timeZone(), pending.brokerName(), invitation, link);
            check(rendered, link, notices);
        } else if (PendingMail.ACCESS_ENDED.equals(pending.kind())) {
            rendered = notices.accessEnded(language, pending.timeZone(), pending.brokerName(), pending.accessEnded());
        } else if (pending.review() != null) {
            link = InvitationLinks.reviewLink(baseUrl);
            String kind = PendingMail.REVIEW_OVERDUE.equals(pending.kind()) ? "OVERDUE"
                : PendingMail.REVIEW_REVOKED.equals(pending.kind()) ? "REVOKED" : "REQUESTED";
            rendered = notices.review(language, pending.timeZone(), pending.brokerName(), kind, pending.review(), link);
            check(rendered, link, notices);
        } else {
            InvitationTemplate template = TemplateChooser.choose(templates, language);
            if (template == null) {
                return null;
            }
            InvitationIssued invitation = pending.invitation();
            link = InvitationLinks.link(baseUrl, invitation.token());
            rendered = template.render(new InvitationMailModel(language, pending.brokerName(), invitation.email(),
                invitation.invitedBy(), invitation.profile() != null ? invitation.profile() : invitation.grant(), link,
                invitation.expiresAt(), pending.timeZone()));
            check(rendered, link, template);
        }
        return new OutgoingMail(messageId, from, pending.recipient(), rendered.subject(), rendered.text(), rendered.html());
    }

    private static void check(RenderedMail rendered, String link, Object template) {
        if (rendered == null || rendered.text() == null || !rendered.text().contains(link)) {
            throw new IllegalStateException("The template " + template.getClass().getName()
                + " produced no plain-text body with the link");
        }
    }

    private static String token(PendingMail pending) {
        return pending.passwordReset() != null ? pending.passwordReset().token()
            : pending.invitation() != null ? pending.invitation().token() : null;
    }

    /** What a mail is about, for the log: never its token or link. */
    private static String subject(PendingMail pending) {
        return pending.passwordReset() != null ? "password reset " + pending.passwordReset().resetId()
            : pending.accessEnded() != null ? "access ended"
            : pending.review() != null ? "access review (" + pending.kind() + ")"
            : (PendingMail.REMINDER.equals(pending.kind()) ? "reminder of invitation " : "invitation ") + pending.invitation().invitationId();
    }

    private void settleFailure(PendingMail pending, boolean permanent, String error) {
        RetryPolicy.Decision decision = retries.afterFailure(permanent, pending.attempts(), clock.instant());
        if (decision.giveUp()) {
            outbox.failed(pending.id(), error);
            LOG.warn("Mail {} ({}) failed after {} attempt(s){}: {}", pending.id(), subject(pending), pending.attempts() + 1,
                permanent ? ", permanently" : "", error);
        } else {
            outbox.retry(pending.id(), error, decision.nextAttempt());
            LOG.info("Mail {} ({}) not delivered, next attempt at {}: {}", pending.id(), subject(pending),
                decision.nextAttempt(), error);
        }
    }
}
