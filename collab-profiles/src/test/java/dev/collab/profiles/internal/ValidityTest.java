package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

import dev.collab.api.ConflictException;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.audit.AuditQuery;
import dev.collab.api.delegation.Delegate;
import dev.collab.api.delegation.InviteRequest;
import dev.collab.api.grants.GrantDraft;
import dev.collab.api.grants.MembershipStatus;
import dev.collab.api.profiles.ProfileDraft;

/**
 * "gültig bis" (issue 13, item 2) through the real services on Derby: the core's clock is moved
 * on, so validities pass without sleeping; the expiry pass runs by hand at a time of the test's
 * choosing, and a second scheduler on the same database stands in for the one after a restart.
 */
class ValidityTest extends CoreFixture {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String ADMIN = "admin:boss@broker.de";
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    /** A tenant whose GF (grant with customers A and B, profile GF delegating MA and TL) has registered. */
    private record Seed(String t, String gf, String grant) {
    }

    private static Seed seed(Integer maMonths) {
        String t = core.tenant("valid-" + SEQUENCE.incrementAndGet(), true, "A", "B");
        core.profiles.create(t, new ProfileDraft("MA", "employee", List.of("contracts.view"), List.of(), maMonths), ADMIN);
        core.profiles.create(t, new ProfileDraft("TL", "team lead", List.of("contracts.view"), List.of("MA")), ADMIN);
        core.profiles.create(t, new ProfileDraft("GF", "director", List.of("contracts.view"), List.of("MA", "TL")), ADMIN);
        String grant = core.grants.create(t, new GrantDraft("Müller GmbH", "GF", null, List.of("A", "B"), true, "gf@mueller.de"), ADMIN).id();
        String gf = core.invitations.accept(core.lastToken(t, "gf@mueller.de"), Core.PASSWORD.toCharArray(), null).id();
        return new Seed(t, gf, grant);
    }

    private static InviteRequest invite(String email, String profile, Instant validUntil) {
        return new InviteRequest(email, profile, List.of("A"), false, null, null, validUntil);
    }

    private static String accept(String t, String email) {
        return core.invitations.accept(core.lastToken(t, email), Core.PASSWORD.toCharArray(), null).id();
    }

