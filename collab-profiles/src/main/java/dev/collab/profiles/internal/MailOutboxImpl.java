package dev.collab.profiles.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.collab.api.ConflictException;
import dev.collab.api.invitations.InvitationIssued;
import dev.collab.api.mail.AccessEndedNotice;
import dev.collab.api.mail.AccessReviewNotice;
import dev.collab.api.mail.MailOutbox;
import dev.collab.api.mail.PasswordResetIssued;
import dev.collab.api.mail.PendingMail;
import dev.collab.api.tenants.Tenant;
import dev.collab.profiles.internal.entities.InvitationEntity;
import dev.collab.profiles.internal.entities.OutboxEntity;
import dev.collab.profiles.internal.entities.PasswordResetEntity;
import dev.collab.profiles.internal.entities.TenantEntity;
import dev.collab.profiles.internal.persistence.Database;

/**
 * The outbox of invitation and password reset mails as the mailing bundle sees it. A mail whose
 * invitation or reset was voided, used or has expired meanwhile is cancelled instead of handed
 * out; a token is erased as soon as its mail was delivered or given up.
 * <p>
 * One instance per bundle that gets the service, so that the framework names the bundle: only
 * the configured dispatchers get one (see {@link MailOutboxVisibility}, which also hides the
 * service from the others).
 */
@Component(service = MailOutbox.class, scope = ServiceScope.BUNDLE, configurationPid = MailOutboxAccessConfiguration.PID)
public final class MailOutboxImpl implements MailOutbox {
    private static final Logger LOG = LoggerFactory.getLogger(MailOutboxImpl.class);
    private final Database db;
    private final TokenSeal seal;
    /** How long a due mail handed to one node is not handed to another (shared database only). */
    private final Duration lease;

    @Activate
    public MailOutboxImpl(@Reference Database db, @Reference TokenSeal seal, ComponentContext component,
        MailOutboxAccessConfiguration config) {
        this(db, seal, Duration.ofSeconds(Math.max(5, config.leaseSeconds())));
        Bundle user = component.getUsingBundle();
        if (!new MailOutboxAccess(component.getBundleContext().getBundle(), config).allows(user)) {
            throw new SecurityException("The mail outbox is not available to bundle "
                + (user == null ? "?" : user.getSymbolicName()) + "; see configuration " + MailOutboxAccessConfiguration.PID + ".");
        }
    }

    MailOutboxImpl(Database db, TokenSeal seal) {
        this(db, seal, Duration.ofMinutes(2));
    }

    MailOutboxImpl(Database db, TokenSeal seal, Duration lease) {
        this.db = db;
        this.seal = seal;
        this.lease = lease;
    }

    @Override
    public List<PendingMail> due(Instant now, int max) {
        return db.required(MailOutboxImpl::concurrentChange, () -> {
            List<PendingMail> result = new ArrayList<>();
            int limit = Math.max(1, Math.min(max, 500));
            // in the order they fell due: the order of the OUTBOX_DUE index, so no due row is sorted
            List<OutboxEntity> rows = db.isShared() ? claim(now, limit) : db.em().createQuery(
                "SELECT o FROM OutboxEntity o WHERE o.status = :pending AND o.nextAttemptAt <= :now ORDER BY o.nextAttemptAt", OutboxEntity.class)
                .setParameter("pending", OutboxEntity.PENDING).setParameter("now", now)
                .setMaxResults(limit).getResultList();
            for (OutboxEntity row : rows) {
                PendingMail mail = OutboxEntity.PASSWORD_RESET.equals(row.kind) ? reset(row, now)
                    : OutboxEntity.ACCESS_ENDED.equals(row.kind) ? accessEndedMail(row)
                    : isReview(row) ? reviewMail(row)
                    : OutboxEntity.REMINDER.equals(row.kind) ? reminder(row, now) : invitation(row);
                if (mail != null) {
                    result.add(mail);
                }
            }
            return result;
        });
    }

    /**
     * On a database several nodes share, each node's dispatcher asks: every due mail is handed to one
     * of them. The rows are locked as they are read, rows another node holds are skipped, and each
     * row taken is not due again for the lease (its dispatcher reports sent, retry or failed
     * long before; a node that dies with a mail in hand leaves it to another node after the lease).
     */
    private List<OutboxEntity> claim(Instant now, int limit) {
        List<?> ids = db.em().createNativeQuery("SELECT ID FROM MAIL_OUTBOX WHERE STATUS = ? AND NEXTATTEMPTAT <= ? ORDER BY NEXTATTEMPTAT"
            + " LIMIT ? FOR UPDATE SKIP LOCKED").setParameter(1, OutboxEntity.PENDING).setParameter(2, Timestamp.from(now))
            .setParameter(3, limit).getResultList();
        List<OutboxEntity> rows = new ArrayList<>();
        for (Object id : ids) {
            OutboxEntity row = db.em().find(OutboxEntity.class, id);
            if (row != null) {
                row.nextAttemptAt = now.plus(lease);
                rows.add(row);
            }
        }
        return rows;
    }

