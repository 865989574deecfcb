package dev.collab.profiles.internal;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

import dev.collab.api.mail.MailOutboxListener;
import dev.collab.profiles.internal.entities.AccountEntity;
import dev.collab.profiles.internal.entities.InvitationEntity;
import dev.collab.profiles.internal.entities.MembershipEntity;
import dev.collab.profiles.internal.entities.OutboxEntity;
import dev.collab.profiles.internal.entities.RowIds;
import dev.collab.profiles.internal.entities.TenantEntity;
import dev.collab.profiles.internal.persistence.Database;

/**
 * Issues registration tokens: a new one voids the membership's previous pending invitation;
 * only the token's hash is stored, and the token itself sealed in the mail outbox, recorded in
 * the same transaction. After commit every {@link MailOutboxListener} (the mailing bundle) is
 * told the outbox entry's id, never the token: the dispatcher takes the mail from the outbox.
 */
@Component(service = InvitationIssuer.class, configurationPid = "dev.collab.invitations")
@Designate(ocd = InvitationIssuerConfiguration.class)
public final class InvitationIssuer {
    private final InvitationTokens tokens = new InvitationTokens(new SecureRandom());
    private final Duration validity;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    volatile List<MailOutboxListener> listeners = new CopyOnWriteArrayList<>();

    private final TokenSeal seal;
    private final Database db;

    @Activate
    public InvitationIssuer(InvitationIssuerConfiguration config, @Reference TokenSeal seal, @Reference Database db) {
        int hours = Math.max(1, Math.min(720, config.validityHours()));
        this.validity = Duration.ofHours(hours);
        this.seal = seal;
        this.db = db;
    }

    /**
     * Records the first invitation of a membership in the current transaction, with its mail; wakes the outbox listeners with the mail's id once the transaction committed.
     *
     * @param member the invited membership, persisted in this transaction
     * @param invitee its account: the mail goes to its login, in its language if it has one
     * @param tenant the member's tenant: its validity and language apply unless the account has its own
     * @param profile the profile's name as the mail names it ({@code null}: none)
     * @param grant the grant's name as the mail names it
     * @param invitedBy who invites, as the mail names them
     * @return when the new invitation expires
     */
    Instant issue(MembershipEntity member, AccountEntity invitee, TenantEntity tenant, String profile, String grant,
        String invitedBy) {
        EntityManager em = db.em();
        String token = tokens.newToken();
        InvitationEntity invitation = new InvitationEntity();
        invitation.id = RowIds.next();
        invitation.tenantId = tenant.id;
        invitation.membershipId = member.id;
        invitation.tokenHash = InvitationTokens.hash(token);
        invitation.status = InvitationEntity.PENDING;
        invitation.createdAt = Instant.now();
        invitation.expiresAt = invitation.createdAt.plus(tenant.invitationValidityHours == null ? validity
            : Duration.ofHours(tenant.invitationValidityHours));
        // The reminder carries this same link, so that it does not void the link of the first mail
        // (a resend does, on purpose: the GF asks for a new link). Sealed like the outbox's copy and
        // erased once the reminder is queued or the invitation is used, voided or expired.
        invitation.reminderToken = seal.seal(token);
        em.persist(invitation);

        // The mail is recorded in the same transaction: an invitation never exists without it.
        OutboxEntity mail = MailSignal.pending(OutboxEntity.INVITATION, tenant.id, invitee.login,
            invitee.language != null ? invitee.language : tenant.language, invitation.createdAt);
        mail.invitationId = invitation.id;
        mail.membershipId = member.id;
        mail.sealedToken = seal.seal(token);
        mail.profile = profile;
        mail.grantName = grant;
        mail.invitedBy = invitedBy;
        mail.expiresAt = invitation.expiresAt;
        MailSignal.queue(db, listeners, mail);
        return invitation.expiresAt;
    }

    /**
     * A new invitation of a membership that had one already (a resend): the earlier ones are
     * voided and their unsent mails cancelled first, so that only the newest link works.
     * {@link #issue} alone is for a membership persisted in this transaction, which cannot have
     * any: querying for them cost two queries under the tenant's lock, and made EclipseLink flush
     * the transaction's new rows before each.
     */
    Instant reissue(MembershipEntity member, AccountEntity invitee, TenantEntity tenant, String profile, String grant,
        String invitedBy) {
        voidPending(member);
        return issue(member, invitee, tenant, profile, grant, invitedBy);
    }

    /**
     * Voids the membership's pending invitations and cancels their unsent mails (erasing the
     * sealed tokens). Through the entities, not a bulk UPDATE: EclipseLink's bulk updates reached
     * Derby as a new statement text each time, compiled afresh on every invite (half of an
     * invite's time under the tenant's lock).
     */
    void voidPending(MembershipEntity member) {
        for (InvitationEntity pending : db.em().createQuery(
            "SELECT i FROM InvitationEntity i WHERE i.membershipId = :m AND i.status = :pending", InvitationEntity.class)
            .setParameter("m", member.id).setParameter("pending", InvitationEntity.PENDING).getResultList()) {
            pending.status = InvitationEntity.VOID;
            pending.reminderToken = null;
        }
        cancelMails(member);
    }

