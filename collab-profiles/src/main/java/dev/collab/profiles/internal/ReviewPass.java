package dev.collab.profiles.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.collab.api.ConflictException;
import dev.collab.api.tenants.Tenant;
import dev.collab.profiles.internal.entities.AccessReviewEntity;
import dev.collab.profiles.internal.entities.AccountEntity;
import dev.collab.profiles.internal.entities.MembershipEntity;
import dev.collab.profiles.internal.entities.OutboxEntity;
import dev.collab.profiles.internal.entities.TenantEntity;
import dev.collab.profiles.internal.persistence.Database;

/**
 * The access review's part of the scheduler's pass ("Zugriffe überprüfen"): for every tenant that
 * asks for reviews (and has delegated access on), it (a) asks each reviewer whose review fell due
 * ({@link ReviewRule}) by mail, claiming the round once, and (b) acts on each open round whose
 * deadline passed: a second mail (mode NOTIFY) or the removal of the direct delegates the
 * reviewer did not confirm (mode REVOKE, with the cascade, actor {@code system:review}). Like the
 * reminders, no timer exists anywhere: the rows of {@code ACCESS_REVIEW} and the delegates'
 * invitation times are the schedule, so a stop, a bundle swap or a restart loses no step and
 * repeats none (every step is claimed by an UPDATE whose count of 1 alone acts, in the step's
 * own transaction, also across nodes on one database).
 * <p>
 * A {@link Clock} service with the property {@code collab.clock=review}, if one is registered,
 * gives the pass its time: the integration tests move days ahead with it instead of waiting; a
 * container registers none.
 */
@Component(service = ReviewPass.class)
public final class ReviewPass {
    /** The actor of the pass's audit entries and removals. */
    static final String ACTOR = "system:review";
    private static final Logger LOG = LoggerFactory.getLogger(ReviewPass.class);