    private PendingMail invitation(OutboxEntity row) {
        InvitationEntity invitation = db.em().find(InvitationEntity.class, row.invitationId);
        String token = row.sealedToken == null ? null : seal.open(row.sealedToken);
        if (invitation == null || !InvitationEntity.PENDING.equals(invitation.status) || token == null) {
            row.status = OutboxEntity.CANCELLED;
            row.sealedToken = null;
            if (token == null && invitation != null && InvitationEntity.PENDING.equals(invitation.status)) {
                row.lastError = "The sealed token could not be opened (outbox key changed?); resend the invitation.";
                row.status = OutboxEntity.FAILED;
                LOG.error("Invitation mail {} cannot be opened: the outbox key does not match", row.id);
            }
            return null;
        }
        return invitationMail(row, token);
    }

    /** A reminder whose link expired while it waited would only confuse: it is cancelled like a void one. */
    private PendingMail reminder(OutboxEntity row, Instant now) {
        if (!now.isBefore(row.expiresAt)) {
            row.status = OutboxEntity.CANCELLED;
            row.sealedToken = null;
            return null;
        }
        return invitation(row);
    }

    private PendingMail accessEndedMail(OutboxEntity row) {
        TenantEntity tenant = db.em().find(TenantEntity.class, row.tenantId);
        return new PendingMail(row.id, PendingMail.ACCESS_ENDED, null, null, tenant == null ? row.tenantId : tenant.name,
            row.language, row.attempts, row.createdAt, tenant == null ? null : tenant.timeZone,
            new AccessEndedNotice(row.tenantId, row.recipient, row.grantName, row.expiresAt));
    }

    private static boolean isReview(OutboxEntity row) {
        return OutboxEntity.REVIEW_REQUESTED.equals(row.kind) || OutboxEntity.REVIEW_OVERDUE.equals(row.kind)
            || OutboxEntity.REVIEW_REVOKED.equals(row.kind);
    }

    /** A mail of the access review: no token, the link goes to the review screen behind the reviewer's sign-in. */
    private PendingMail reviewMail(OutboxEntity row) {
        TenantEntity tenant = db.em().find(TenantEntity.class, row.tenantId);
        String kind = OutboxEntity.REVIEW_OVERDUE.equals(row.kind) ? PendingMail.REVIEW_OVERDUE
            : OutboxEntity.REVIEW_REVOKED.equals(row.kind) ? PendingMail.REVIEW_REVOKED : PendingMail.REVIEW_REQUESTED;
        boolean revoke = tenant != null && Tenant.REVIEW_REVOKE.equals(tenant.reviewMode);
        return new PendingMail(row.id, kind, null, null, tenant == null ? row.tenantId : tenant.name, row.language, row.attempts,
            row.createdAt, tenant == null ? null : tenant.timeZone, null, new AccessReviewNotice(row.tenantId, row.recipient,
            row.reviewDelegates == null ? 0 : row.reviewDelegates, row.expiresAt, revoke));
    }

    private PendingMail invitationMail(OutboxEntity row, String token) {
        TenantEntity tenant = db.em().find(TenantEntity.class, row.tenantId);
        String kind = OutboxEntity.REMINDER.equals(row.kind) ? PendingMail.REMINDER : PendingMail.INVITATION;
        return new PendingMail(row.id, kind, new InvitationIssued(row.tenantId, row.invitationId, row.recipient, token,
            row.profile, row.grantName, row.invitedBy, row.expiresAt), null, tenant == null ? row.tenantId : tenant.name,
            row.language, row.attempts, row.createdAt, tenant == null ? null : tenant.timeZone);
    }

