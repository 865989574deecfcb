package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.collab.api.ConflictException;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.accounts.Account;
import dev.collab.api.audit.AuditEntry;
import dev.collab.api.audit.AuditQuery;
import dev.collab.api.delegation.DelegateQuery;
import dev.collab.api.delegation.InviteRequest;
import dev.collab.api.grants.Grant;
import dev.collab.api.grants.GrantDraft;
import dev.collab.api.grants.Member;
import dev.collab.api.grants.MembershipStatus;
import dev.collab.api.invitations.InvitationGoneException;
import dev.collab.api.profiles.ProfileDraft;

/**
 * The admin's later changes of a grant, the tenant's admins and the audit filters, through the
 * services on a real embedded Derby: one database for the class, one fresh tenant per test.
 */
class AdminOperationsTest extends CoreFixture {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String ADMIN = "admin:boss@broker.de";
    private static final String GF = "gf@mueller.de";

    private record Seed(String t, Grant grant, String gfId) {
    }

    /** GF (delegating MA) on A, B, C, registered; the grant gives separate delegate grants as asked. */
    private static Seed seed(boolean separate) {
        String t = core.tenant("admin-" + SEQUENCE.incrementAndGet(), true, "A", "B", "C");
        core.profiles.create(t, new ProfileDraft("MA", null, List.of("contracts.view"), List.of("MA")), ADMIN);
        core.profiles.create(t, new ProfileDraft("GF", null, List.of("contracts.view", "claims.view"), List.of("MA")), ADMIN);
        Grant grant = core.grants.create(t, new GrantDraft("Müller GmbH", "GF", null, List.of("A", "B", "C"), separate, GF), ADMIN);
        Account gf = core.invitations.accept(core.lastToken(t, GF), Core.PASSWORD.toCharArray(), null);
        return new Seed(t, grant, gf.id());
    }

    private static String delegate(String t, String inviterId, String email, String... customers) {
        core.delegation.invite(t, inviterId, new InviteRequest(email, "MA", Arrays.asList(customers), false, null));
        return core.invitations.accept(core.lastToken(t, email), Core.PASSWORD.toCharArray(), null).id();
    }