    private final Database db;
    private final AccessModel model;
    private final AccessReviews reviews;
    private final Memberships memberships;
    private final Audit audit;
    private volatile boolean stopping;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY, target = "(collab.clock=review)")
    volatile Clock clock;

    @Activate
    public ReviewPass(@Reference Database db, @Reference AccessModel model, @Reference InvitationIssuer invitations) {
        this.db = db;
        this.model = model;
        this.reviews = new AccessReviews(db, invitations);
        this.memberships = new Memberships(db, model, invitations);
        this.audit = new Audit(db);
    }

    /** A pass under way finishes the reviewer at hand and stops there; the rest stays owed in the database. */
    @Deactivate
    void stop() {
        stopping = true;
    }

    /**
     * One pass at the scheduler's time (or the registered test clock's).
     *
     * @param now the scheduler's time
     * @return how many review mails and revocations this pass made
     */
    int pass(Instant now) {
        Clock test = clock;
        Instant at = test != null ? test.instant() : now;
        List<TenantEntity> tenants = db.supports(() -> db.em().createQuery("SELECT t FROM TenantEntity t WHERE t.reviewDays > 0"
            + " AND t.delegatedAccess = :on", TenantEntity.class).setParameter("on", true).getResultList());
        int done = 0;
        for (TenantEntity tenant : tenants) {
            if (stopping) {
                break;
            }
            done += request(tenant, at);
            done += deadlines(tenant, at);
        }
        return done;
    }

    /** (a) Asks every reviewer whose review fell due, once per round. */
    private int request(TenantEntity tenant, Instant now) {
        record Due(String accountId, Instant dueAt, boolean newRow) {
        }
        List<Due> due = db.supports(() -> {
            Map<String, AccessReviewEntity> rows = reviews.rows(tenant.id);
            List<Due> result = new ArrayList<>();
            reviews.reviewers(tenant.id).forEach((account, oldest) -> {
                AccessReviewEntity row = rows.get(account);
                Instant dueAt = ReviewRule.dueAt(tenant.reviewDays, row == null ? null : row.reviewedAt, oldest);
                if (ReviewRule.requestDue(dueAt, row == null ? null : row.notifiedAt, now)) {
                    result.add(new Due(account, dueAt, row == null));
                }
            });
            return result;
        });
        int queued = 0;
        for (Due d : due) {
            if (stopping) {
                break;
            }
            try {
                if (db.required(ReviewPass::concurrent, () -> claimRequest(tenant, d.accountId(), d.dueAt(), d.newRow(), now))) {
                    queued++;
                }
            } catch (ConflictException e) {
                // another node (or pass) claimed it first: its mail is the one
                LOG.debug("Review of {} claimed concurrently", d.accountId());
            }
        }
        return queued;
    }

    private boolean claimRequest(TenantEntity tenant, String accountId, Instant dueAt, boolean newRow, Instant now) {
        Instant deadline = ReviewRule.deadline(now, tenant.reviewGraceDays);
        if (newRow) {
            // the primary key is the claim: a second insert fails as a conflict
            AccessReviewEntity row = new AccessReviewEntity();
            row.accountId = accountId;
            row.tenantId = tenant.id;
            row.dueAt = dueAt;
            row.notifiedAt = now;
            row.deadlineAt = deadline;
            db.em().persist(row);
            db.em().flush();
        } else {
            int claimed = db.em().createQuery("UPDATE AccessReviewEntity r SET r.dueAt = :due, r.notifiedAt = :now,"
                + " r.deadlineAt = :deadline, r.overdueAt = NULL WHERE r.accountId = :a AND r.notifiedAt IS NULL")
                .setParameter("due", dueAt).setParameter("now", now).setParameter("deadline", deadline)
                .setParameter("a", accountId).executeUpdate();
            if (claimed != 1) {
                return false;
            }
        }
        AccountEntity reviewer = db.em().find(AccountEntity.class, accountId);
        long delegates = reviews.delegates(tenant.id, accountId);
        reviews.mail(OutboxEntity.REVIEW_REQUESTED, tenant, reviewer, delegates, deadline, now);
        audit.record(tenant.id, ACTOR, "review.requested", reviewer.login, delegates + " direct delegate(s) to confirm by "
            + deadline + (Tenant.REVIEW_REVOKE.equals(tenant.reviewMode) ? "; unconfirmed ones lose their access then"
            : "; a reminder follows then"));
        return true;
    }

    /** (b) Acts once on every open round whose deadline passed. */
    private int deadlines(TenantEntity tenant, Instant now) {
        List<String> overdue = db.supports(() -> db.em().createQuery("SELECT r.accountId FROM AccessReviewEntity r"
            + " WHERE r.tenantId = :t AND r.overdueAt IS NULL AND r.notifiedAt IS NOT NULL AND r.deadlineAt <= :now", String.class)
            .setParameter("t", tenant.id).setParameter("now", now).getResultList());
        int done = 0;
        for (String accountId : overdue) {
            if (stopping) {
                break;
            }
            try {
                // under the tenant's lock: a revocation is a change of the tenant like any removal
                if (model.change(tenant.id, ReviewPass::concurrent, () -> actOnDeadline(tenant, accountId, now))) {
                    done++;
                }
            } catch (ConflictException e) {
                LOG.debug("Deadline of the review of {} handled concurrently", accountId);
            }
        }
        return done;
    }

    private boolean actOnDeadline(TenantEntity tenant, String accountId, Instant now) {
        AccessReviewEntity row = reviews.row(tenant.id, accountId);
        if (row == null || !ReviewRule.overdue(row.notifiedAt, row.deadlineAt, row.overdueAt, now)) {
            return false;
        }
        Instant notifiedAt = row.notifiedAt;
        Instant deadline = row.deadlineAt;
        int claimed = db.em().createQuery("UPDATE AccessReviewEntity r SET r.overdueAt = :now WHERE r.accountId = :a"
            + " AND r.overdueAt IS NULL AND r.notifiedAt IS NOT NULL").setParameter("now", now).setParameter("a", accountId)
            .executeUpdate();
        if (claimed != 1) {
            return false;
        }
        db.em().refresh(row);
        AccountEntity reviewer = db.em().find(AccountEntity.class, accountId);
        // the delegates the request asked about: those invited before its mail; someone the
        // reviewer invited during the grace period is a fresh decision and waits for the next round
        List<MembershipEntity> unconfirmed = new ArrayList<>();
        List<String> mine = memberships.ofAccount(tenant.id, accountId).stream().map(m -> m.id).toList();
        for (MembershipEntity m : memberships.invitedBy(mine)) {
            if (!m.invitedAt.isAfter(notifiedAt)) {
                unconfirmed.add(m);
            }
        }
        if (unconfirmed.isEmpty()) {
            // nobody left to confirm (the reviewer deleted them meanwhile): the round just ends
            AccessReviews.closeRound(row);
            return false;
        }
        if (Tenant.REVIEW_REVOKE.equals(tenant.reviewMode)) {
            int cascade = 0;
            List<String> emails = new ArrayList<>();
            for (MembershipEntity m : unconfirmed) {
                if (db.em().contains(m)) {
                    List<String> removed = memberships.removeCascade(m, ACTOR);
                    emails.add(removed.get(0));
                    cascade += removed.size() - 1;
                }
            }
            audit.record(tenant.id, ACTOR, "review.revoked", reviewer.login, "not confirmed by " + deadline + ": removed "
                + String.join(", ", emails) + (cascade > 0 ? " and " + cascade + " people below them" : ""));
            reviews.mail(OutboxEntity.REVIEW_REVOKED, tenant, reviewer, emails.size(), deadline, now);
            // the round is over: who is left was invited after its mail and falls due on their own
            AccessReviews.closeRound(row);
        } else {
            audit.record(tenant.id, ACTOR, "review.overdue", reviewer.login, unconfirmed.size()
                + " direct delegate(s) not confirmed by " + deadline);
            reviews.mail(OutboxEntity.REVIEW_OVERDUE, tenant, reviewer, unconfirmed.size(), deadline, now);
        }
        return true;
    }

    private static ConflictException concurrent() {
        return new ConflictException("review.concurrent", "The delegates changed during the review; nothing was saved. Retry.");
    }
}
