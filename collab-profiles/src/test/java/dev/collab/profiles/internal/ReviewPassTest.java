package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.collab.api.ConflictException;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.audit.AuditQuery;
import dev.collab.api.delegation.AccessReview;
import dev.collab.api.delegation.Delegate;
import dev.collab.api.delegation.InviteRequest;
import dev.collab.api.delegation.ReviewResult;
import dev.collab.api.grants.GrantDraft;
import dev.collab.api.mail.PendingMail;
import dev.collab.api.profiles.ProfileDraft;
import dev.collab.api.tenants.Tenant;

/**
 * "Zugriffe überprüfen" through the real services on Derby: the pass's time is given, so months
 * pass without sleeping; a second pass object on the same database stands in for the one after a
 * restart or a bundle swap.
 */
class ReviewPassTest extends CoreFixture {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String ADMIN = "admin:boss@broker.de";

    /** tenant, GF account, TL delegate id, TL account, MA delegate id (invited, not registered), the sub-delegate's id under TL */
    private record Seed(String t, String gf, String tlId, String tl, String maId, String subId, Instant invitedAt) {
    }

    private static Seed seed(String mode) {
        String t = core.tenant("review-" + SEQUENCE.incrementAndGet(), true, "A", "B");
        core.profiles.create(t, new ProfileDraft("MA", "employee", List.of("contracts.view"), List.of()), ADMIN);
        core.profiles.create(t, new ProfileDraft("TL", "team leader", List.of("contracts.view"), List.of("MA")), ADMIN);
        core.profiles.create(t, new ProfileDraft("GF", "director", List.of("contracts.view"), List.of("TL", "MA")), ADMIN);
        core.grants.create(t, new GrantDraft("Müller GmbH", "GF", null, List.of("A", "B"), true, "gf@mueller.de"), ADMIN);
        String gf = core.invitations.accept(core.lastToken(t, "gf@mueller.de"), Core.PASSWORD.toCharArray(), null).id();
        Delegate tl = core.delegation.invite(t, gf, new InviteRequest("tl@mueller.de", "TL", List.of("A", "B"), false, null));
        String tlAccount = core.invitations.accept(core.lastToken(t, "tl@mueller.de"), Core.PASSWORD.toCharArray(), null).id();
        Delegate ma = core.delegation.invite(t, gf, new InviteRequest("ma@mueller.de", "MA", List.of("A"), false, null));
        Delegate sub = core.delegation.invite(t, tlAccount, new InviteRequest("sub@mueller.de", "MA", List.of("B"), false, null));
        core.tenants.configureReview(t, 30, 14, mode, "support");
        return new Seed(t, gf, tl.id(), tlAccount, ma.id(), sub.id(), tl.invitedAt());
    }

    private static ReviewPass pass() {
        return new ReviewPass(core.db, core.model, core.issuer);
    }

    private static List<PendingMail> mails(String t, String email) {
        return core.mails.reviews.stream().filter(m -> m.review().tenantId().equals(t) && m.recipient().equals(email)).toList();
    }

    private static long audited(String t, String action, String target) {
        return core.audit.entries(t, new AuditQuery(null, null, null, action, target), 0, 50).size();
    }

    private static List<String> delegates(String t, String user) {
        return core.delegation.review(t, user).delegates().stream().map(Delegate::email).toList();
    }