    /** A link that expired while its mail waited is not worth sending: the user asks again. */
    private PendingMail reset(OutboxEntity row, Instant now) {
        PasswordResetEntity reset = db.em().find(PasswordResetEntity.class, row.resetId);
        String token = row.sealedToken == null ? null : seal.open(row.sealedToken);
        if (reset == null || !PasswordResetEntity.PENDING.equals(reset.status) || !now.isBefore(reset.expiresAt) || token == null) {
            row.status = token == null && reset != null && PasswordResetEntity.PENDING.equals(reset.status)
                ? OutboxEntity.FAILED : OutboxEntity.CANCELLED;
            row.sealedToken = null;
            if (OutboxEntity.FAILED.equals(row.status)) {
                row.lastError = "The sealed token could not be opened (outbox key changed?); ask for a new link.";
                LOG.error("Password reset mail {} cannot be opened: the outbox key does not match", row.id);
            }
            return null;
        }
        return resetMail(row, reset, token);
    }

    private PendingMail resetMail(OutboxEntity row, PasswordResetEntity reset, String token) {
        TenantEntity tenant = db.em().find(TenantEntity.class, row.tenantId);
        return new PendingMail(row.id, PendingMail.PASSWORD_RESET, null,
            new PasswordResetIssued(row.tenantId, reset.id, row.recipient, token, reset.expiresAt),
            tenant == null ? row.tenantId : tenant.name, row.language, row.attempts, row.createdAt,
            tenant == null ? null : tenant.timeZone);
    }

    /**
     * One pending mail as {@link #due(Instant, int)} would hand it out, read without changing
     * anything (not due yet, or no longer deliverable: {@code null}). Not a service method: the
     * core's tests use it to stand in for the dispatcher that a {@code MailOutboxListener} wakes.
     *
     * @param id the outbox entry
     * @return the unsealed mail, or {@code null}
     */
    PendingMail peek(String id) {
        return db.supports(() -> {
            OutboxEntity row = db.em().find(OutboxEntity.class, id);
            if (row != null && OutboxEntity.PENDING.equals(row.status) && OutboxEntity.ACCESS_ENDED.equals(row.kind)) {
                return accessEndedMail(row);
            }
            if (row != null && OutboxEntity.PENDING.equals(row.status) && isReview(row)) {
                return reviewMail(row);
            }
            String token = row == null || !OutboxEntity.PENDING.equals(row.status) || row.sealedToken == null ? null
                : seal.open(row.sealedToken);
            if (token == null) {
                return null;
            }
            if (OutboxEntity.PASSWORD_RESET.equals(row.kind)) {
                PasswordResetEntity reset = db.em().find(PasswordResetEntity.class, row.resetId);
                return reset == null ? null : resetMail(row, reset, token);
            }
            return invitationMail(row, token);
        });
    }

    /**
     * One {@code UPDATE}, without reading the row into an entity first: the dispatcher reports
     * every mail it hands over, and the read and EclipseLink's change tracking were half of that
     * report's time. Like the entity's update, it changes only a row still pending and counts its
     * version up.
     */
    @Override
    public void sent(String id, String messageId) {
        db.required(MailOutboxImpl::concurrentChange, () -> db.em().createNativeQuery(SENT)
            .setParameter(1, OutboxEntity.SENT)
            .setParameter(2, messageId)
            .setParameter(3, Timestamp.from(Instant.now()))
            .setParameter(4, id)
            .setParameter(5, OutboxEntity.PENDING)
            .executeUpdate());
    }

    private static final String SENT = "UPDATE MAIL_OUTBOX SET STATUS = ?, SEALEDTOKEN = NULL, MESSAGEID = ?, SENTAT = ?,"
        + " ATTEMPTS = ATTEMPTS + 1, LASTERROR = NULL, VERSION = VERSION + 1 WHERE ID = ? AND STATUS = ?";

    @Override
    public void retry(String id, String error, Instant nextAttempt) {
        update(id, row -> {
            row.attempts++;
            row.lastError = clip(error);
            row.nextAttemptAt = nextAttempt;
        });
    }

    @Override
    public void failed(String id, String error) {
        update(id, row -> {
            row.status = OutboxEntity.FAILED;
            row.sealedToken = null;
            row.attempts++;
            row.lastError = clip(error);
        });
    }

    private void update(String id, Consumer<OutboxEntity> change) {
        db.required(MailOutboxImpl::concurrentChange, () -> {
            OutboxEntity row = db.em().find(OutboxEntity.class, id);
            if (row != null && OutboxEntity.PENDING.equals(row.status)) {
                change.accept(row);
            }
            return null;
        });
    }

    private static String clip(String s) {
        return s == null ? null : s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
    }

    private static ConflictException concurrentChange() {
        return new ConflictException("outbox.concurrent", "Concurrent change of the outbox.");
    }
}