    private static ReminderScheduler scheduler() {
        return new ReminderScheduler(Converters.standardConverter().convert(Map.of("leadHours", 0))
            .to(ReminderSchedulerConfiguration.class), core.db, core.issuer, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    }

    private static Delegate delegate(Seed s, String email) {
        return core.delegation.delegates(s.t, s.gf).stream().filter(d -> d.email().equals(email)).findFirst().orElseThrow();
    }

    private static void assertModelAsFreshlyLoaded(String t) {
        assertEquals(core.model.reloadFromScratch(t).picture(), core.model.model(t).picture(), "the kept model is what a reload builds");
    }

    @Test
    void accessEndsAtTheMomentItsValidityPassesWithoutAnyChangeRunning() {
        Seed s = seed(null);
        Instant end = core.clock.instant().plus(Duration.ofDays(3));
        Delegate invited = core.delegation.invite(s.t, s.gf, invite("ma@mueller.de", "MA", end));
        assertEquals(end, invited.validUntil());
        accept(s.t, "ma@mueller.de");
        assertTrue(core.access.isAllowed(s.t, "ma@mueller.de", "contracts.view", "A"));
        assertEquals(MembershipStatus.ACTIVE, delegate(s, "ma@mueller.de").status());
        assertEquals(end, delegate(s, "ma@mueller.de").validUntil());

        core.clock.advance(Duration.ofDays(3).plusSeconds(1));
        assertFalse(core.access.isAllowed(s.t, "ma@mueller.de", "contracts.view", "A"), "no at once, before any pass ran");
        assertFalse(core.access.decide(s.t, "ma@mueller.de", "contracts.view", "A").allowed());
        assertTrue(core.access.effectiveAccess(s.t, "ma@mueller.de").customers().isEmpty(), "listings agree with decisions");
        assertEquals(MembershipStatus.EXPIRED, delegate(s, "ma@mueller.de").status());
        assertTrue(core.access.isAllowed(s.t, "gf@mueller.de", "contracts.view", "A"), "the unlimited GF keeps access");
        assertModelAsFreshlyLoaded(s.t);

        // A clock set back (a corrected system clock) is before the end again: the host's
        // recent answers must not keep the "no" the ended access gave.
        core.clock.advance(Duration.ofDays(-3).minusSeconds(1));
        try {
            assertTrue(core.access.isAllowed(s.t, "ma@mueller.de", "contracts.view", "A"), "before the end again");
        } finally {
            core.clock.advance(Duration.ofDays(3).plusSeconds(1));
        }
        assertFalse(core.access.isAllowed(s.t, "ma@mueller.de", "contracts.view", "A"), "and no again after it");
    }

    @Test
    void theExpiryPassRecordsEachEndOnceAcrossRestartsAndTellsThePersonWhereTheTenantAsks() {
        Seed s = seed(null);
        core.tenants.configureMails(s.t, null, false, true, "support");
        Instant end = core.clock.instant().plus(Duration.ofHours(2));
        core.delegation.invite(s.t, s.gf, invite("ma@mueller.de", "MA", end));
        accept(s.t, "ma@mueller.de");
        core.delegation.invite(s.t, s.gf, invite("later@mueller.de", "MA", end.plus(Duration.ofDays(30))));

        scheduler().pass(end.minusSeconds(1));
        assertEquals(0, expired(s.t, null), "nothing before the end");
        scheduler().pass(end.plusSeconds(1));
        scheduler().pass(end.plus(Duration.ofMinutes(5)));
        assertEquals(1, expired(s.t, "ma@mueller.de"), "recorded once, by whichever pass came first");
        assertEquals(0, expired(s.t, "later@mueller.de"));
        assertEquals(List.of("ma@mueller.de"), core.mails.ended.stream().filter(n -> n.tenantId().equals(s.t)).map(n -> n.email()).toList());
        assertEquals(MembershipStatus.ACTIVE.name(), core.db.notSupported(() -> core.db.em().createQuery(
            "SELECT m.status FROM MembershipEntity m WHERE m.id = :id", String.class).setParameter("id", delegate(s, "ma@mueller.de").id())
            .getSingleResult()), "the membership stays; only its end is recorded");
    }

    private static int expired(String t, String email) {
        return core.audit.entries(t, new AuditQuery(null, null, null, "member.expired", email), 0, 100).size();
    }

    @Test
    void aValidityMustLieInTheFutureAndWithinTheProfilesLimitWhichIsAlsoTheDefault() {
        Seed s = seed(12);
        Instant now = core.clock.instant();
        ValidationException past = assertThrows(ValidationException.class,
            () -> core.delegation.invite(s.t, s.gf, invite("ma@mueller.de", "MA", now.minusSeconds(60))));
        assertEquals("validity.past", past.errors().get(0).key());
        assertEquals("validUntil", past.errors().get(0).field());

        Instant limit = Validity.endOfDay(LocalDate.ofInstant(now, BERLIN).plusMonths(12), BERLIN);
        ValidationException beyond = assertThrows(ValidationException.class,
            () -> core.delegation.invite(s.t, s.gf, invite("ma@mueller.de", "MA", limit.plusSeconds(1))));
        assertEquals("validity.beyondProfile", beyond.errors().get(0).key());
        assertEquals(12, beyond.errors().get(0).arguments().get(0));

        assertEquals(limit, core.delegation.invite(s.t, s.gf, invite("ma@mueller.de", "MA", limit)).validUntil(), "the last day counts");
        assertEquals(limit, core.delegation.invite(s.t, s.gf, invite("ma2@mueller.de", "MA", null)).validUntil(),
            "without a choice, the profile's limit");
        assertNull(core.delegation.invite(s.t, s.gf, invite("tl@mueller.de", "TL", null)).validUntil(), "no limit, no end");
        assertEquals(12, core.delegation.options(s.t, s.gf).profiles().stream().filter(p -> p.name().equals("MA")).findFirst()
            .orElseThrow().maxValidityMonths(), "the dialog shows the limit");
    }

    @Test
    void anInviteFollowsTheProfilesAsTheAdminLastReplacedThem() {
        Seed s = seed(null);
        String ma = core.profiles.list(s.t).stream().filter(p -> p.name().equals("MA")).findFirst().orElseThrow().id();
        String gfProfile = core.profiles.list(s.t).stream().filter(p -> p.name().equals("GF")).findFirst().orElseThrow().id();

        core.profiles.replace(s.t, ma, new ProfileDraft("MA", "employee", List.of("contracts.view"), List.of(), 3), ADMIN);
        Instant limit = Validity.endOfDay(LocalDate.ofInstant(core.clock.instant(), BERLIN).plusMonths(3), BERLIN);
        assertEquals(limit, core.delegation.invite(s.t, s.gf, invite("ma@mueller.de", "MA", null)).validUntil(), "the new limit");

        core.profiles.replace(s.t, gfProfile, new ProfileDraft("GF", "director", List.of("contracts.view"), List.of("TL")), ADMIN);
        ValidationException notDelegable = assertThrows(ValidationException.class,
            () -> core.delegation.invite(s.t, s.gf, invite("ma2@mueller.de", "MA", null)));
        assertEquals("invite.profileNotDelegable", notDelegable.errors().get(0).key());
        assertEquals(List.of("TL"), core.delegation.options(s.t, s.gf).profiles().stream().map(p -> p.name()).toList());
        assertEquals("team lead", core.delegation.options(s.t, s.gf).profiles().get(0).description());
        assertNull(core.delegation.invite(s.t, s.gf, invite("tl@mueller.de", "TL", null)).validUntil());
        assertModelAsFreshlyLoaded(s.t);
    }

    @Test
    void aDelegatesAccessNeverOutlastsTheInvitersAndEndsWithIt() {
        Seed s = seed(null);
        Instant tlEnd = core.clock.instant().plus(Duration.ofDays(10));
        core.delegation.invite(s.t, s.gf, invite("tl@mueller.de", "TL", tlEnd));
        String tl = accept(s.t, "tl@mueller.de");
        ValidationException longer = assertThrows(ValidationException.class,
            () -> core.delegation.invite(s.t, tl, invite("ma@mueller.de", "MA", tlEnd.plusSeconds(1))));
        assertEquals("validity.beyondInviter", longer.errors().get(0).key());

        Delegate ma = core.delegation.invite(s.t, tl, invite("ma@mueller.de", "MA", null));
        assertEquals(tlEnd, ma.validUntil(), "unlimited on its own, bounded by the inviter's end along the chain");
        accept(s.t, "ma@mueller.de");
        assertTrue(core.access.isAllowed(s.t, "ma@mueller.de", "contracts.view", "A"));

        core.clock.advance(Duration.ofDays(10).plusSeconds(1));
        assertFalse(core.access.isAllowed(s.t, "tl@mueller.de", "contracts.view", "A"));
        assertFalse(core.access.isAllowed(s.t, "ma@mueller.de", "contracts.view", "A"), "the delegate's access ended with the inviter's");
        assertEquals(MembershipStatus.EXPIRED, core.delegation.delegates(s.t, tl).get(0).status());
        assertTrue(core.delegation.options(s.t, tl).profiles().isEmpty(), "an ended access hands out nothing");
        assertModelAsFreshlyLoaded(s.t);
    }

    @Test
    void onlyTheInviterExtendsAndOnlyBeforeTheEndToALaterOneWithinTheLimits() {
        Seed s = seed(6);
        Instant now = core.clock.instant();
        Instant end = now.plus(Duration.ofDays(20));
        String id = core.delegation.invite(s.t, s.gf, invite("ma@mueller.de", "MA", end)).id();
        String ma = accept(s.t, "ma@mueller.de");
        core.delegation.invite(s.t, s.gf, invite("tl@mueller.de", "TL", null));
        String tl = accept(s.t, "tl@mueller.de");
        String unlimited = delegate(s, "tl@mueller.de").id();

        assertThrows(UnknownResourceException.class, () -> core.delegation.extend(s.t, tl, id, end.plus(Duration.ofDays(1))),
            "another user's delegate is unknown to them");
        assertThrows(UnknownResourceException.class, () -> core.delegation.extend(s.t, ma, id, end.plus(Duration.ofDays(1))));
        assertEquals("validity.notLater", assertThrows(ValidationException.class,
            () -> core.delegation.extend(s.t, s.gf, id, end)).errors().get(0).key());
        Instant limit = Validity.endOfDay(LocalDate.ofInstant(now, BERLIN).plusMonths(6), BERLIN);
        assertEquals("validity.beyondProfile", assertThrows(ValidationException.class,
            () -> core.delegation.extend(s.t, s.gf, id, limit.plus(Duration.ofDays(1)))).errors().get(0).key());
        assertEquals("validity.unlimited", assertThrows(ConflictException.class,
            () -> core.delegation.extend(s.t, s.gf, unlimited, end)).key());

        Instant later = end.plus(Duration.ofDays(30));
        Delegate extended = core.delegation.extend(s.t, s.gf, id, later);
        assertEquals(later, extended.validUntil());
        assertEquals(1, core.audit.entries(s.t, new AuditQuery(null, null, null, "member.extended", "ma@mueller.de"), 0, 10).size());
        core.clock.advance(Duration.ofDays(21));
        assertTrue(core.access.isAllowed(s.t, "ma@mueller.de", "contracts.view", "A"), "the old end passed, the new one holds");
        assertModelAsFreshlyLoaded(s.t);

        core.clock.advance(Duration.ofDays(30));
        assertFalse(core.access.isAllowed(s.t, "ma@mueller.de", "contracts.view", "A"));
        assertEquals("validity.ended", assertThrows(ConflictException.class,
            () -> core.delegation.extend(s.t, s.gf, id, later.plus(Duration.ofDays(5)))).key(), "after the end: invite again");
    }

    @Test
    void theAdminSetsAndClearsAMembersEndBeyondTheProfilesLimitAndAnEndedAccessReturns() {
        Seed s = seed(1);
        Instant end = core.clock.instant().plus(Duration.ofDays(2));
        core.delegation.invite(s.t, s.gf, invite("ma@mueller.de", "MA", end));
        String ma = accept(s.t, "ma@mueller.de");
        String grant = delegate(s, "ma@mueller.de").grantId();
        assertEquals("validity.past", assertThrows(ValidationException.class,
            () -> core.grants.setValidUntil(s.t, grant, ma, core.clock.instant().minusSeconds(1), ADMIN)).errors().get(0).key());
        assertThrows(UnknownResourceException.class, () -> core.grants.setValidUntil(s.t, grant, s.gf, null, ADMIN));

        core.clock.advance(Duration.ofDays(3));
        assertFalse(core.access.isAllowed(s.t, "ma@mueller.de", "contracts.view", "A"));
        Instant longer = core.clock.instant().plus(Duration.ofDays(400));
        assertEquals(longer, core.grants.setValidUntil(s.t, grant, ma, longer, ADMIN).members().get(0).validUntil(),
            "the admin is not bound by the profile's month");
        assertTrue(core.access.isAllowed(s.t, "ma@mueller.de", "contracts.view", "A"), "the ended access returns");
        assertNull(core.grants.setValidUntil(s.t, grant, ma, null, ADMIN).members().get(0).validUntil());
        assertNull(delegate(s, "ma@mueller.de").validUntil(), "no end any more");
        assertEquals(2, core.audit.entries(s.t, new AuditQuery(null, null, null, "member.validUntil", "ma@mueller.de"), 0, 10).size(),
            "the two changes, not the refusals");
        assertModelAsFreshlyLoaded(s.t);
    }

    @Test
    void theProfilesLimitIsOneToOneHundredTwentyMonthsOrNone() {
        String t = core.tenant("valid-" + SEQUENCE.incrementAndGet(), true, "A");
        for (int months : new int[] {0, -1, 121}) {
            ValidationException e = assertThrows(ValidationException.class,
                () -> core.profiles.create(t, new ProfileDraft("X", null, List.of(), List.of(), months), ADMIN));
            assertEquals("maxValidityMonths", e.errors().get(0).field());
        }
        String id = core.profiles.create(t, new ProfileDraft("X", null, List.of(), List.of(), 120), ADMIN).id();
        assertEquals(120, core.profiles.get(t, id).maxValidityMonths());
        assertNull(core.profiles.replace(t, id, new ProfileDraft("X", null, List.of(), List.of()), ADMIN).maxValidityMonths());
    }
}