    @Test
    void everyoneWithDelegatesIsAskedOnceWhenTheReviewFallsDueAndRemindedOnceAfterTheDeadline() {
        Seed s = seed(Tenant.REVIEW_NOTIFY);
        Instant due = s.invitedAt().plus(Duration.ofDays(30));
        pass().pass(due.minus(Duration.ofHours(1)));
        assertTrue(mails(s.t(), "gf@mueller.de").isEmpty(), "not due yet");

        Instant asked = due.plus(Duration.ofMinutes(5));
        pass().pass(asked);
        // the GF and the team leader, each for their own direct delegates
        List<PendingMail> gfMails = mails(s.t(), "gf@mueller.de");
        assertEquals(1, gfMails.size());
        assertEquals(PendingMail.REVIEW_REQUESTED, gfMails.get(0).kind());
        assertEquals(2, gfMails.get(0).review().delegates(), "tl and ma; sub is the team leader's to review");
        assertEquals(asked.plus(Duration.ofDays(14)), gfMails.get(0).review().deadlineAt());
        assertFalse(gfMails.get(0).review().revoke());
        assertEquals(1, mails(s.t(), "tl@mueller.de").get(0).review().delegates());
        assertEquals(1, audited(s.t(), "review.requested", "gf@mueller.de"));

        AccessReview review = core.delegation.review(s.t(), s.gf());
        assertTrue(review.required());
        assertEquals(List.of("ma@mueller.de", "tl@mueller.de"), review.delegates().stream().map(Delegate::email).toList());
        assertNotNull(review.dueAt());
        assertEquals(asked.plus(Duration.ofDays(14)), review.deadlineAt());

        // again, and from a pass started afresh (a restart): nothing more
        pass().pass(asked.plus(Duration.ofDays(1)));
        assertEquals(1, mails(s.t(), "gf@mueller.de").size());
        assertEquals(1, mails(s.t(), "tl@mueller.de").size());

        Instant late = asked.plus(Duration.ofDays(14)).plusSeconds(1);
        pass().pass(late);
        assertEquals(List.of(PendingMail.REVIEW_REQUESTED, PendingMail.REVIEW_OVERDUE),
            mails(s.t(), "gf@mueller.de").stream().map(PendingMail::kind).toList());
        pass().pass(late.plus(Duration.ofDays(3)));
        assertEquals(2, mails(s.t(), "gf@mueller.de").size(), "one reminder per round");
        assertEquals(1, audited(s.t(), "review.overdue", "gf@mueller.de"));
        assertEquals(List.of("ma@mueller.de", "tl@mueller.de"), delegates(s.t(), s.gf()), "NOTIFY takes nobody's access");
        assertTrue(core.delegation.review(s.t(), s.gf()).overdue());
    }

    @Test
    void inModeRevokeTheUnconfirmedLoseAccessWithTheCascadeButSomeoneInvitedDuringTheGracePeriodStays() {
        Seed s = seed(Tenant.REVIEW_REVOKE);
        Instant asked = s.invitedAt().plus(Duration.ofDays(31));
        pass().pass(asked);
        assertTrue(mails(s.t(), "gf@mueller.de").get(0).review().revoke());
        // invited after the request: a fresh decision of the GF, not part of this round
        Delegate newcomer = core.delegation.invite(s.t(), s.gf(), new InviteRequest("new@mueller.de", "MA", List.of("A"), false, null));
        // the pass's days are simulated: the invitation happens a day after the request in that time
        core.db.required(() -> new ConflictException("test.conflict", "A test write met another."), () -> core.db.em().createNativeQuery("UPDATE MEMBERSHIP SET INVITEDAT = ? WHERE ID = ?")
            .setParameter(1, java.sql.Timestamp.from(asked.plus(Duration.ofDays(1)))).setParameter(2, newcomer.id()).executeUpdate());

        pass().pass(asked.plus(Duration.ofDays(15)));
        assertEquals(List.of("new@mueller.de"), delegates(s.t(), s.gf()));
        assertFalse(core.access.decide(s.t(), "tl@mueller.de", "contracts.view", "A").allowed());
        assertEquals(1, audited(s.t(), "review.revoked", "gf@mueller.de"));
        // the team leader's delegate went too: with them, or by the team leader's own unanswered review
        assertEquals(1, core.audit.entries(s.t(), new AuditQuery(null, null, "system:review", "member.removed", "sub@mueller.de"), 0, 5)
            .size());
        assertEquals(1, core.audit.entries(s.t(), new AuditQuery(null, null, "system:review", "member.removed", "tl@mueller.de"), 0, 5)
            .size());
        assertEquals(PendingMail.REVIEW_REVOKED, mails(s.t(), "gf@mueller.de").get(1).kind());
        assertEquals(2, mails(s.t(), "gf@mueller.de").get(1).review().delegates());

        // the round is over; the newcomer falls due on their own schedule, not at once
        pass().pass(asked.plus(Duration.ofDays(16)));
        assertEquals(2, mails(s.t(), "gf@mueller.de").size());
        assertNull(core.delegation.review(s.t(), s.gf()).deadlineAt());
    }

