package dev.collab.profiles.internal;

import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

import javax.persistence.EntityManager;

import dev.collab.api.ConflictException;
import dev.collab.profiles.internal.entities.AccountEntity;
import dev.collab.profiles.internal.entities.GrantEntity;
import dev.collab.profiles.internal.entities.MembershipEntity;
import dev.collab.profiles.internal.entities.TenantEntity;
import dev.collab.profiles.internal.persistence.Database;

/**
 * Records, once, that a membership's "gültig bis" passed: the audit entry {@code member.expired}
 * and, where the tenant tells removed delegates, the notice that their access ended. Run from
 * each {@link ReminderScheduler} pass.
 * <p>
 * The access itself does not wait for this pass: decisions compare the validity with the clock
 * ({@link TenantModel.Entry#valid}), so it ends at that instant. The pass only writes down that
 * it did. Its work is derived from the membership's columns alone (ended, {@code EXPIREDAT} not
 * set), and each membership is claimed by an UPDATE that sets {@code EXPIREDAT} only while it is
 * unset, in the transaction that writes the audit and queues the mail: a restart, a bundle swap
 * or a second node neither loses an expiry nor records one twice, and the first pass after a
 * start catches up on what ended meanwhile. The membership stays (shown as expired); the inviter
 * removes it, and may then invite the person again.
 * <p>
 * Only a membership's own validity is recorded here. Delegates below it lose their access at the
 * same instant (their effective end is the earliest along the chain), which the audit entry of
 * the one whose validity passed explains; each gets an entry of their own only when their own
 * validity passes.
 */
final class ExpiryPass {
    /** The actor the audit names for what the pass records. */
    static final String ACTOR = "system:expiry";
    /** Memberships claimed per query; the pass queries again while a page came back full. */
    static final int PAGE = 100;

    private final Database db;
    private final InvitationIssuer invitations;

    ExpiryPass(Database db, InvitationIssuer invitations) {
        this.db = db;
        this.invitations = invitations;
    }

    /**
     * Records the memberships whose validity passed by {@code now} and that are not recorded yet.
     *
     * @param stopping asked between memberships: what is left stays owed in the database
     * @return how many this pass recorded
     */
    int pass(Instant now, BooleanSupplier stopping) {
        int recorded = 0;
        int before;
        List<String> page;
        do {
            page = db.supports(() -> db.em().createQuery("SELECT m.id FROM MembershipEntity m WHERE m.expiredAt IS NULL"
                + " AND m.validUntil IS NOT NULL AND m.validUntil <= :now ORDER BY m.validUntil", String.class)
                .setParameter("now", now).setMaxResults(PAGE).getResultList());
            before = recorded;
            for (String id : page) {
                if (stopping.getAsBoolean()) {
                    return recorded;
                }
                boolean mine;
                try {
                    // each in its own transaction: one that fails (a concurrent removal) does not hold back the others
                    mine = db.required(() -> new ConflictException("expiry.concurrent", "Concurrent change of a membership."),
                        () -> record(id, now));
                } catch (ConflictException e) {
                    mine = false;
                }
                if (mine) {
                    recorded++;
                }
            }
        } while (page.size() == PAGE && recorded > before);
        return recorded;
    }

    private boolean record(String membershipId, Instant now) {
        EntityManager em = db.em();
        // not through the entity: its @Version would turn a concurrent change by a user into a
        // conflict for them; this UPDATE touches only the expiry's column, and only once
        int claimed = em.createQuery("UPDATE MembershipEntity m SET m.expiredAt = :now WHERE m.id = :id AND m.expiredAt IS NULL"
            + " AND m.validUntil IS NOT NULL AND m.validUntil <= :now").setParameter("now", now).setParameter("id", membershipId)
            .executeUpdate();
        if (claimed != 1) {
            return false;
        }
        List<MembershipEntity> found = em.createQuery("SELECT m FROM MembershipEntity m WHERE m.id = :id", MembershipEntity.class)
            .setParameter("id", membershipId).getResultList();
        if (found.isEmpty()) {
            return false;
        }
        MembershipEntity member = found.get(0);
        AccountEntity account = em.find(AccountEntity.class, member.accountId);
        GrantEntity grant = em.find(GrantEntity.class, member.grantId);
        TenantEntity tenant = em.find(TenantEntity.class, member.tenantId);
        String login = account == null ? member.accountId : account.login;
        String grantName = grant == null ? member.grantId : grant.name;
        new Audit(db).record(member.tenantId, ACTOR, "member.expired", login, "grant " + grantName + ", valid until "
            + member.validUntil + "; the membership stays, without access");
        // as for a removal: told only of access they had (a registered member), where the tenant asks for it
        if (tenant != null && tenant.removalMail && account != null && MembershipEntity.ACTIVE.equals(member.status)) {
            invitations.accessEnded(member, account, tenant, grantName, ACTOR);
        }
        return true;
    }
}
