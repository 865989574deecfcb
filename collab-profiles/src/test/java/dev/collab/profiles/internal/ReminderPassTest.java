package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

import dev.collab.api.ValidationException;
import dev.collab.api.audit.AuditQuery;
import dev.collab.api.delegation.Delegate;
import dev.collab.api.delegation.InviteRequest;
import dev.collab.api.grants.GrantDraft;
import dev.collab.api.invitations.InvitationIssued;
import dev.collab.api.profiles.ProfileDraft;
import dev.collab.api.tenants.Tenant;
import dev.collab.profiles.internal.entities.InvitationEntity;
import dev.collab.profiles.internal.entities.OutboxEntity;

/**
 * The reminder pass and the removal notice through the real services on Derby: the pass's time
 * is given, so days pass without sleeping; a second scheduler on the same database stands in for
 * the one after a restart or bundle swap.
 */
class ReminderPassTest extends CoreFixture {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String ADMIN = "admin:boss@broker.de";

    private static ReminderScheduler scheduler(int leadHours, int minimumAgeMinutes) {
        return new ReminderScheduler(Converters.standardConverter()
            .convert(Map.of("leadHours", leadHours, "minimumAgeMinutes", minimumAgeMinutes)).to(ReminderSchedulerConfiguration.class),
            core.db, core.issuer, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    }

    /** A tenant whose GF (delegates MA) has registered; returns tenant, the GF's account id, grant id. */
    private static String[] seed() {
        String t = core.tenant("remind-" + SEQUENCE.incrementAndGet(), true, "A", "B");
        core.profiles.create(t, new ProfileDraft("MA", "employee", List.of("contracts.view"), List.of()), ADMIN);
        core.profiles.create(t, new ProfileDraft("GF", "director", List.of("contracts.view"), List.of("MA")), ADMIN);
        String grant = core.grants.create(t, new GrantDraft("Müller GmbH", "GF", null, List.of("A", "B"), true, "gf@mueller.de"), ADMIN).id();
        String gf = core.invitations.accept(core.lastToken(t, "gf@mueller.de"), Core.PASSWORD.toCharArray(), null).id();
        return new String[] {t, gf, grant};
    }

    private static List<InvitationIssued> reminders(String t) {
        return core.mails.reminders.stream().filter(r -> r.tenantId().equals(t)).toList();
    }

    private static long reminderRows(String t) {
        return core.db.supports(() -> core.db.em().createQuery("SELECT COUNT(o) FROM OutboxEntity o WHERE o.tenantId = :t AND o.kind = :k",
            Long.class).setParameter("t", t).setParameter("k", OutboxEntity.REMINDER).getSingleResult());
    }

    private static InvitationEntity invitation(String id) {
        return core.db.notSupported(() -> core.db.em().find(InvitationEntity.class, id));
    }

    @Test
    void aPendingInvitationGetsExactlyOneReminderWithItsOwnStillWorkingLink() {
        String[] s = seed();
        String t = s[0];
        Delegate ma = core.delegation.invite(t, s[1], new InviteRequest("ma@mueller.de", "MA", List.of("A"), false, null));
        InvitationIssued invited = core.mails.last(t, "ma@mueller.de");
        ReminderScheduler first = scheduler(48, 12 * 60);

        first.pass(ma.invitedAt().plus(Duration.ofDays(1)));
        first.pass(invited.expiresAt().minus(Duration.ofHours(49)));
        assertEquals(0, reminderRows(t), "nothing before the lead time");

        Instant due = invited.expiresAt().minus(Duration.ofHours(47));
        assertTrue(first.pass(due) >= 1);
        assertEquals(List.of(invited.token()), reminders(t).stream().map(InvitationIssued::token).toList(),
            "the reminder carries the invitation's own token");
        assertEquals("MA", reminders(t).get(0).profile());
        assertEquals("gf@mueller.de", reminders(t).get(0).invitedBy());
        // the first mail's link still works
        assertEquals("ma@mueller.de", core.invitations.inspect(invited.token(), "10.0.0.1").email());
        InvitationEntity stored = invitation(invited.invitationId());
        assertEquals(due, stored.remindedAt);
        assertNull(stored.reminderToken, "the sealed copy is gone once the reminder is queued");

        // again, later, and from a scheduler started afresh on the same database: nothing more
        first.pass(due);
        first.pass(due.plus(Duration.ofHours(20)));
        scheduler(48, 12 * 60).pass(due.plus(Duration.ofHours(30)));
        assertEquals(1, reminderRows(t));
        assertEquals(1, reminders(t).size());
        assertEquals(1, core.audit.entries(t, new AuditQuery(null, null, null, "invitation.reminded", "ma@mueller.de"), 0, 10).size());
    }

    @Test
    void aReminderMissedWhileStoppedIsQueuedByTheNextPassAndAResentInvitationGetsItsOwn() {
        String[] s = seed();
        String t = s[0];
        Delegate ma = core.delegation.invite(t, s[1], new InviteRequest("ma@mueller.de", "MA", List.of("A"), false, null));
        InvitationIssued invited = core.mails.last(t, "ma@mueller.de");
        // no pass ran during the lead time (the bundle was out): the first one after catches up
        scheduler(48, 12 * 60).pass(invited.expiresAt().minus(Duration.ofHours(1)));
        assertEquals(1, reminderRows(t));

        // expired unreminded? Not here; but the GF resends the expired link: a new token, a new expiry, a reminder of its own
        core.delegation.resend(t, s[1], ma.id());
        InvitationIssued resent = core.mails.last(t, "ma@mueller.de");
        assertNotEquals(invited.token(), resent.token());
        scheduler(48, 12 * 60).pass(resent.expiresAt().minus(Duration.ofHours(2)));
        assertEquals(2, reminderRows(t));
        assertEquals(resent.token(), reminders(t).get(1).token());
    }

    @Test
    void noReminderForAnAcceptedOneATenantWithoutRemindersOrAnExpiredOne() {
        String[] s = seed();
        String t = s[0];
        core.delegation.invite(t, s[1], new InviteRequest("accepted@mueller.de", "MA", List.of("A"), false, null));
        InvitationIssued accepted = core.mails.last(t, "accepted@mueller.de");
        core.invitations.accept(accepted.token(), Core.PASSWORD.toCharArray(), null);
        assertNull(invitation(accepted.invitationId()).reminderToken, "a used link keeps no sealed copy");
        core.delegation.invite(t, s[1], new InviteRequest("late@mueller.de", "MA", List.of("A"), false, null));
        InvitationIssued late = core.mails.last(t, "late@mueller.de");

        // expired while no pass ran: no reminder, and its sealed token is erased
        scheduler(48, 12 * 60).pass(late.expiresAt().plusSeconds(1));
        assertEquals(0, reminderRows(t));
        assertNull(invitation(late.invitationId()).reminderToken);

        // a tenant that switched reminders off gets none, whatever the container's default
        core.delegation.invite(t, s[1], new InviteRequest("off@mueller.de", "MA", List.of("A"), false, null));
        InvitationIssued off = core.mails.last(t, "off@mueller.de");
        Tenant configured = core.tenants.configureMails(t, 0, false, null, "support");
        assertEquals(0, configured.reminderLeadHours());
        scheduler(48, 0).pass(off.expiresAt().minus(Duration.ofHours(1)));
        assertEquals(0, reminderRows(t));
        assertNotNull(invitation(off.invitationId()).reminderToken);

        // its own lead time wins over the container's
        core.tenants.configureMails(t, 6, false, null, "support");
        scheduler(48, 0).pass(off.expiresAt().minus(Duration.ofHours(7)));
        assertEquals(0, reminderRows(t));
        scheduler(48, 0).pass(off.expiresAt().minus(Duration.ofHours(5)));
        assertEquals(1, reminderRows(t));
        assertEquals(2, core.audit.entries(t, new AuditQuery(null, null, null, "tenant.reminderLead", null), 0, 10).size(),
            "each change of the lead time is audited");
    }

    @Test
    void aRemovedDelegateIsToldOnlyWhereTheTenantAsksAndOnlyIfTheyHadAccess() {
        String[] s = seed();
        String t = s[0];
        assertEquals(false, core.tenants.get(t).removalMail(), "off by default");
        core.delegation.invite(t, s[1], new InviteRequest("ma@mueller.de", "MA", List.of("A"), false, null));
        core.invitations.accept(core.lastToken(t, "ma@mueller.de"), Core.PASSWORD.toCharArray(), null);
        core.delegation.invite(t, s[1], new InviteRequest("never@mueller.de", "MA", List.of("A"), false, null));
        core.delegation.delete(t, s[1], idOf(t, s[1], "ma@mueller.de"));
        assertTrue(core.mails.ended.stream().noneMatch(n -> n.tenantId().equals(t)));

        core.delegation.invite(t, s[1], new InviteRequest("ma@mueller.de", "MA", List.of("A"), false, null));
        core.invitations.accept(core.lastToken(t, "ma@mueller.de"), Core.PASSWORD.toCharArray(), null);
        assertTrue(core.tenants.configureMails(t, null, false, true, "support").removalMail());
        core.delegation.delete(t, s[1], idOf(t, s[1], "ma@mueller.de"));
        core.delegation.delete(t, s[1], idOf(t, s[1], "never@mueller.de"));
        List<String> told = core.mails.ended.stream().filter(n -> n.tenantId().equals(t)).map(n -> n.email() + " " + n.grant()).toList();
        assertEquals(List.of("ma@mueller.de Müller GmbH/ma@mueller.de"), told, "only who had access; an invitee's link is just void");
        assertEquals(1, core.audit.entries(t, new AuditQuery(null, null, null, "member.removal.mailed", "ma@mueller.de"), 0, 10).size());
        assertEquals(1, core.audit.entries(t, new AuditQuery(null, null, null, "tenant.removalMail", null), 0, 10).size());
    }

    @Test
    void theTenantsMailSettingsAreValidated() {
        String t = seed()[0];
        ValidationException e = assertThrows(ValidationException.class, () -> core.tenants.configureMails(t, 721, false, null, "support"));
        assertEquals("reminderLeadHours", e.errors().get(0).field());
        assertThrows(ValidationException.class, () -> core.tenants.configureMails(t, -1, false, null, "support"));
        assertEquals(24, core.tenants.configureMails(t, 24, false, null, "support").reminderLeadHours());
        assertNull(core.tenants.configureMails(t, null, true, null, "support").reminderLeadHours(), "back to the container's default");
    }

    private static String idOf(String t, String gf, String email) {
        return core.delegation.delegates(t, gf).stream().filter(d -> d.email().equals(email)).findFirst().orElseThrow().id();
    }
}