    private static Grant byName(String t, String name) {
        return core.grants.list(t).stream().filter(g -> g.name().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no grant " + name + " in " + core.grants.list(t).stream().map(Grant::name).toList()));
    }

    @Test
    void renamingAGrantRenamesTheDelegateGrantsBelowItAtEveryLevel() {
        Seed s = seed(true);
        String ma = delegate(s.t, s.gfId, "ma@mueller.de", "A", "B");
        delegate(s.t, ma, "x@mueller.de", "B");

        Grant renamed = core.grants.rename(s.t, s.grant.id(), "Müller AG", ADMIN);
        assertModelFollows(s.t);

        assertEquals("Müller AG", renamed.name());
        assertEquals(s.grant.id(), byName(s.t, "Müller AG").id());
        assertEquals("Müller AG", byName(s.t, "Müller AG/ma@mueller.de").parentGrant());
        byName(s.t, "Müller AG/ma@mueller.de/x@mueller.de");
        assertEquals(3, core.grants.list(s.t).size());
        assertTrue(core.access.isAllowed(s.t, "x@mueller.de", "contracts.view", "B"), "access is unchanged");
        assertEquals(List.of("Müller AG/ma@mueller.de/x@mueller.de"), core.access.decide(s.t, "x@mueller.de", "contracts.view", "B").via());
        // the overview finds and orders delegates by the grant's new name
        assertEquals(List.of("Müller AG/ma@mueller.de/x@mueller.de"), core.delegation.delegates(s.t, ma,
            new DelegateQuery("müller ag/", 50, null)).items().stream().map(d -> d.grant()).toList());
        assertEquals(0, core.delegation.delegates(s.t, ma, new DelegateQuery("gmbh", 50, null)).items().size());

        // A shared delegate grant is <grant>/<profile> and follows as well.
        Seed shared = seed(false);
        delegate(shared.t, shared.gfId, "ma@mueller.de", "A");
        core.grants.rename(shared.t, shared.grant.id(), "Neu", ADMIN);
        byName(shared.t, "Neu/MA");

        List<AuditEntry> audit = core.audit.entries(s.t, new AuditQuery(null, null, null, "grant.renamed", null), 0, 10);
        assertEquals(1, audit.size());
        assertEquals("Müller AG", audit.get(0).target());
        assertTrue(audit.get(0).details().contains("was Müller GmbH"), audit.get(0).details());
    }

    @Test
    void aDelegateGrantCannotBeRenamedAndNamesStayUnique() {
        Seed s = seed(true);
        delegate(s.t, s.gfId, "ma@mueller.de", "A");
        Grant child = byName(s.t, "Müller GmbH/ma@mueller.de");
        assertEquals("grant.renameDelegate", assertThrows(ConflictException.class,
            () -> core.grants.rename(s.t, child.id(), "Frei", ADMIN)).key());
        core.grants.create(s.t, new GrantDraft("Schulz KG", "GF", null, List.of("C"), true, "s@schulz.de"), ADMIN);
        assertEquals("grant.exists", assertThrows(ConflictException.class,
            () -> core.grants.rename(s.t, s.grant.id(), "schulz kg", ADMIN)).key());
        // found by the database's unique key, and still keyed so that a German admin reads German
        ConflictException taken = assertThrows(ConflictException.class,
            () -> core.grants.create(s.t, new GrantDraft("Schulz KG", "GF", null, List.of("A"), true, "t@schulz.de"), ADMIN));
        assertEquals("grant.exists", taken.key());
        assertEquals(List.of("Schulz KG"), taken.arguments());
        assertEquals("Es gibt bereits eine Freischaltung „Schulz KG“.", new ProblemWordingImpl().detail(taken, Locale.GERMAN));
        assertThrows(ValidationException.class, () -> core.grants.rename(s.t, s.grant.id(), "a/b", ADMIN));
        assertThrows(UnknownResourceException.class, () -> core.grants.rename(s.t, "nope", "X", ADMIN));
        assertEquals("Müller GmbH", core.grants.get(s.t, s.grant.id()).name(), "nothing half-renamed");
    }

    @Test
    void deletingAGrantRemovesEveryoneBelowKeepsTheAccountsAndAuditsTheCascade() {
        Seed s = seed(true);
        String ma = delegate(s.t, s.gfId, "ma@mueller.de", "A", "B");
        core.delegation.invite(s.t, ma, new InviteRequest("pending@mueller.de", "MA", List.of("B"), false, null));
        String pendingToken = core.lastToken(s.t, "pending@mueller.de");
        Grant other = core.grants.create(s.t, new GrantDraft("Schulz KG", "GF", null, List.of("C"), true, "s@schulz.de"), ADMIN);

        List<String> removed = core.grants.delete(s.t, s.grant.id(), ADMIN);
        assertModelFollows(s.t);

        assertEquals(3, removed.size(), removed.toString());
        assertEquals(List.of(other.id()), core.grants.list(s.t).stream().map(Grant::id).toList());
        assertFalse(core.access.isAllowed(s.t, GF, "contracts.view", "A"));
        assertFalse(core.access.isAllowed(s.t, "ma@mueller.de", "contracts.view", "A"));
        assertThrows(InvitationGoneException.class, () -> core.invitations.inspect(pendingToken));
        // The logins survive: the GF still signs in.
        assertTrue(core.accounts.verify(s.t, GF, Core.PASSWORD.toCharArray()).isPresent());
        List<String> actions = core.audit.entries(s.t, new AuditQuery(null, null, null, "member.removed", null), 0, 50).stream()
            .map(AuditEntry::action).toList();
        assertEquals(List.of("member.removed", "member.removed.cascade", "member.removed.cascade"), actions);
        assertEquals(1, core.audit.entries(s.t, new AuditQuery(null, null, null, "grant.deleted", "müller"), 0, 50).size());
        assertThrows(UnknownResourceException.class, () -> core.grants.get(s.t, s.grant.id()));
    }

    /**
     * Someone the admin put into a delegate grant directly was invited by nobody, so removing the
     * people above does not remove them: their grant keeps its parent, which stays (empty) until
     * nothing hangs below it any more, and then both go. Found by DelegationPropertiesTest, where
     * the parent was dropped and the child pointed at a grant that no longer existed.
     */
    @Test
    void anEmptiedDelegateGrantStaysWhileAGrantBelowItHasMembersAndGoesWithIt() {
        Seed s = seed(true);
        String ma = delegate(s.t, s.gfId, "ma@mueller.de", "A", "B");
        delegate(s.t, ma, "sub@mueller.de", "A");
        Grant maGrant = byName(s.t, "Müller GmbH/ma@mueller.de");
        Grant subGrant = byName(s.t, "Müller GmbH/ma@mueller.de/sub@mueller.de");
        Grant added = core.grants.addMember(s.t, subGrant.id(), "direct@mueller.de", List.of("B"), null, ADMIN);
        String directId = added.members().stream().filter(m -> m.email().equals("direct@mueller.de")).findFirst().orElseThrow().userId();

        core.grants.removeMember(s.t, maGrant.id(), ma, ADMIN);
        assertModelFollows(s.t);
        Grant parent = core.grants.get(s.t, maGrant.id());
        assertTrue(parent.members().isEmpty(), parent.toString());
        assertEquals(maGrant.name(), core.grants.get(s.t, subGrant.id()).parentGrant());
        assertEquals(List.of("direct@mueller.de"), core.grants.get(s.t, subGrant.id()).members().stream().map(Member::email).toList());

        core.grants.removeMember(s.t, subGrant.id(), directId, ADMIN);
        assertModelFollows(s.t);
        assertEquals(List.of("Müller GmbH"), core.grants.list(s.t).stream().map(Grant::name).toList());
        assertEquals(2, core.audit.entries(s.t, new AuditQuery(null, null, null, "grant.removed", null), 0, 50).size());
    }

    @Test
    void anAdminAddsAMemberToAnExistingGrantAndResendsAPendingInvitation() {
        Seed s = seed(true);
        Grant after = core.grants.addMember(s.t, s.grant.id(), "prokurist@mueller.de", List.of("B"), "en", ADMIN);
        assertModelFollows(s.t);
        Member added = after.members().stream().filter(m -> m.email().equals("prokurist@mueller.de")).findFirst().orElseThrow();
        assertEquals(MembershipStatus.INVITED, added.status());
        String first = core.lastToken(s.t, "prokurist@mueller.de");
        assertThrows(ConflictException.class,
            () -> core.grants.addMember(s.t, s.grant.id(), "PROKURIST@mueller.de", List.of("A"), null, ADMIN));
        assertThrows(ValidationException.class, () -> core.grants.addMember(s.t, s.grant.id(), "x@y.de", List.of("Z"), null, ADMIN));

        Instant expires = core.grants.resendInvitation(s.t, s.grant.id(), added.userId(), ADMIN);
        assertTrue(expires.isAfter(Instant.now()));
        String second = core.lastToken(s.t, "prokurist@mueller.de");
        assertNotEquals(first, second);
        assertThrows(InvitationGoneException.class, () -> core.invitations.inspect(first));
        core.invitations.accept(second, Core.PASSWORD.toCharArray(), null);
        assertTrue(core.access.isAllowed(s.t, "prokurist@mueller.de", "claims.view", "B"));
        assertFalse(core.access.isAllowed(s.t, "prokurist@mueller.de", "claims.view", "A"));
        assertThrows(ConflictException.class, () -> core.grants.resendInvitation(s.t, s.grant.id(), added.userId(), ADMIN));

        // A delegate's pending invitation too, also with delegated access switched off.
        core.delegation.invite(s.t, s.gfId, new InviteRequest("ma@mueller.de", "MA", List.of("A"), false, null));
        Grant child = byName(s.t, "Müller GmbH/ma@mueller.de");
        core.tenants.setDelegatedAccess(s.t, false, "support");
        String before = core.lastToken(s.t, "ma@mueller.de");
        core.grants.resendInvitation(s.t, child.id(), child.members().get(0).userId(), ADMIN);
        assertNotEquals(before, core.lastToken(s.t, "ma@mueller.de"));
        assertEquals(GF, core.mails.last(s.t, "ma@mueller.de").invitedBy(), "the mail still names the inviter");
    }

    @Test
    void aTenantKeepsAtLeastOneAdmin() {
        String t = core.tenant("admins-" + SEQUENCE.incrementAndGet(), true);
        Account first = core.accounts.createAdmin(t, "b@broker.de", Core.PASSWORD.toCharArray(), "support:support");
        Account second = core.accounts.createAdmin(t, "a@broker.de", Core.PASSWORD.toCharArray(), "support:support");
        assertEquals(List.of("a@broker.de", "b@broker.de"), core.accounts.admins(t).stream().map(Account::email).toList());
        assertTrue(core.accounts.verify(t, "b@broker.de", Core.PASSWORD.toCharArray()).isPresent());

        core.accounts.removeAdmin(t, first.id(), "admin:a@broker.de");
        assertFalse(core.accounts.verify(t, "b@broker.de", Core.PASSWORD.toCharArray()).isPresent(), "the login stops at once");
        assertThrows(ConflictException.class, () -> core.accounts.removeAdmin(t, second.id(), "admin:a@broker.de"));
        assertThrows(UnknownResourceException.class, () -> core.accounts.removeAdmin(t, first.id(), "admin:a@broker.de"));
        assertEquals(List.of("a@broker.de"), core.accounts.admins(t).stream().map(Account::email).toList());

        String other = core.tenant("admins-" + SEQUENCE.incrementAndGet(), true);
        Account foreign = core.accounts.createAdmin(other, "c@broker.de", Core.PASSWORD.toCharArray(), "support:support");
        core.accounts.createAdmin(other, "d@broker.de", Core.PASSWORD.toCharArray(), "support:support");
        assertThrows(UnknownResourceException.class, () -> core.accounts.removeAdmin(t, foreign.id(), "admin:a@broker.de"),
            "another tenant's admin is unknown here");
    }

    @Test
    void theAuditTrailFiltersByTimeActorActionAndTarget() {
        Seed s = seed(true);
        Instant middle = Instant.now();
        delegate(s.t, s.gfId, "ma_1@mueller.de", "A");
        List<AuditEntry> all = core.audit.entries(s.t, new AuditQuery(null, null, null, null, null), 0, 1000);
        assertTrue(all.size() >= 5, all.toString());

        List<AuditEntry> late = core.audit.entries(s.t, new AuditQuery(middle, null, null, null, null), 0, 1000);
        assertTrue(late.stream().allMatch(e -> !e.at().isBefore(middle)));
        assertTrue(late.stream().anyMatch(e -> e.action().equals("delegate.invited")));
        List<AuditEntry> early = core.audit.entries(s.t, new AuditQuery(null, middle, null, null, null), 0, 1000);
        assertEquals(all.size(), early.size() + late.size());

        List<AuditEntry> byGf = core.audit.entries(s.t, new AuditQuery(null, null, "USER:GF@", null, null), 0, 1000);
        assertFalse(byGf.isEmpty());
        assertTrue(byGf.stream().allMatch(e -> e.actor().equals("user:" + GF)));
        // The wildcard characters of LIKE are taken literally.
        assertEquals(0, core.audit.entries(s.t, new AuditQuery(null, null, null, null, "ma%"), 0, 1000).size());
        assertFalse(core.audit.entries(s.t, new AuditQuery(null, null, null, null, "MA_1@"), 0, 1000).isEmpty());
        assertEquals(0, core.audit.entries(s.t, new AuditQuery(null, null, null, null, "maX1@"), 0, 1000).size());
        assertEquals(0, core.audit.entries(s.t, new AuditQuery(null, null, null, "delegate.inv", null), 0, 1000).size(),
            "an action matches whole dot-separated parts");
        assertEquals(1, core.audit.entries(s.t, new AuditQuery(null, null, null, "delegate", null), 0, 1000).size());
        List<AuditEntry> paged = core.audit.entries(s.t, new AuditQuery(null, null, null, null, null), all.get(1).id(), 2);
        assertEquals(List.of(all.get(2).id(), all.get(3).id()), paged.stream().map(AuditEntry::id).toList());
    }

    /** The access model kept up to date by the change equals one loaded afresh from the database, index for index. */
    private static void assertModelFollows(String tenant) {
        Map<String, Object> fresh = core.model.reloadFromScratch(tenant).picture();
        Map<String, Object> kept = core.model.model(tenant).picture();
        for (String part : fresh.keySet()) {
            assertEquals(fresh.get(part), kept.get(part), part);
        }
    }
}
