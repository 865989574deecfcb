package dev.collab.invitations.internal;

import java.time.Clock;
import java.time.Instant;
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
import dev.collab.api.invitations.InvitationSink;
import dev.collab.api.mail.InvitationMailModel;
import dev.collab.api.mail.InvitationTemplate;
import dev.collab.api.mail.MailDeliveryException;
import dev.collab.api.mail.MailOutbox;
import dev.collab.api.mail.MailTransport;
import dev.collab.api.mail.OutgoingMail;
import dev.collab.api.mail.PendingMail;
import dev.collab.api.mail.RenderedMail;

/**
 * Delivers the invitation mails of the outbox. One thread polls the outbox every few seconds,
 * and at once when an invitation was issued; each due mail is worded by the best template for
 * its language and handed to the highest-ranked transport, then marked sent, failed, or due
 * again after an exponential backoff. All state lives in the outbox, so delivery resumes where it
 * stopped after a restart of the container or of this bundle; a mail whose outcome was unknown
 * is sent again with the same Message-ID. Tokens and links are never logged.
 */
@Component(immediate = true, configurationPid = MailDispatcher.PID, service = InvitationSink.class)
@Designate(ocd = MailDispatcherConfiguration.class)
public final class MailDispatcher implements InvitationSink {
    static final String PID = "dev.collab.mail";
    /** Mails taken from the outbox per poll. */
    static final int BATCH = 50;
    private static final Logger LOG = LoggerFactory.getLogger(MailDispatcher.class);

    private final MailOutbox outbox;
    private final RetryPolicy retries;
    private final String baseUrl;
    private final String from;
    private final int pollSeconds;
    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean pollRequested = new AtomicBoolean();
    private final AtomicBoolean warnedNoTransport = new AtomicBoolean();
    private final AtomicBoolean warnedNoTemplate = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile ScheduledExecutorService executor;

    /** The highest-ranked transport; GREEDY so that a better one (SMTP, a partner's) takes over at once. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile MailTransport transport;

    /** All templates with their service properties; {@link TemplateChooser} picks per mail. */
    @Reference(service = InvitationTemplate.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<Map.Entry<Map<String, Object>, InvitationTemplate>> templates = List.of();

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
        // before the .eml default would take a mail that was due at start; a new invitation looks at once
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

    /** A new invitation was committed: look at the outbox now rather than at the next poll. */
    @Override
    public void issued(InvitationIssued invitation) {
        ScheduledExecutorService current = executor;
        if (current != null && !stopping && pollRequested.compareAndSet(false, true)) {
            try {
                current.execute(this::poll);
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
        InvitationIssued invitation = pending.invitation();
        String token = invitation.token();
        String language = InvitationLinks.language(pending.language());
        MailTransport currentTransport = transport;
        if (currentTransport == null) {
            if (warnedNoTransport.compareAndSet(false, true)) {
                LOG.warn("No mail transport is present: invitation mails stay in the outbox until one is (configure {} or {})",
                    SmtpTransport.PID, EmlFileTransport.PID);
            }
            return false;
        }
        warnedNoTransport.set(false);
        InvitationTemplate template = TemplateChooser.choose(templates, language);
        if (template == null) {
            if (warnedNoTemplate.compareAndSet(false, true)) {
                LOG.warn("No invitation template for language {} is present: its mails stay in the outbox until one is", language);
            }
            return false;
        }
        warnedNoTemplate.set(false);

        String messageId = InvitationLinks.messageId(pending.id(), baseUrl);
        try {
            InvitationMailModel model = new InvitationMailModel(language, pending.brokerName(), invitation.email(),
                invitation.invitedBy(), invitation.profile() != null ? invitation.profile() : invitation.grant(),
                InvitationLinks.link(baseUrl, token), invitation.expiresAt());
            RenderedMail rendered = template.render(model);
            if (rendered == null || rendered.text() == null || !rendered.text().contains(model.link())) {
                throw new IllegalStateException("The template " + template.getClass().getName()
                    + " produced no plain-text body with the registration link");
            }
            currentTransport.send(new OutgoingMail(messageId, from, invitation.email(), rendered.subject(), rendered.text(),
                rendered.html()));
        } catch (MailDeliveryException e) {
            settleFailure(pending, e.permanent(), Redaction.describe(e, token));
            return true;
        } catch (RuntimeException e) {
            // a broken template or transport: worth another try later, within the attempt limit
            settleFailure(pending, false, Redaction.describe(e, token));
            return true;
        }
        outbox.sent(pending.id(), messageId);
        LOG.info("Invitation mail {} (invitation {}) delivered as {}", pending.id(), invitation.invitationId(), messageId);
        return true;
    }

    private void settleFailure(PendingMail pending, boolean permanent, String error) {
        RetryPolicy.Decision decision = retries.afterFailure(permanent, pending.attempts(), clock.instant());
        if (decision.giveUp()) {
            outbox.failed(pending.id(), error);
            LOG.warn("Invitation mail {} (invitation {}) failed after {} attempt(s){}: {}", pending.id(),
                pending.invitation().invitationId(), pending.attempts() + 1, permanent ? ", permanently" : "", error);
        } else {
            outbox.retry(pending.id(), error, decision.nextAttempt());
            LOG.info("Invitation mail {} (invitation {}) not delivered, next attempt at {}: {}", pending.id(),
                pending.invitation().invitationId(), decision.nextAttempt(), error);
        }
    }
}
