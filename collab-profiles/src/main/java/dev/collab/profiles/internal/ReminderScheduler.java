package dev.collab.profiles.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.collab.api.ConflictException;
import dev.collab.profiles.internal.entities.InvitationEntity;
import dev.collab.profiles.internal.persistence.Database;

/**
 * Queues the one reminder mail of each pending invitation shortly before it expires. A pass
 * every few minutes asks the database which invitations are owed one (pending, expiring within
 * the tenant's lead time, old enough, not reminded yet: {@link ReminderRule}) and claims and
 * queues each in a transaction of its own ({@link InvitationIssuer#remind}). No timer per
 * invitation exists anywhere: the query is the schedule, so stopping this bundle, updating it or
 * restarting the container loses no reminder and repeats none, and the first pass after a start
 * catches up on whatever fell due meanwhile.
 * <p>
 * Here in the core rather than in the mailing bundle: the claim and the mail must commit in one
 * transaction of the core's database, and the sealed token moves from the invitation to the
 * outbox without ever being opened; the mailing bundle sees only the outbox.
 */
@Component(immediate = true, configurationPid = ReminderScheduler.PID, service = {})
@Designate(ocd = ReminderSchedulerConfiguration.class)
public final class ReminderScheduler {
    static final String PID = "dev.collab.reminders";
    /** Invitations claimed per query; the pass queries again while a page came back full. */
    static final int PAGE = 100;
    private static final Logger LOG = LoggerFactory.getLogger(ReminderScheduler.class);

    private final Database db;
    private final InvitationIssuer invitations;
    private final Clock clock;
    private final int defaultLeadHours;
    private final Duration minimumAge;
    private final int intervalSeconds;
    /** "gültig bis": records the ends of time-bound access on the same tick (issue 13, item 2). */
    private final ExpiryPass expiry;
    /**
     * The access review's pass, run on this scheduler's tick. A field reference, so that the
     * constructors (and the tests that build a scheduler for the reminders alone) stay as they were.
     */
    @Reference
    volatile ReviewPass reviews;
    private ScheduledExecutorService executor;
    private volatile boolean stopping;

    @Activate
    public ReminderScheduler(ReminderSchedulerConfiguration config, @Reference Database db, @Reference InvitationIssuer invitations) {
        this(config, db, invitations, Clock.systemUTC());
    }

    /** With a clock of the test's choosing: the pass is then run by hand, nothing is scheduled. */
    ReminderScheduler(ReminderSchedulerConfiguration config, Database db, InvitationIssuer invitations, Clock clock) {
        this.db = db;
        this.invitations = invitations;
        this.clock = clock;
        this.defaultLeadHours = Math.max(0, Math.min(ReminderRule.MAX_LEAD_HOURS, config.leadHours()));
        this.minimumAge = Duration.ofMinutes(Math.max(0, config.minimumAgeMinutes()));
        this.intervalSeconds = Math.max(1, config.intervalSeconds());
        this.expiry = new ExpiryPass(db, invitations);
    }

    @Activate
    void start() {
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "collab-reminders");
            thread.setDaemon(true);
            return thread;
        });
        // the first pass soon after a start catches up on what fell due while the bundle was out
        executor.scheduleWithFixedDelay(this::safePass, Math.min(intervalSeconds, 10), intervalSeconds, TimeUnit.SECONDS);
    }

    /** Stops the passes; a pass under way finishes the transaction of its current invitation and stops there. */
    @Deactivate
    void stop() throws InterruptedException {
        stopping = true;
        executor.shutdown();
        if (!executor.awaitTermination(15, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }

    private void safePass() {
        try {
            int queued = pass(clock.instant());
            if (queued > 0) {
                LOG.info("{} reminder(s) and access review step(s) done", queued);
            }
        } catch (RuntimeException e) {
            // never thrown to the executor, which would stop scheduling
            LOG.warn("The reminder pass failed, trying again in {} s: {}", intervalSeconds, e.toString());
        }
    }

    /**
     * One pass: queues the reminders due at {@code now} and erases the sealed reminder tokens of
     * invitations that expired without one.
     *
     * @return how many reminders this pass queued
     */
    int pass(Instant now) {
        Map<String, Duration> leads = new HashMap<>();
        for (Object[] tenant : db.supports(() -> db.em().createQuery("SELECT t.id, t.reminderLeadHours FROM TenantEntity t",
            Object[].class).getResultList())) {
            Duration lead = ReminderRule.lead((Integer) tenant[1], defaultLeadHours);
            if (!lead.isZero()) {
                leads.put((String) tenant[0], lead);
            }
        }
        int queued = 0;
        for (Map.Entry<String, Duration> tenant : leads.entrySet()) {
            queued += remindTenant(tenant.getKey(), tenant.getValue(), now);
        }
        eraseExpired(now);
        expiry.pass(now, () -> stopping);
        ReviewPass review = reviews;
        if (review != null && !stopping) {
            queued += review.pass(now);
        }
        return queued;
    }

    private int remindTenant(String tenantId, Duration lead, Instant now) {
        int queued = 0;
        int before;
        List<Object[]> page;
        do {
            page = db.supports(() -> db.em().createQuery("SELECT i.id, i.status, i.remindedAt, i.createdAt, i.expiresAt"
                + " FROM InvitationEntity i WHERE i.tenantId = :t AND i.status = :pending AND i.remindedAt IS NULL"
                + " AND i.reminderToken IS NOT NULL AND i.expiresAt > :now AND i.expiresAt <= :horizon AND i.createdAt <= :oldEnough"
                + " ORDER BY i.expiresAt", Object[].class).setParameter("t", tenantId).setParameter("pending", InvitationEntity.PENDING)
                .setParameter("now", now).setParameter("horizon", now.plus(lead)).setParameter("oldEnough", now.minus(minimumAge))
                .setMaxResults(PAGE).getResultList());
            before = queued;
            for (Object[] row : page) {
                if (stopping) {
                    // what is left stays owed in the database: the next start's first pass queues it
                    return queued;
                }
                if (!ReminderRule.due((String) row[1], (Instant) row[2], (Instant) row[3], (Instant) row[4], lead, minimumAge, now)) {
                    continue;
                }
                String id = (String) row[0];
                // each in its own transaction: one that fails (a concurrent accept) does not hold back the others
                boolean mine;
                try {
                    mine = db.required(() -> new ConflictException("reminder.concurrent", "Concurrent change of an invitation."),
                        () -> invitations.remind(id, now));
                } catch (ConflictException e) {
                    mine = false;
                }
                if (mine) {
                    queued++;
                }
            }
            // a full page may have more behind it; one where nothing could be queued would only come back as it was
        } while (page.size() == PAGE && queued > before);
        return queued;
    }

    /** Past its expiry an invitation is never reminded: its sealed token has no use left. */
    private void eraseExpired(Instant now) {
        db.required(() -> new ConflictException("reminder.concurrent", "Concurrent change of an invitation."), () -> db.em()
            .createQuery("UPDATE InvitationEntity i SET i.reminderToken = NULL WHERE i.reminderToken IS NOT NULL AND i.expiresAt <= :now")
            .setParameter("now", now).executeUpdate());
    }
}