    @Test
    void completingTheReviewKeepsAndRemovesInOneGoAndClosesTheRound() {
        Seed s = seed(Tenant.REVIEW_REVOKE);
        Instant asked = s.invitedAt().plus(Duration.ofDays(30)).plusSeconds(60);
        pass().pass(asked);

        ValidationException undecided = assertThrows(ValidationException.class,
            () -> core.delegation.completeReview(s.t(), s.gf(), List.of(s.tlId()), List.of()));
        assertEquals("keep", undecided.errors().get(0).field());
        assertEquals("review.undecided", undecided.errors().get(0).key());
        assertTrue(undecided.getMessage().contains("ma@mueller.de"), undecided.getMessage());
        assertEquals("review.both", assertThrows(ValidationException.class, () -> core.delegation.completeReview(s.t(), s.gf(),
            List.of(s.tlId(), s.maId()), List.of(s.maId()))).errors().get(0).key());
        assertThrows(UnknownResourceException.class, () -> core.delegation.completeReview(s.t(), s.gf(),
            List.of(s.tlId(), s.maId(), s.subId()), List.of()), "the team leader's delegate is not the GF's to review");
        assertThrows(UnknownResourceException.class, () -> core.delegation.completeReview(s.t(), s.gf(),
            List.of(s.tlId(), s.maId()), List.of("nope")));
        assertThrows(UnknownResourceException.class, () -> core.delegation.completeReview(s.t(), s.gf(),
            List.of(s.tlId(), s.maId(), "nope"), null), "an absent list is an empty one");
        assertEquals(List.of("ma@mueller.de", "tl@mueller.de"), delegates(s.t(), s.gf()), "nothing changed by a refusal");

        ReviewResult done = core.delegation.completeReview(s.t(), s.gf(), List.of(s.maId()), List.of(s.tlId()));
        assertEquals(List.of(s.maId()), done.kept());
        assertEquals(List.of(s.tlId()), done.removed());
        assertEquals(1, done.cascade(), "sub went with the team leader");
        assertEquals(done.reviewedAt().plus(Duration.ofDays(30)), done.nextDueAt());
        assertEquals(List.of("ma@mueller.de"), delegates(s.t(), s.gf()));
        assertEquals(1, audited(s.t(), "review.completed", "gf@mueller.de"));

        AccessReview after = core.delegation.review(s.t(), s.gf());
        assertEquals(done.reviewedAt(), after.reviewedAt());
        assertNull(after.deadlineAt(), "the round is closed");
        assertEquals(done.nextDueAt(), after.dueAt());
        // the old deadline passes: nothing is revoked, ma was confirmed
        pass().pass(asked.plus(Duration.ofDays(15)));
        assertEquals(0, audited(s.t(), "review.revoked", "gf@mueller.de"));
        assertEquals(List.of("ma@mueller.de"), delegates(s.t(), s.gf()));
    }

    @Test
    void theSettingsAreValidatedAuditedAndATenantWithoutReviewsOrWithDelegatedAccessOffIsNeverAsked() {
        Seed s = seed(Tenant.REVIEW_NOTIFY);
        assertEquals("reviewDays", assertThrows(ValidationException.class,
            () -> core.tenants.configureReview(s.t(), 3, null, null, "support")).errors().get(0).field());
        assertEquals("reviewGraceDays", assertThrows(ValidationException.class,
            () -> core.tenants.configureReview(s.t(), null, 0, null, "support")).errors().get(0).field());
        assertEquals("reviewMode", assertThrows(ValidationException.class,
            () -> core.tenants.configureReview(s.t(), null, null, "DELETE", "support")).errors().get(0).field());
        Tenant t = core.tenants.get(s.t());
        assertEquals(30, t.reviewDays());
        assertEquals(14, t.reviewGraceDays());
        assertEquals(Tenant.REVIEW_NOTIFY, t.reviewMode());
        assertEquals(1, audited(s.t(), "tenant.review", null));

        core.tenants.setDelegatedAccess(s.t(), false, "support");
        pass().pass(s.invitedAt().plus(Duration.ofDays(400)));
        assertTrue(mails(s.t(), "gf@mueller.de").isEmpty(), "feature off: nothing is asked or deleted");
        core.tenants.setDelegatedAccess(s.t(), true, "support");
        assertNull(core.tenants.configureReview(s.t(), 0, null, null, "support").reviewDays(), "0 switches reviews off");
        pass().pass(s.invitedAt().plus(Duration.ofDays(400)));
        assertTrue(mails(s.t(), "gf@mueller.de").isEmpty());
        assertFalse(core.delegation.review(s.t(), s.gf()).required());
        assertNull(core.delegation.review(s.t(), s.gf()).dueAt());
        assertEquals(2, audited(s.t(), "tenant.review", null));
    }
}
