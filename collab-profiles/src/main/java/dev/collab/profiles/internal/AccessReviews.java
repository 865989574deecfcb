package dev.collab.profiles.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import dev.collab.profiles.internal.entities.AccessReviewEntity;
import dev.collab.profiles.internal.entities.AccountEntity;
import dev.collab.profiles.internal.entities.OutboxEntity;
import dev.collab.profiles.internal.entities.TenantEntity;
import dev.collab.profiles.internal.persistence.Database;

/**
 * The stored state of the access reviews ("Zugriffe überprüfen") and their mails, in the current
 * database scope: shared by the user's service (the screen, completing a review) and the pass
 * (requests, deadlines), each holding one over the components it already has.
 */
final class AccessReviews {
    private final Database db;
    private final InvitationIssuer invitations;

    AccessReviews(Database db, InvitationIssuer invitations) {
        this.db = db;
        this.invitations = invitations;
    }

    /**
     * The reviewers of a tenant: every account that invited someone still a member (registered or
     * invited), with the invitation time of their oldest such direct delegate.
     */
    Map<String, Instant> reviewers(String tenantId) {
        Map<String, Instant> result = new HashMap<>();
        for (Object[] row : db.em().createQuery("SELECT i.accountId, MIN(m.invitedAt) FROM MembershipEntity m, MembershipEntity i"
            + " WHERE m.inviterId = i.id AND m.tenantId = :t GROUP BY i.accountId", Object[].class).setParameter("t", tenantId)
            .getResultList()) {
            result.put((String) row[0], instant(row[1]));
        }
        return result;
    }

    /** @return when the oldest current direct delegate of the account was invited, or {@code null} for none */
    Instant oldestDelegate(String tenantId, String accountId) {
        return instant(db.em().createQuery("SELECT MIN(m.invitedAt) FROM MembershipEntity m, MembershipEntity i"
            + " WHERE m.inviterId = i.id AND i.accountId = :a AND m.tenantId = :t", Object.class).setParameter("a", accountId)
            .setParameter("t", tenantId).getSingleResult());
    }

    /** An aggregate of a converted column may come back unconverted, as the column's SQL type. */
    private static Instant instant(Object value) {
        return value instanceof java.sql.Timestamp t ? t.toInstant() : (Instant) value;
    }

    /** @return how many current direct delegates the account has */
    long delegates(String tenantId, String accountId) {
        return db.em().createQuery("SELECT COUNT(m) FROM MembershipEntity m, MembershipEntity i WHERE m.inviterId = i.id"
            + " AND i.accountId = :a AND m.tenantId = :t", Long.class).setParameter("a", accountId).setParameter("t", tenantId)
            .getSingleResult();
    }

    /** The tenant's rows by account id. */
    Map<String, AccessReviewEntity> rows(String tenantId) {
        Map<String, AccessReviewEntity> result = new HashMap<>();
        for (AccessReviewEntity row : db.em().createQuery("SELECT r FROM AccessReviewEntity r WHERE r.tenantId = :t",
            AccessReviewEntity.class).setParameter("t", tenantId).getResultList()) {
            result.put(row.accountId, row);
        }
        return result;
    }

    /** @return the account's row, or {@code null} when it never had a review */
    AccessReviewEntity row(String tenantId, String accountId) {
        AccessReviewEntity row = db.em().find(AccessReviewEntity.class, accountId);
        return row == null || !tenantId.equals(row.tenantId) ? null : row;
    }

    /**
     * Records a completed review in the current transaction: the open round (if any) is closed,
     * and the next one falls due the tenant's interval from {@code now}.
     */
    void completed(String tenantId, String accountId, Instant now) {
        AccessReviewEntity row = row(tenantId, accountId);
        if (row == null) {
            row = new AccessReviewEntity();
            row.accountId = accountId;
            row.tenantId = tenantId;
            row.reviewedAt = now;
            db.em().persist(row);
            return;
        }
        row.reviewedAt = now;
        closeRound(row);
    }

    static void closeRound(AccessReviewEntity row) {
        row.dueAt = null;
        row.notifiedAt = null;
        row.deadlineAt = null;
        row.overdueAt = null;
    }

    /**
     * Queues a mail of the review to the reviewer in the current transaction; the mailing
     * bundle is woken after the commit, like for every outbox mail.
     *
     * @param kind {@link OutboxEntity#REVIEW_REQUESTED}, {@link OutboxEntity#REVIEW_OVERDUE} or {@link OutboxEntity#REVIEW_REVOKED}
     */
    void mail(String kind, TenantEntity tenant, AccountEntity reviewer, long delegates, Instant deadline, Instant now) {
        // the wall clock, not the pass's time: the mail goes out at once even when a test clock
        // moved the pass weeks ahead (the dispatcher picks mails due by its own clock)
        Instant queued = Instant.now();
        OutboxEntity mail = MailSignal.pending(kind, tenant.id, reviewer.login,
            reviewer.language != null ? reviewer.language : tenant.language, queued.isBefore(now) ? queued : now);
        mail.expiresAt = deadline;
        mail.reviewDelegates = (int) Math.min(Integer.MAX_VALUE, delegates);
        MailSignal.queue(db, invitations.listeners, mail);
    }
}
