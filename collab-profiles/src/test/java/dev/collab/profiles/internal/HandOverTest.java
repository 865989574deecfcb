package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.collab.api.ConflictException;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.audit.AuditEntry;
import dev.collab.api.audit.AuditQuery;
import dev.collab.api.delegation.Delegate;
import dev.collab.api.delegation.DelegateQuery;
import dev.collab.api.delegation.InviteRequest;
import dev.collab.api.grants.Grant;
import dev.collab.api.grants.GrantDraft;
import dev.collab.api.grants.HandOverOptions;
import dev.collab.api.grants.HandOverResult;
import dev.collab.api.grants.MovedMember;
import dev.collab.api.grants.Successor;
import dev.collab.api.profiles.ProfileDraft;

/**
 * "Ansprechpartner wechselt": the hand-over of a leaving person's delegates to a successor, by
 * the GF and by the admin, on a real embedded Derby; after every change the incrementally kept
 * access model must equal a fresh load.
 */
class HandOverTest extends CoreFixture {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String ADMIN = "admin:boss@broker.de";
    private static final String GF = "gf@mueller.de";

    private record Seed(String t, Grant grant, String gfId) {
    }

    /**
     * GF on A, B, C may hand out TL, MA and SOLO; a TL hands out MA; an MA hands out MA (a cycle,
     * bounded by attenuation); SOLO hands out nothing.
     */
    private static Seed seedProfiles(boolean separate) {
        String t = core.tenant("handover-" + SEQUENCE.incrementAndGet(), true, "A", "B", "C", "D");
        core.profiles.create(t, new ProfileDraft("SOLO", null, List.of("claims.report"), List.of()), ADMIN);
        core.profiles.create(t, new ProfileDraft("MA", null, List.of("contracts.view"), List.of()), ADMIN);
        core.profiles.replace(t, core.profiles.list(t).stream().filter(p -> p.name().equals("MA")).findFirst().orElseThrow().id(),
            new ProfileDraft("MA", null, List.of("contracts.view"), List.of("MA")), ADMIN);
        core.profiles.create(t, new ProfileDraft("TL", null, List.of("contracts.view", "documents.view"), List.of("MA")), ADMIN);
        core.profiles.create(t, new ProfileDraft("GF", null, List.of("contracts.view", "claims.view"), List.of("TL", "MA", "SOLO")),
            ADMIN);
        Grant grant = core.grants.create(t, new GrantDraft("Müller GmbH", "GF", null, List.of("A", "B", "C"), separate, GF), ADMIN);
        String gf = core.invitations.accept(core.lastToken(t, GF), Core.PASSWORD.toCharArray(), null).id();
        return new Seed(t, grant, gf);
    }

    private static String invite(String t, String inviterId, String email, String profile, String... customers) {
        return core.delegation.invite(t, inviterId, new InviteRequest(email, profile, Arrays.asList(customers), false, null)).id();
    }

    private static String register(String t, String email) {
        return core.invitations.accept(core.lastToken(t, email), Core.PASSWORD.toCharArray(), null).id();
    }

    private static Delegate delegate(String t, String inviterId, String email) {
        return core.delegation.delegates(t, inviterId, new DelegateQuery(null, 500, null)).items().stream()
            .filter(d -> d.email().equals(email)).findFirst().orElseThrow(() -> new AssertionError(email + " is no delegate"));
    }