    /**
     * Queues the one reminder of a pending invitation, in the caller's transaction, if no one
     * queued it before: the invitation is claimed by an UPDATE that sets {@code remindedAt} only
     * where it is still unset, and only an update count of 1 queues the mail. Claim and mail
     * commit together, so a pass that stops half-way (a restart, a bundle swap) leaves either
     * both or neither, and the next pass finds exactly the invitations still owed a reminder; two
     * nodes on one database that pick the same invitation cannot both get a count of 1 (the
     * second UPDATE waits for the first's row lock and then finds {@code remindedAt} set).
     *
     * @param invitationId the invitation the due-selection chose
     * @param now the pass's time
     * @return whether this call queued the reminder
     */
    boolean remind(String invitationId, Instant now) {
        EntityManager em = db.em();
        List<InvitationEntity> found = em.createQuery("SELECT i FROM InvitationEntity i WHERE i.id = :id", InvitationEntity.class)
            .setParameter("id", invitationId).getResultList();
        InvitationEntity invitation = found.isEmpty() ? null : found.get(0);
        if (invitation == null || !InvitationEntity.PENDING.equals(invitation.status) || invitation.remindedAt != null
            || invitation.reminderToken == null || !now.isBefore(invitation.expiresAt)) {
            return false;
        }
        List<OutboxEntity> first = em.createQuery("SELECT o FROM OutboxEntity o WHERE o.invitationId = :id AND o.kind = :kind",
            OutboxEntity.class).setParameter("id", invitationId).setParameter("kind", OutboxEntity.INVITATION).getResultList();
        if (first.isEmpty()) {
            return false;
        }
        String sealed = invitation.reminderToken;
        // not through the entity: its @Version would turn a concurrent accept or resend into a
        // conflict for the user; this UPDATE touches only the reminder's columns
        int claimed = em.createQuery("UPDATE InvitationEntity i SET i.remindedAt = :now, i.reminderToken = NULL"
            + " WHERE i.id = :id AND i.remindedAt IS NULL AND i.status = :pending")
            .setParameter("now", now).setParameter("id", invitationId).setParameter("pending", InvitationEntity.PENDING)
            .executeUpdate();
        if (claimed != 1) {
            return false;
        }
        OutboxEntity invitationMail = first.get(0);
        OutboxEntity mail = MailSignal.pending(OutboxEntity.REMINDER, invitation.tenantId, invitationMail.recipient,
            invitationMail.language, now);
        mail.invitationId = invitation.id;
        mail.membershipId = invitation.membershipId;
        mail.sealedToken = sealed;
        mail.profile = invitationMail.profile;
        mail.grantName = invitationMail.grantName;
        mail.invitedBy = invitationMail.invitedBy;
        mail.expiresAt = invitation.expiresAt;
        MailSignal.queue(db, listeners, mail);
        new Audit(db).record(invitation.tenantId, "system", "invitation.reminded", mail.recipient,
            "grant " + mail.grantName + "; the link of the invitation works until " + invitation.expiresAt);
        return true;
    }

    /**
     * Queues the notice that a delegate's access through a grant ended, in the caller's
     * transaction (the removal's): it commits with the removal or not at all.
     *
     * @param member the removed membership (its id only ties the mail to it)
     * @param account the removed person's account
     * @param tenant their tenant: its language applies unless the account has its own
     * @param grant the grant's name as the mail names it
     * @param actor who removed them, for the audit trail
     */
    void accessEnded(MembershipEntity member, AccountEntity account, TenantEntity tenant, String grant, String actor) {
        Instant now = Instant.now();
        OutboxEntity mail = MailSignal.pending(OutboxEntity.ACCESS_ENDED, tenant.id, account.login,
            account.language != null ? account.language : tenant.language, now);
        mail.membershipId = member.id;
        mail.grantName = grant;
        mail.expiresAt = now;
        MailSignal.queue(db, listeners, mail);
        new Audit(db).record(tenant.id, actor, "member.removal.mailed", account.login, "grant " + grant);
    }

    /** Cancels the membership's unsent mails and erases their sealed tokens. */
    void cancelMails(MembershipEntity member) {
        for (OutboxEntity mail : db.em().createQuery(
            "SELECT o FROM OutboxEntity o WHERE o.membershipId = :m AND o.status = :pending", OutboxEntity.class)
            .setParameter("m", member.id).setParameter("pending", OutboxEntity.PENDING).getResultList()) {
            mail.status = OutboxEntity.CANCELLED;
            mail.sealedToken = null;
        }
    }
}