    private static Grant byName(String t, String name) {
        return core.grants.list(t).stream().filter(g -> g.name().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no grant " + name + " in " + core.grants.list(t).stream().map(Grant::name).toList()));
    }

    private static void assertModelFollows(String tenant) {
        Map<String, Object> fresh = core.model.reloadFromScratch(tenant).picture();
        Map<String, Object> kept = core.model.model(tenant).picture();
        for (String part : fresh.keySet()) {
            assertEquals(fresh.get(part), kept.get(part), part);
        }
    }

    @Test
    void theGfHandsATeamLeadersPeopleToAnotherTeamLeaderWithinTheSuccessorsCustomers() {
        Seed s = seedProfiles(true);
        String tl1Member = invite(s.t, s.gfId, "tl1@mueller.de", "TL", "A", "B");
        String tl1 = register(s.t, "tl1@mueller.de");
        String tl2Member = invite(s.t, s.gfId, "tl2@mueller.de", "TL", "B", "C");
        register(s.t, "tl2@mueller.de");
        invite(s.t, tl1, "ma1@mueller.de", "MA", "A", "B");
        String ma1 = register(s.t, "ma1@mueller.de");
        invite(s.t, tl1, "ma2@mueller.de", "MA", "A");
        invite(s.t, ma1, "x1@mueller.de", "MA", "A", "B");
        register(s.t, "x1@mueller.de");

        // The confirmation: deleting tl1 removes three more people; tl2 and the GF can take over.
        assertEquals(3, core.delegation.cascadeCount(s.t, s.gfId, List.of(tl1Member)));
        HandOverOptions options = core.delegation.handOverOptions(s.t, s.gfId, tl1Member);
        assertEquals(3, options.cascade());
        assertEquals(2, options.delegates());
        assertEquals(List.of(GF, "tl2@mueller.de"), options.successors().stream().map(Successor::email).toList());

        // ma2 holds only A, which tl2 does not see: the whole hand-over is refused, naming her.
        ValidationException none = assertThrows(ValidationException.class,
            () -> core.delegation.handOver(s.t, s.gfId, tl1Member, tl2Member));
        assertEquals("handover.noCustomersLeft", none.errors().get(0).key());
        assertTrue(none.getMessage().contains("ma2@mueller.de"), none.getMessage());
        assertTrue(new ProblemWordingImpl().detail(none, Locale.GERMAN).contains("ma2@mueller.de"));
        assertTrue(core.access.isAllowed(s.t, "ma1@mueller.de", "contracts.view", "A"), "nothing moved");
        assertModelFollows(s.t);

        core.delegation.delete(s.t, tl1, delegate(s.t, tl1, "ma2@mueller.de").id());
        HandOverResult result = core.delegation.handOver(s.t, s.gfId, tl1Member, tl2Member);
        assertModelFollows(s.t);

        assertEquals("tl1@mueller.de", result.leaver());
        assertEquals("tl2@mueller.de", result.successor());
        assertEquals("Müller GmbH/tl2@mueller.de", result.successorGrant());
        assertEquals(2, result.count());
        MovedMember movedMa1 = result.moved().get(0);
        assertEquals("ma1@mueller.de", movedMa1.email());
        assertEquals("Müller GmbH/tl1@mueller.de/ma1@mueller.de", movedMa1.grantBefore());
        assertEquals("Müller GmbH/tl2@mueller.de/ma1@mueller.de", movedMa1.grant());
        assertTrue(movedMa1.direct());
        assertEquals(List.of("A"), movedMa1.customersDropped());
        MovedMember movedX1 = result.moved().get(1);
        assertEquals("Müller GmbH/tl2@mueller.de/ma1@mueller.de/x1@mueller.de", movedX1.grant());
        assertFalse(movedX1.direct());

        // ma1 keeps B only (tl2 sees B and C), x1 below follows; tl1's own access ended, the account stays.
        assertTrue(core.access.isAllowed(s.t, "ma1@mueller.de", "contracts.view", "B"));
        assertFalse(core.access.isAllowed(s.t, "ma1@mueller.de", "contracts.view", "A"));
        assertTrue(core.access.isAllowed(s.t, "x1@mueller.de", "contracts.view", "B"));
        assertFalse(core.access.isAllowed(s.t, "x1@mueller.de", "contracts.view", "A"));
        assertFalse(core.access.isAllowed(s.t, "tl1@mueller.de", "contracts.view", "A"));
        assertFalse(core.access.isAllowed(s.t, "tl1@mueller.de", "documents.view", "B"));
        assertTrue(core.accounts.verify(s.t, "tl1@mueller.de", Core.PASSWORD.toCharArray()).isPresent(), "the leaver's login stays");
        assertEquals(List.of("ma1@mueller.de"), core.delegation.delegates(s.t, register0(s.t, "tl2@mueller.de"),
            new DelegateQuery(null, 50, null)).items().stream().map(Delegate::email).toList());
        assertEquals(List.of("tl2@mueller.de"), core.delegation.delegates(s.t, s.gfId, new DelegateQuery(null, 50, null)).items()
            .stream().map(Delegate::email).toList());
        assertEquals(List.of("Müller GmbH", "Müller GmbH/tl2@mueller.de", "Müller GmbH/tl2@mueller.de/ma1@mueller.de",
            "Müller GmbH/tl2@mueller.de/ma1@mueller.de/x1@mueller.de"), core.grants.list(s.t).stream().map(Grant::name).toList());

        // The audit says who moved whom.
        List<AuditEntry> moved = core.audit.entries(s.t, new AuditQuery(null, null, null, "member.handedOver", null), 0, 10);
        assertEquals(2, moved.size());
        assertTrue(moved.stream().allMatch(e -> e.actor().equals("user:" + GF)));
        assertTrue(moved.stream().anyMatch(e -> e.target().equals("ma1@mueller.de")
            && e.details().contains("from tl1@mueller.de to tl2@mueller.de") && e.details().contains("customers dropped [A]")));
        List<AuditEntry> ended = core.audit.entries(s.t, new AuditQuery(null, null, null, "member.removed", null), 0, 10);
        assertTrue(ended.stream().anyMatch(e -> e.action().equals("member.removed.handOver") && e.target().equals("tl1@mueller.de")));
    }

    /** A registered person's account id, as their sign-in finds it. */
    private static String register0(String t, String email) {
        return core.accounts.verify(t, email, Core.PASSWORD.toCharArray()).orElseThrow().accountId();
    }

    @Test
    void theGfMayTakeOverThemselvesAndPendingInvitationsMoveWithTheirLink() {
        Seed s = seedProfiles(true);
        String tlMember = invite(s.t, s.gfId, "tl@mueller.de", "TL", "A", "B");
        String tl = register(s.t, "tl@mueller.de");
        invite(s.t, tl, "pending@mueller.de", "MA", "B");
        String token = core.lastToken(s.t, "pending@mueller.de");
        String me = core.delegation.handOverOptions(s.t, s.gfId, tlMember).successors().stream()
            .filter(x -> x.email().equals(GF)).findFirst().orElseThrow().id();

        HandOverResult result = core.delegation.handOver(s.t, s.gfId, tlMember, me);
        assertModelFollows(s.t);
        assertEquals("Müller GmbH/pending@mueller.de", result.moved().get(0).grant());
        // The link mailed by the leaver still works and makes her the GF's delegate.
        core.invitations.accept(token, Core.PASSWORD.toCharArray(), null);
        assertModelFollows(s.t);
        assertTrue(core.access.isAllowed(s.t, "pending@mueller.de", "contracts.view", "B"));
        assertEquals("ACTIVE", delegate(s.t, s.gfId, "pending@mueller.de").status().name());
    }

    @Test
    void refusalsNameTheRuleAndChangeNothing() {
        Seed s = seedProfiles(true);
        String tlMember = invite(s.t, s.gfId, "tl@mueller.de", "TL", "A", "B");
        String tl = register(s.t, "tl@mueller.de");
        String maMember = invite(s.t, tl, "ma@mueller.de", "MA", "A");
        register(s.t, "ma@mueller.de");
        String soloMember = invite(s.t, s.gfId, "solo@mueller.de", "SOLO", "A");
        register(s.t, "solo@mueller.de");
        String pendingMember = invite(s.t, s.gfId, "tl-new@mueller.de", "TL", "A");

        assertEquals("handover.profileNotDelegable", assertThrows(ValidationException.class,
            () -> core.delegation.handOver(s.t, s.gfId, tlMember, soloMember)).errors().get(0).key());
        assertEquals("handover.belowLeaver", assertThrows(ValidationException.class,
            () -> core.delegation.handOver(s.t, s.gfId, tlMember, maMember)).errors().get(0).key());
        assertEquals("handover.samePerson", assertThrows(ValidationException.class,
            () -> core.delegation.handOver(s.t, s.gfId, tlMember, tlMember)).errors().get(0).key());
        assertEquals("handover.successorNotActive", assertThrows(ValidationException.class,
            () -> core.delegation.handOver(s.t, s.gfId, tlMember, pendingMember)).errors().get(0).key());
        assertEquals("handover.successorRequired", assertThrows(ValidationException.class,
            () -> core.delegation.handOver(s.t, s.gfId, tlMember, " ")).errors().get(0).key());
        assertThrows(UnknownResourceException.class, () -> core.delegation.handOver(s.t, s.gfId, "nope", soloMember));
        // tl cannot hand herself away: she is not one of her own delegates
        assertThrows(UnknownResourceException.class, () -> core.delegation.handOver(s.t, tl, tlMember, soloMember));

        // Another company: the admin's route finds both, the rule refuses.
        Grant other = core.grants.create(s.t, new GrantDraft("Schulz KG", "GF", null, List.of("A"), true, "s@schulz.de"), ADMIN);
        String schulz = core.invitations.accept(core.lastToken(s.t, "s@schulz.de"), Core.PASSWORD.toCharArray(), null).id();
        Grant tlGrant = byName(s.t, "Müller GmbH/tl@mueller.de");
        assertEquals("handover.otherCompany", assertThrows(ValidationException.class,
            () -> core.grants.handOver(s.t, tlGrant.id(), tl, other.id(), schulz, ADMIN)).errors().get(0).key());
        // The options offer nobody the rules would refuse.
        assertEquals(List.of(GF), core.grants.handOverOptions(s.t, tlGrant.id(), tl).successors().stream()
            .map(Successor::email).toList());

        // ma is already a delegate under the GF's grant through another membership: a duplicate.
        invite(s.t, s.gfId, "ma@mueller.de", "MA", "B");
        String me = core.delegation.handOverOptions(s.t, s.gfId, tlMember).successors().get(0).id();
        assertEquals("handover.duplicate", assertThrows(ConflictException.class,
            () -> core.delegation.handOver(s.t, s.gfId, tlMember, me)).key());

        assertModelFollows(s.t);
        assertTrue(core.access.isAllowed(s.t, "ma@mueller.de", "contracts.view", "A"), "nothing moved");
        assertTrue(core.access.isAllowed(s.t, "tl@mueller.de", "documents.view", "A"), "the leaver keeps access");
        assertEquals(0, core.audit.entries(s.t, new AuditQuery(null, null, null, "member.handedOver", null), 0, 10).size());
    }

    @Test
    void theAdminHandsTheGfsPeopleToANewGfOfTheSameGrantAndSharedGrantsKeepTheirNames() {
        Seed s = seedProfiles(false);
        invite(s.t, s.gfId, "tl@mueller.de", "TL", "A", "B");
        String tl = register(s.t, "tl@mueller.de");
        invite(s.t, tl, "ma@mueller.de", "MA", "B");
        register(s.t, "ma@mueller.de");
        core.grants.addMember(s.t, s.grant.id(), "gf2@mueller.de", List.of("B", "C"), null, ADMIN);
        String gf2 = core.invitations.accept(core.lastToken(s.t, "gf2@mueller.de"), Core.PASSWORD.toCharArray(), null).id();

        HandOverOptions options = core.grants.handOverOptions(s.t, s.grant.id(), s.gfId);
        assertEquals(2, options.cascade());
        assertEquals(List.of("gf2@mueller.de"), options.successors().stream().map(Successor::email).toList());
        HandOverResult result = core.grants.handOver(s.t, s.grant.id(), s.gfId, s.grant.id(), gf2, ADMIN);
        assertModelFollows(s.t);

        assertEquals(List.of("Müller GmbH/TL", "Müller GmbH/TL/MA"), result.moved().stream().map(MovedMember::grant).toList());
        assertEquals(List.of("A"), result.moved().get(0).customersDropped());
        assertTrue(core.access.isAllowed(s.t, "tl@mueller.de", "documents.view", "B"));
        assertFalse(core.access.isAllowed(s.t, "tl@mueller.de", "documents.view", "A"));
        assertTrue(core.access.isAllowed(s.t, "ma@mueller.de", "contracts.view", "B"));
        assertFalse(core.access.isAllowed(s.t, GF, "contracts.view", "A"), "the old GF's access ended");
        assertEquals(List.of("gf2@mueller.de"), core.grants.get(s.t, s.grant.id()).members().stream().map(m -> m.email()).toList());
        assertEquals(List.of("tl@mueller.de"), core.delegation.delegates(s.t, gf2, new DelegateQuery(null, 50, null)).items().stream()
            .map(Delegate::email).toList());
        List<AuditEntry> audit = core.audit.entries(s.t, new AuditQuery(null, null, ADMIN, "handOver", null), 0, 10);
        assertEquals(1, audit.size(), audit.toString());
        assertEquals(GF + " -> gf2@mueller.de", audit.get(0).target());
    }

    @Test
    void aDelegateWithoutPeopleIsSimplyEndedAndTheRuleOfNamesIsTheDomains() {
        assertEquals("Müller GmbH/a@b.de", Rules.delegateGrantName("Müller GmbH", true, "a@b.de", "MA"));
        assertEquals("Müller GmbH/MA", Rules.delegateGrantName("Müller GmbH", false, "a@b.de", "MA"));
        assertEquals(List.of("B"), List.copyOf(Rules.attenuate(List.of("A", "B"), List.of("B", "C"))));
        assertTrue(Rules.attenuate(List.of("A"), List.of("B")).isEmpty());

        Seed s = seedProfiles(true);
        String tlMember = invite(s.t, s.gfId, "tl@mueller.de", "TL", "A");
        register(s.t, "tl@mueller.de");
        String tl2Member = invite(s.t, s.gfId, "tl2@mueller.de", "TL", "A");
        register(s.t, "tl2@mueller.de");
        assertEquals(0, core.delegation.cascadeCount(s.t, s.gfId, List.of(tlMember)));
        core.tenants.configureMails(s.t, null, false, true, "support");
        HandOverResult result = core.delegation.handOver(s.t, s.gfId, tlMember, tl2Member);
        // the leaver is told their access ended, like anyone deleted, when the tenant asks for it
        assertEquals(List.of("tl@mueller.de Müller GmbH/tl@mueller.de"), core.mails.ended.stream().filter(n -> n.tenantId().equals(s.t))
            .map(n -> n.email() + " " + n.grant()).toList());
        assertModelFollows(s.t);
        assertEquals(0, result.count());
        assertFalse(core.access.isAllowed(s.t, "tl@mueller.de", "contracts.view", "A"));
        assertEquals(List.of("Müller GmbH", "Müller GmbH/tl2@mueller.de"), core.grants.list(s.t).stream().map(Grant::name).toList());
    }
}
