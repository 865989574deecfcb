package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.persistence.EntityManager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.osgi.util.converter.Converters;

import dev.collab.api.CollabException;
import dev.collab.api.ConflictException;
import dev.collab.api.FeatureDisabledException;
import dev.collab.api.FieldError;
import dev.collab.api.NotPermittedException;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.access.CustomerAccess;
import dev.collab.api.access.EffectiveAccess;
import dev.collab.api.accounts.Account;
import dev.collab.api.accounts.Principal;
import dev.collab.api.accounts.Role;
import dev.collab.api.audit.AuditEntry;
import dev.collab.api.customers.Customer;
import dev.collab.api.delegation.Delegate;
import dev.collab.api.delegation.DelegationOptions;
import dev.collab.api.delegation.InviteRequest;
import dev.collab.api.delegation.Me;
import dev.collab.api.delegation.Membership;
import dev.collab.api.delegation.ProfileOption;
import dev.collab.api.grants.Grant;
import dev.collab.api.grants.GrantDraft;
import dev.collab.api.grants.GrantNode;
import dev.collab.api.grants.GrantPatch;
import dev.collab.api.grants.Member;
import dev.collab.api.grants.MembershipStatus;
import dev.collab.api.invitations.InvitationGoneException;
import dev.collab.api.invitations.InvitationInfo;
import dev.collab.api.invitations.InvitationIssued;
import dev.collab.api.profiles.AccessProfile;
import dev.collab.api.profiles.ProfileDraft;
import dev.collab.profiles.internal.entities.InvitationEntity;

/**
 * The delegation rules of the article and of the binding decisions, end to end through the
 * services on a real embedded Derby: one database for the class, one fresh tenant per test.
 */
class DelegationRulesTest extends CoreFixture {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String ADMIN = "admin:boss@broker.de";
    private static final String PASSWORD = Core.PASSWORD;
    private static final List<String> GF_RIGHTS = List.of("claims.view", "contracts.view", "documents.view", "messages.send");
    private static final List<String> MA_RIGHTS = List.of("contracts.view", "documents.view");
    private static final List<String> X_RIGHTS = List.of("documents.view");
    private static final String GF = "gf@mueller.de";
    private static final String MA1 = "ma1@mueller.de";
    private static final String MA2 = "ma2@mueller.de";
    private static final String X = "x@firma.de";

    // --- fixture ------------------------------------------------------------------------------

    /** A tenant with profiles X, MA (delegates X) and GF (delegates MA), customers A to D, and GF accepted on A, B, C. */
    private record Seed(String t, AccessProfile gf, AccessProfile ma, AccessProfile x, Grant grant, String gfId) {
    }

    private static String newTenant(boolean enabled) {
        return core.tenant("rules-" + SEQUENCE.incrementAndGet(), enabled, "A", "B", "C", "D");
    }

    private static Seed seed() {
        return seed(true, GF);
    }

    private static Seed seed(boolean separate, String gfEmail) {
        String t = newTenant(true);
        AccessProfile x = core.profiles.create(t, new ProfileDraft("X", "third level", X_RIGHTS, List.of()), ADMIN);
        AccessProfile ma = core.profiles.create(t, new ProfileDraft("MA", "employee", MA_RIGHTS, List.of("X")), ADMIN);
        AccessProfile gf = core.profiles.create(t, new ProfileDraft("GF", "managing director", GF_RIGHTS, List.of("MA")), ADMIN);
        Grant grant = core.grants.create(t, new GrantDraft("Müller GmbH", "GF", null, List.of("A", "B", "C"), separate, gfEmail), ADMIN);
        Account account = core.invitations.accept(core.lastToken(t, gfEmail), PASSWORD.toCharArray(), "Geschäftsführer");
        return new Seed(t, gf, ma, x, core.grants.get(t, grant.id()), account.id());
    }

    private static InviteRequest request(String email, String profile, String... customers) {
        return new InviteRequest(email, profile, Arrays.asList(customers), false, null);
    }

    private static Delegate invite(String t, String userId, String email, String profile, String... customers) {
        return core.delegation.invite(t, userId, request(email, profile, customers));
    }

    private static String accept(String t, String email) {
        return core.invitations.accept(core.lastToken(t, email), PASSWORD.toCharArray(), null).id();
    }

    /** Invites and accepts; returns the new delegate's account id. */
    private static String delegate(String t, String inviterId, String email, String profile, String... customers) {
        invite(t, inviterId, email, profile, customers);
        return accept(t, email);
    }

    private static List<String> fields(ValidationException e) {
        return e.errors().stream().map(FieldError::field).toList();
    }

    private static List<String> ids(List<Customer> customers) {
        return customers.stream().map(Customer::id).toList();
    }

    private static Set<String> allowedCustomers(String t, String user, String right) {
        Set<String> result = new HashSet<>();
        for (String c : List.of("A", "B", "C", "D")) {
            if (core.access.isAllowed(t, user, right, c)) {
                result.add(c);
            }
        }
        return result;
    }

    private static List<String> effectiveCustomers(String t, String user) {
        return core.access.effectiveAccess(t, user).customers().stream().map(CustomerAccess::id).toList();
    }

    private static Delegate delegateOf(String t, String userId, String email) {
        return core.delegation.delegates(t, userId).stream().filter(d -> d.email().equalsIgnoreCase(email)).findFirst()
            .orElseThrow(() -> new AssertionError(email + " is not a delegate"));
    }

    private static Grant grantNamed(String t, String name) {
        return core.grants.list(t).stream().filter(g -> g.name().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no grant " + name + " in " + core.grants.list(t).stream().map(Grant::name).toList()));
    }

    private static List<String> grantNames(String t) {
        return core.grants.list(t).stream().map(Grant::name).toList();
    }

    private static List<AuditEntry> audit(String t) {
        return core.audit.entries(t, 0, 1000);
    }

    // --- the story of the article -------------------------------------------------------------

    @Test
    void theSeedStoryOfTheArticle() {
        String t = newTenant(true);
        AccessProfile ma = core.profiles.create(t, new ProfileDraft("MA", null, MA_RIGHTS, List.of()), ADMIN);
        AccessProfile gf = core.profiles.create(t, new ProfileDraft("GF", null, GF_RIGHTS, List.of("MA")), ADMIN);
        assertEquals(List.of("MA"), gf.delegableProfiles());
        assertEquals(List.of(), ma.delegableProfiles());

        Grant grant = core.grants.create(t, new GrantDraft("Müller GmbH", "GF", null, List.of("A", "B", "C"), true, GF), ADMIN);
        assertEquals("GF", grant.profile());
        assertEquals(GF_RIGHTS, grant.rights());
        assertFalse(grant.customized());
        assertTrue(grant.separateDelegateGrants());
        assertNull(grant.parentGrant());
        Member pending = grant.members().get(0);
        assertEquals(MembershipStatus.INVITED, pending.status());
        assertEquals(List.of("A", "B", "C"), ids(pending.customers()));
        assertNull(pending.invitedBy());
        assertFalse(core.access.isAllowed(t, GF, "contracts.view", "A"), "no access before the invitation is accepted");

        InvitationIssued issued = core.mails.last(t, GF);
        assertEquals("GF", issued.profile());
        assertEquals("Müller GmbH", issued.grant());
        assertNull(issued.invitedBy());
        InvitationInfo info = core.invitations.inspect(issued.token());
        assertEquals(new InvitationInfo(t, GF, "GF", null, issued.expiresAt(), "Broker " + t,
            List.of(new Customer("A", "Customer A"), new Customer("B", "Customer B"), new Customer("C", "Customer C")), false), info);

        Account gfAccount = core.invitations.accept(issued.token(), PASSWORD.toCharArray(), "GF");
        assertEquals(pending.userId(), gfAccount.id());
        assertEquals(MembershipStatus.ACTIVE, core.grants.get(t, grant.id()).members().get(0).status());
        assertEquals(Set.of("A", "B", "C"), allowedCustomers(t, GF, "contracts.view"));
        assertEquals(Set.of(), allowedCustomers(t, GF, "claims.report"));

        Me me = core.delegation.me(t, gfAccount.id());
        assertEquals(GF, me.email());
        assertEquals(1, me.memberships().size());
        Membership m = me.memberships().get(0);
        assertEquals(new Membership("Müller GmbH", grant.id(), "GF", List.of(new Customer("A", "Customer A"),
            new Customer("B", "Customer B"), new Customer("C", "Customer C")), GF_RIGHTS), m);

        DelegationOptions options = core.delegation.options(t, gfAccount.id());
        assertEquals(List.of("MA"), options.profiles().stream().map(ProfileOption::name).toList());
        assertEquals(List.of("A", "B", "C"), ids(options.customers()));

        Delegate ma1 = invite(t, gfAccount.id(), MA1, "MA", "B", "C");
        assertEquals("Müller GmbH/" + MA1, ma1.grant());
        assertEquals("MA", ma1.profile());
        assertEquals(MembershipStatus.INVITED, ma1.status());
        assertEquals(List.of("B", "C"), ids(ma1.customers()));
        assertNull(ma1.lastActiveAt());
        assertFalse(core.access.isAllowed(t, MA1, "contracts.view", "B"), "invited is not yet active");
        InvitationIssued toMa1 = core.mails.last(t, MA1);
        assertEquals(GF, toMa1.invitedBy());
        assertEquals("MA", toMa1.profile());
        assertEquals(ma1.grant(), toMa1.grant());

        String ma1Id = accept(t, MA1);
        assertEquals(ma1.userId(), ma1Id);
        assertEquals(Set.of("B", "C"), allowedCustomers(t, MA1, "contracts.view"));
        assertEquals(Set.of(), allowedCustomers(t, MA1, "claims.view"), "MA lacks claims.view");
        assertEquals(List.of(ma1.grant()), core.access.decide(t, MA1, "documents.view", "C").via());

        Delegate listed = core.delegation.delegates(t, gfAccount.id()).get(0);
        assertEquals(MembershipStatus.ACTIVE, listed.status());
        assertEquals(List.of("B", "C"), ids(listed.customers()));
        assertEquals(ma1.id(), listed.id());

        Grant delegateGrant = core.grants.get(t, ma1.grantId());
        assertEquals("Müller GmbH", delegateGrant.parentGrant());
        assertEquals(grant.id(), delegateGrant.parentGrantId());
        assertEquals(MA_RIGHTS, delegateGrant.rights());
        assertFalse(delegateGrant.customized());
        assertEquals(GF, delegateGrant.members().get(0).invitedBy());

        GrantNode tree = core.grants.tree(t, grant.id());
        assertEquals(1, tree.children().size());
        assertEquals(ma1.grant(), tree.children().get(0).grant());

        List<String> actions = audit(t).stream().map(AuditEntry::action).toList();
        assertTrue(actions.containsAll(List.of("profile.created", "grant.created", "invitation.accepted", "delegate.invited")), actions.toString());
    }

    @Test
    void sharedModeGivesOneGrantPerProfileButEachInviteeKeepsTheirOwnCustomers() {
        Seed s = seed(false, GF);
        Delegate d1 = invite(s.t, s.gfId, MA1, "MA", "A");
        Delegate d2 = invite(s.t, s.gfId, MA2, "MA", "B", "C");
        assertEquals("Müller GmbH/MA", d1.grant());
        assertEquals(d1.grantId(), d2.grantId());
        Grant shared = core.grants.get(s.t, d1.grantId());
        assertFalse(shared.separateDelegateGrants(), "a delegate grant behaves like its parent");
        assertEquals(List.of(MA1, MA2), shared.members().stream().map(Member::email).toList());
        assertEquals(List.of("A"), ids(shared.members().get(0).customers()));
        assertEquals(List.of("B", "C"), ids(shared.members().get(1).customers()));

        accept(s.t, MA1);
        accept(s.t, MA2);
        assertEquals(Set.of("A"), allowedCustomers(s.t, MA1, "contracts.view"));
        assertEquals(Set.of("B", "C"), allowedCustomers(s.t, MA2, "contracts.view"));

        // a customization of the shared grant applies to both, each on their own customers
        core.grants.patch(s.t, shared.id(), new GrantPatch(true, List.of("claims.report"), null, null), ADMIN);
        assertEquals(Set.of("A"), allowedCustomers(s.t, MA1, "claims.report"));
        assertEquals(Set.of("B", "C"), allowedCustomers(s.t, MA2, "claims.report"));
        assertEquals(Set.of(), allowedCustomers(s.t, MA2, "contracts.view"));

        // removing one invitee leaves the shared grant to the other
        core.delegation.delete(s.t, s.gfId, d1.id());
        assertEquals(List.of(MA2), core.grants.get(s.t, shared.id()).members().stream().map(Member::email).toList());
        assertEquals(Set.of(), allowedCustomers(s.t, MA1, "claims.report"));
        // and the last one's removal drops the then empty delegate grant
        core.delegation.delete(s.t, s.gfId, d2.id());
        assertEquals(List.of("Müller GmbH"), grantNames(s.t));
    }

    @Test
    void theOverviewShowsEachDelegatesLastActivity() {
        Seed s = seed();
        String ma1 = delegate(s.t, s.gfId, MA1, "MA", "B");
        assertNull(delegateOf(s.t, s.gfId, MA1).lastActiveAt());
        Instant before = Instant.now();
        core.activity.active(new Principal(ma1, s.t, MA1, Role.USER));
        core.activity.active(new Principal("admin-id", s.t, "boss@broker.de", Role.ADMIN));
        Instant seen = delegateOf(s.t, s.gfId, MA1).lastActiveAt();
        assertTrue(seen != null && !seen.isBefore(before), "seen from memory before it is written: " + seen);
        core.activity.flush();
        assertEquals(seen, delegateOf(s.t, s.gfId, MA1).lastActiveAt(), "and the same once written");
    }

    // --- invite rules -------------------------------------------------------------------------

    @Test
    void onlyDelegableProfilesMayBeHandedOut() {
        Seed s = seed();
        for (String profile : List.of("GF", "X", "Unknown", " ")) {
            ValidationException e = assertThrows(ValidationException.class, () -> invite(s.t, s.gfId, MA1, profile, "A"));
            assertEquals(List.of("profile"), fields(e), profile);
        }
        assertThrows(ValidationException.class, () -> core.delegation.invite(s.t, s.gfId, new InviteRequest(MA1, null, List.of("A"), false, null)));
        assertEquals("Müller GmbH/" + MA1, invite(s.t, s.gfId, MA1, "ma", "A").grant(), "profile names compare case-insensitively");
        assertEquals(List.of("X"), core.delegation.options(s.t, accept(s.t, MA1)).profiles().stream()
            .map(ProfileOption::name).toList(), "MA hands out X only");
        assertEquals(List.of("Müller GmbH", "Müller GmbH/" + MA1), grantNames(s.t));
    }

    @Test
    void customersMustBeWithinTheInvitersOwnNamingTheOffendingIndex() {
        Seed s = seed();
        assertEquals(List.of("customers[1]"), fields(assertThrows(ValidationException.class, () -> invite(s.t, s.gfId, MA1, "MA", "B", "D"))));
        assertEquals(List.of("customers[0]", "customers[2]"),
            fields(assertThrows(ValidationException.class, () -> invite(s.t, s.gfId, MA1, "MA", "nope", "A", "D"))));
        assertEquals(List.of("customers[0]"), fields(assertThrows(ValidationException.class,
            () -> core.delegation.invite(s.t, s.gfId, new InviteRequest(MA1, "MA", Arrays.asList((String) null), false, null)))));
        assertEquals(List.of(), core.delegation.delegates(s.t, s.gfId));
        assertTrue(core.mails.all(s.t, MA1).isEmpty(), "a refused invitation sends nothing");
        assertEquals(List.of("Müller GmbH"), grantNames(s.t));
    }

    @Test
    void atLeastOneCustomerIsRequired() {
        Seed s = seed();
        assertEquals(List.of("customers"), fields(assertThrows(ValidationException.class, () -> invite(s.t, s.gfId, MA1, "MA"))));
        assertEquals(List.of("customers"), fields(assertThrows(ValidationException.class,
            () -> core.delegation.invite(s.t, s.gfId, new InviteRequest(MA1, "MA", null, false, null)))));
        assertEquals(List.of("exceptCustomers"), fields(assertThrows(ValidationException.class,
            () -> core.delegation.invite(s.t, s.gfId, new InviteRequest(MA1, "MA", null, true, List.of("A", "B", "C"))))));
        assertEquals(List.of(), core.delegation.delegates(s.t, s.gfId));
    }

    @Test
    void allCustomersExceptSomeIsSelectAllThenDeselect() {
        Seed s = seed();
        Delegate all = core.delegation.invite(s.t, s.gfId, new InviteRequest(MA1, "MA", null, true, null));
        assertEquals(List.of("A", "B", "C"), ids(all.customers()));
        Delegate except = core.delegation.invite(s.t, s.gfId, new InviteRequest(MA2, "MA", null, true, List.of("A")));
        assertEquals(List.of("B", "C"), ids(except.customers()));
        assertEquals(List.of("exceptCustomers[1]"), fields(assertThrows(ValidationException.class,
            () -> core.delegation.invite(s.t, s.gfId, new InviteRequest(X, "MA", null, true, List.of("A", "D"))))));
        assertEquals(List.of("customers"), fields(assertThrows(ValidationException.class,
            () -> core.delegation.invite(s.t, s.gfId, new InviteRequest(X, "MA", List.of("A"), true, null)))));
        accept(s.t, MA2);
        assertEquals(Set.of("B", "C"), allowedCustomers(s.t, MA2, "contracts.view"));
    }

    @Test
    void anInvalidEmailIsRefused() {
        Seed s = seed();
        for (String email : Arrays.asList("not-an-email", "a@b", "", "two@@x.de", "with space@x.de", null)) {
            ValidationException e = assertThrows(ValidationException.class, () -> invite(s.t, s.gfId, email, "MA", "A"));
            assertEquals(List.of("email"), fields(e), String.valueOf(email));
        }
        assertEquals(List.of(), core.delegation.delegates(s.t, s.gfId));
    }

    @Test
    void emailsCompareCaseInsensitively() {
        Seed s = seed();
        Delegate d = invite(s.t, s.gfId, "  Ma1@Mueller.DE ", "MA", "A");
        assertEquals("Ma1@Mueller.DE", d.email(), "the e-mail is kept as given, trimmed");
        assertThrows(ConflictException.class, () -> invite(s.t, s.gfId, MA1, "MA", "B"));
        assertThrows(ConflictException.class, () -> invite(s.t, s.gfId, "MA1@MUELLER.DE", "MA", "B"));
        accept(s.t, MA1);
        assertTrue(core.access.isAllowed(s.t, "MA1@mueller.de", "contracts.view", "A"));
        assertTrue(core.accounts.verify(s.t, "ma1@MUELLER.de", PASSWORD.toCharArray()).isPresent());
        assertEquals(1, core.delegation.delegates(s.t, s.gfId).size());
    }

    @Test
    void aSecondInvitationOfTheSameEmailUnderTheSameInviterGrantIsAConflict() {
        Seed s = seed();
        invite(s.t, s.gfId, MA1, "MA", "A");
        assertThrows(ConflictException.class, () -> invite(s.t, s.gfId, MA1, "MA", "B"), "pending");
        assertThrows(ConflictException.class, () -> core.delegation.invite(s.t, s.gfId, new InviteRequest(MA1, "MA", null, true, null)));
        accept(s.t, MA1);
        assertThrows(ConflictException.class, () -> invite(s.t, s.gfId, MA1, "MA", "B"), "active");
        assertEquals(1, core.delegation.delegates(s.t, s.gfId).size());
        assertEquals(1, core.mails.all(s.t, MA1).size(), "a refused invitation sends nothing");

        // under another of the inviter's grants the same person may be invited
        core.grants.create(s.t, new GrantDraft("Other AG", "GF", null, List.of("D"), true, GF), ADMIN);
        Delegate other = invite(s.t, s.gfId, MA1, "MA", "D");
        assertEquals("Other AG/" + MA1, other.grant());
        assertEquals(MembershipStatus.INVITED, other.status());
        assertEquals(2, core.delegation.delegates(s.t, s.gfId).size());
    }

    @Test
    void nobodyCanInviteThemselves() {
        Seed s = seed();
        assertEquals(List.of("email"), fields(assertThrows(ValidationException.class, () -> invite(s.t, s.gfId, GF, "MA", "A"))));
        assertEquals(List.of("email"), fields(assertThrows(ValidationException.class,
            () -> invite(s.t, s.gfId, " GF@Mueller.de ", "MA", "A"))));
        assertEquals(List.of(), core.delegation.delegates(s.t, s.gfId));
    }

    @Test
    void anAdminAccountCannotBeInvitedAsADelegate() {
        Seed s = seed();
        core.accounts.createAdmin(s.t, "boss@broker.de", PASSWORD.toCharArray(), "support");
        assertThrows(ConflictException.class, () -> invite(s.t, s.gfId, "boss@broker.de", "MA", "A"));
        assertEquals(List.of(), core.delegation.delegates(s.t, s.gfId));
    }

    @Test
    void multiLevelStructuresNestTheirNamesAndEachLevelIsBoundedByTheOneAbove() {
        Seed s = seed();
        String ma1 = delegate(s.t, s.gfId, MA1, "MA", "B", "C");
        assertEquals(List.of("X"), core.delegation.options(s.t, ma1).profiles().stream().map(ProfileOption::name).toList());
        assertEquals(List.of("B", "C"), ids(core.delegation.options(s.t, ma1).customers()));
        assertEquals(List.of("customers[0]"), fields(assertThrows(ValidationException.class, () -> invite(s.t, ma1, X, "X", "A"))));
        assertEquals(List.of("profile"), fields(assertThrows(ValidationException.class, () -> invite(s.t, ma1, X, "MA", "B"))));
        Delegate x = invite(s.t, ma1, X, "X", "C");
        assertEquals("Müller GmbH/" + MA1 + "/" + X, x.grant());
        String xId = accept(s.t, X);
        assertEquals(Set.of("C"), allowedCustomers(s.t, X, "documents.view"));
        assertEquals(Set.of(), allowedCustomers(s.t, X, "contracts.view"));
        assertEquals(List.of(), core.delegation.options(s.t, xId).profiles(), "X delegates nothing");
        assertThrows(ValidationException.class, () -> invite(s.t, xId, "y@firma.de", "X", "C"));
        assertEquals(MA1, core.grants.get(s.t, x.grantId()).members().get(0).invitedBy());

        GrantNode tree = core.grants.tree(s.t, s.grant.id());
        assertEquals(x.grant(), tree.children().get(0).children().get(0).grant());
        // GF's own delegates list does not include the second level
        assertEquals(List.of(MA1), core.delegation.delegates(s.t, s.gfId).stream().map(Delegate::email).toList());
    }

    @Test
    void sharedModeNestsProfileNames() {
        Seed s = seed(false, GF);
        String ma1 = delegate(s.t, s.gfId, MA1, "MA", "B", "C");
        Delegate x = invite(s.t, ma1, X, "X", "C");
        assertEquals("Müller GmbH/MA/X", x.grant());
    }

    @Test
    void cyclesInTheProfileGraphAreAllowedAndBoundedByAttenuation() {
        String t = newTenant(true);
        AccessProfile boss = core.profiles.create(t, new ProfileDraft("Boss", null, MA_RIGHTS, List.of("Boss")), ADMIN);
        assertEquals(List.of("Boss"), boss.delegableProfiles());
        core.grants.create(t, new GrantDraft("Root", "Boss", null, List.of("A", "B"), true, "a@x.de"), ADMIN);
        String a = accept(t, "a@x.de");
        String b = delegate(t, a, "b@x.de", "Boss", "A", "B");
        String c = delegate(t, b, "c@x.de", "Boss", "B");
        assertThrows(ValidationException.class, () -> invite(t, c, "d@x.de", "Boss", "A"));
        // a back-edge to an earlier person is a new membership under a new grant, still bounded
        Delegate back = invite(t, c, "a@x.de", "Boss", "B");
        assertEquals("Root/b@x.de/c@x.de/a@x.de", back.grant());
        core.grants.rescope(t, core.grants.list(t).get(0).id(), a, List.of("A"), ADMIN);
        assertEquals(Set.of(), allowedCustomers(t, "c@x.de", "contracts.view"));
        assertEquals(Set.of("A"), allowedCustomers(t, "b@x.de", "contracts.view"));
    }

    @Test
    void aSharedDelegateGrantWhoseProfileWasChangedIsNotJoinedUnderAnotherProfile() {
        Seed s = seed(false, GF);
        Delegate first = invite(s.t, s.gfId, MA1, "MA", "A");
        core.grants.patch(s.t, first.grantId(), new GrantPatch(false, null, "X", null), ADMIN);
        Delegate second;
        try {
            second = invite(s.t, s.gfId, MA2, "MA", "B");
        } catch (ConflictException refusedClearly) {
            return;
        }
        assertEquals(second.profile(), core.grants.get(s.t, second.grantId()).profile(),
            "the invitee's grant has the profile the inviter handed out");
        accept(s.t, MA2);
        assertEquals(Set.of("B"), allowedCustomers(s.t, MA2, "contracts.view"));
    }

    @Test
    void aDeepChainOfLongEmailsIsStoredOrRefusedCleanly() {
        String t = newTenant(true);
        core.profiles.create(t, new ProfileDraft("Boss", null, MA_RIGHTS, List.of("Boss")), ADMIN);
        core.grants.create(t, new GrantDraft("Root", "Boss", null, List.of("A"), true, "a@x.de"), ADMIN);
        String inviter = accept(t, "a@x.de");
        String domain = "d".repeat(240) + ".de";
        for (int level = 0; level < 10; level++) {
            String email = "u" + level + "@" + domain;
            try {
                invite(t, inviter, email, "Boss", "A");
            } catch (ValidationException | ConflictException refusedClearly) {
                return;
            }
            inviter = accept(t, email);
            assertTrue(core.access.isAllowed(t, email, "contracts.view", "A"), "level " + level);
        }
    }

    @Test
    void aHostCustomerWithALongIdIsStoredOrRefusedCleanly() {
        String t = newTenant(true);
        String longId = "C-" + "9".repeat(78);
        core.directory.put(t, longId, "A host customer with a long id");
        core.profiles.create(t, new ProfileDraft("GF", null, GF_RIGHTS, List.of()), ADMIN);
        try {
            core.grants.create(t, new GrantDraft("Long", "GF", null, List.of(longId), false, GF), ADMIN);
        } catch (ValidationException refusedClearly) {
            assertEquals(List.of("customers[0]"), fields(refusedClearly));
            return;
        }
        accept(t, GF);
        assertTrue(core.access.isAllowed(t, GF, "contracts.view", longId));
    }

    // --- attenuation ------------------------------------------------------------------------

    @Test
    void rescopingTheInviterAttenuatesEveryoneBelowAtOnce() {
        Seed s = seed();
        String ma1 = delegate(s.t, s.gfId, MA1, "MA", "B", "C");
        String x = delegate(s.t, ma1, X, "X", "C");
        assertEquals(Set.of("C"), allowedCustomers(s.t, X, "documents.view"));

        core.grants.rescope(s.t, s.grant.id(), s.gfId, List.of("A", "B"), ADMIN);

        assertEquals(Set.of("A", "B"), allowedCustomers(s.t, GF, "contracts.view"));
        assertEquals(Set.of("B"), allowedCustomers(s.t, MA1, "contracts.view"));
        assertEquals(List.of("B"), effectiveCustomers(s.t, MA1));
        assertEquals(List.of("B"), ids(core.delegation.me(s.t, ma1).memberships().get(0).customers()));
        assertEquals(List.of("B"), ids(delegateOf(s.t, s.gfId, MA1).customers()));
        assertEquals(List.of("B"), ids(core.delegation.options(s.t, ma1).customers()));
        assertEquals(Set.of(), allowedCustomers(s.t, X, "documents.view"));
        assertEquals(List.of(), effectiveCustomers(s.t, x));
        assertEquals(List.of(), ids(core.delegation.me(s.t, x).memberships().get(0).customers()));
        assertEquals(List.of(), ids(delegateOf(s.t, ma1, X).customers()));
        // the admin still sees the member's own scope
        assertEquals(List.of("B", "C"), ids(core.grants.get(s.t, delegateOf(s.t, s.gfId, MA1).grantId()).members().get(0).customers()));
        assertEquals(List.of("customers[0]"), fields(assertThrows(ValidationException.class, () -> invite(s.t, ma1, "y@firma.de", "X", "C"))));

        // the own scope is kept: giving C back restores it below
        core.grants.rescope(s.t, s.grant.id(), s.gfId, List.of("A", "B", "C"), ADMIN);
        assertEquals(Set.of("B", "C"), allowedCustomers(s.t, MA1, "contracts.view"));
        assertEquals(Set.of("C"), allowedCustomers(s.t, X, "documents.view"));
    }

    @Test
    void anAdminMayWidenADelegatesScopeButAttenuationStillBoundsIt() {
        Seed s = seed();
        String ma1 = delegate(s.t, s.gfId, MA1, "MA", "B");
        Delegate d = delegateOf(s.t, s.gfId, MA1);
        core.grants.rescope(s.t, d.grantId(), ma1, List.of("B", "C", "D"), ADMIN);
        assertEquals(Set.of("B", "C"), allowedCustomers(s.t, MA1, "contracts.view"));
        assertEquals(List.of("customers[0]"), fields(assertThrows(ValidationException.class,
            () -> core.grants.rescope(s.t, d.grantId(), ma1, List.of("nope"), ADMIN))));
        assertEquals(List.of("customers"), fields(assertThrows(ValidationException.class,
            () -> core.grants.rescope(s.t, d.grantId(), ma1, List.of(), ADMIN))));
    }

    @Test
    void aRescopeNamesEachBadCustomerByItsPlaceAndChangesNothing() {
        Seed s = seed();
        String ma1 = delegate(s.t, s.gfId, MA1, "MA", "B");
        Delegate d = delegateOf(s.t, s.gfId, MA1);
        List<String> wanted = new ArrayList<>(List.of("B", "C", "nope", "B"));
        wanted.add(null);
        wanted.add("x".repeat(GrantServiceImpl.MAX_CUSTOMER_ID + 1));
        ValidationException refused = assertThrows(ValidationException.class,
            () -> core.grants.rescope(s.t, d.grantId(), ma1, wanted, ADMIN));
        assertEquals(List.of("customers[2]", "customers[4]", "customers[5]"), fields(refused));
        assertEquals(List.of("B"), ids(core.grants.get(s.t, d.grantId()).members().get(0).customers()));
        assertEquals(Set.of("B"), allowedCustomers(s.t, MA1, "contracts.view"));

        // held, given and repeated ids together: the member holds each once
        core.grants.rescope(s.t, d.grantId(), ma1, List.of("C", "B", "C", "D"), ADMIN);
        assertEquals(List.of("B", "C", "D"), ids(core.grants.get(s.t, d.grantId()).members().get(0).customers()));
        assertEquals(Set.of("B", "C"), allowedCustomers(s.t, MA1, "contracts.view"));
    }

    // --- removal ----------------------------------------------------------------------------

    @Test
    void deletingADelegateCascadesAndVoidsPendingInvitations() {
        Seed s = seed();
        String ma1 = delegate(s.t, s.gfId, MA1, "MA", "B", "C");
        delegate(s.t, ma1, X, "X", "C");
        invite(s.t, ma1, "y@firma.de", "X", "B");
        String yToken = core.lastToken(s.t, "y@firma.de");
        assertEquals("y@firma.de", core.invitations.inspect(yToken).email());
        long before = audit(s.t).get(audit(s.t).size() - 1).id();

        core.delegation.delete(s.t, s.gfId, delegateOf(s.t, s.gfId, MA1).id());

        assertEquals(List.of(), core.delegation.delegates(s.t, s.gfId));
        assertEquals(Set.of(), allowedCustomers(s.t, MA1, "contracts.view"));
        assertEquals(Set.of(), allowedCustomers(s.t, X, "documents.view"));
        assertEquals(List.of(), core.delegation.me(s.t, ma1).memberships());
        assertThrows(InvitationGoneException.class, () -> core.invitations.inspect(yToken));
        assertThrows(InvitationGoneException.class, () -> core.invitations.accept(yToken, PASSWORD.toCharArray(), null));
        assertEquals(List.of("Müller GmbH"), grantNames(s.t), "emptied delegate grants are dropped");

        List<AuditEntry> after = core.audit.entries(s.t, before, 100);
        assertTrue(after.stream().anyMatch(e -> e.action().equals("member.removed") && e.target().equals(MA1)
            && e.actor().equals("user:" + GF)), after.toString());
        for (String below : List.of(X, "y@firma.de")) {
            assertTrue(after.stream().anyMatch(e -> e.action().equals("member.removed.cascade") && e.target().equals(below)),
                below + " in " + after);
        }
        assertEquals(1, after.stream().filter(e -> e.action().equals("member.removed")).count());
    }

    @Test
    void anAdminRemovingTheInviterCascadesToo() {
        Seed s = seed();
        String ma1 = delegate(s.t, s.gfId, MA1, "MA", "B", "C");
        invite(s.t, ma1, X, "X", "C");
        core.grants.removeMember(s.t, s.grant.id(), s.gfId, ADMIN);
        assertEquals(Set.of(), allowedCustomers(s.t, GF, "contracts.view"));
        assertEquals(Set.of(), allowedCustomers(s.t, MA1, "contracts.view"));
        assertThrows(InvitationGoneException.class, () -> core.invitations.inspect(core.lastToken(s.t, X)));
        assertEquals(List.of("Müller GmbH"), grantNames(s.t), "the admin's grant stays, without members");
        assertEquals(List.of(), core.grants.get(s.t, s.grant.id()).members());
        List<String> actions = audit(s.t).stream().map(AuditEntry::action).toList();
        assertTrue(actions.contains("member.removed"));
        assertEquals(2, actions.stream().filter("member.removed.cascade"::equals).count(), actions.toString());
        assertThrows(UnknownResourceException.class, () -> core.grants.removeMember(s.t, s.grant.id(), s.gfId, ADMIN));
    }

    @Test
    void deletionKeepsTheAccountAndItsLoginButNoPortfolioAccess() {
        Seed s = seed();
        String ma1 = delegate(s.t, s.gfId, MA1, "MA", "B", "C");
        core.delegation.delete(s.t, s.gfId, List.of(delegateOf(s.t, s.gfId, MA1).id()));
        assertEquals(ma1, core.accounts.verify(s.t, MA1, PASSWORD.toCharArray()).orElseThrow().accountId());
        Me me = core.delegation.me(s.t, ma1);
        assertEquals(MA1, me.email());
        assertEquals(List.of(), me.memberships());
        EffectiveAccess access = core.access.effectiveAccess(s.t, MA1);
        assertEquals(List.of(), access.customers());
        assertTrue(access.mailbox(), "the mailbox stays");
        assertFalse(core.access.decide(s.t, ma1, "contracts.view", "B").allowed());
    }

    @Test
    void deletingSeveralDelegatesIsAllOrNothing() {
        Seed s = seed();
        invite(s.t, s.gfId, MA1, "MA", "A");
        String ma2 = delegate(s.t, s.gfId, MA2, "MA", "B");
        Delegate x = invite(s.t, ma2, X, "X", "B");
        Seed other = seed();
        Delegate foreignTenant = invite(other.t, other.gfId, MA1, "MA", "A");
        List<String> mine = core.delegation.delegates(s.t, s.gfId).stream().map(Delegate::id).toList();
        assertEquals(2, mine.size());

        for (String foreign : List.of(x.id(), foreignTenant.id(), "no-such-id")) {
            List<String> ids = new ArrayList<>(mine);
            ids.add(1, foreign);
            assertThrows(UnknownResourceException.class, () -> core.delegation.delete(s.t, s.gfId, ids), foreign);
            assertEquals(mine, core.delegation.delegates(s.t, s.gfId).stream().map(Delegate::id).toList(), "nothing deleted");
        }
        assertTrue(core.access.isAllowed(s.t, MA2, "contracts.view", "B"));
        assertEquals(1, core.delegation.delegates(other.t, other.gfId).size());
        assertThrows(ValidationException.class, () -> core.delegation.delete(s.t, s.gfId, List.of()));
        assertThrows(UnknownResourceException.class, () -> core.delegation.delete(s.t, ma2, List.of(mine.get(0))), "not ma2's delegate");

        List<String> removed = core.delegation.delete(s.t, s.gfId, List.of(mine.get(0), mine.get(1), mine.get(0)));
        assertEquals(mine, removed);
        assertEquals(List.of(), core.delegation.delegates(s.t, s.gfId));
        assertFalse(core.access.isAllowed(s.t, MA2, "contracts.view", "B"));
    }

    // --- the feature switch -------------------------------------------------------------------

    @Test
    void switchingTheFeatureOffStopsInvitingButKeepsAccessAndDeletion() {
        Seed s = seed();
        String ma1 = delegate(s.t, s.gfId, MA1, "MA", "B", "C");
        Delegate ma2 = invite(s.t, s.gfId, MA2, "MA", "A");
        core.tenants.setDelegatedAccess(s.t, false, "support:support");

        List<Executable> refused = List.of(
            () -> invite(s.t, s.gfId, X, "MA", "A"),
            () -> core.delegation.options(s.t, s.gfId),
            () -> core.delegation.resend(s.t, s.gfId, ma2.id()),
            () -> core.profiles.list(s.t));
        for (Executable call : refused) {
            assertEquals("feature-disabled", assertThrows(FeatureDisabledException.class, call).kind());
        }
        assertTrue(core.access.isAllowed(s.t, MA1, "contracts.view", "B"), "existing access stays");
        assertTrue(core.access.isAllowed(s.t, GF, "claims.view", "A"));
        assertEquals(2, core.delegation.delegates(s.t, s.gfId).size());
        assertEquals(1, core.delegation.me(s.t, ma1).memberships().size());
        assertEquals(3, core.grants.list(s.t).size(), "nothing is deleted");

        core.delegation.delete(s.t, s.gfId, delegateOf(s.t, s.gfId, MA1).id());
        assertFalse(core.access.isAllowed(s.t, MA1, "contracts.view", "B"), "deleting still works");

        core.tenants.setDelegatedAccess(s.t, true, "support:support");
        assertEquals("Müller GmbH/" + X, invite(s.t, s.gfId, X, "MA", "A").grant());
    }

    // --- tokens ----------------------------------------------------------------------------

    @Test
    void resendingVoidsTheOldToken() {
        Seed s = seed();
        Delegate d = invite(s.t, s.gfId, MA1, "MA", "A");
        String old = core.lastToken(s.t, MA1);
        core.delegation.resend(s.t, s.gfId, d.id());
        String fresh = core.lastToken(s.t, MA1);
        assertNotEquals(old, fresh);
        assertThrows(InvitationGoneException.class, () -> core.invitations.inspect(old));
        assertThrows(InvitationGoneException.class, () -> core.invitations.accept(old, PASSWORD.toCharArray(), null));
        assertEquals(MA1, core.invitations.inspect(fresh).email());
        core.invitations.accept(fresh, PASSWORD.toCharArray(), null);
        assertThrows(InvitationGoneException.class, () -> core.invitations.accept(fresh, PASSWORD.toCharArray(), null), "single use");
        assertThrows(ConflictException.class, () -> core.delegation.resend(s.t, s.gfId, d.id()), "registered already");
        assertThrows(UnknownResourceException.class, () -> core.delegation.resend(s.t, s.gfId, "no-such-id"));
        assertTrue(audit(s.t).stream().anyMatch(e -> e.action().equals("delegate.invitation.resent")));
    }

    @Test
    void unknownAndMalformedTokensAreNotFound() {
        for (String token : Arrays.asList(null, "", "short", "A".repeat(43))) {
            assertThrows(UnknownResourceException.class, () -> core.invitations.inspect(token), String.valueOf(token));
            assertThrows(UnknownResourceException.class, () -> core.invitations.accept(token, PASSWORD.toCharArray(), null));
        }
    }

    @Test
    void acceptingAfterTheInviterWasRemovedIsGone() {
        Seed s = seed();
        invite(s.t, s.gfId, MA1, "MA", "A");
        String token = core.lastToken(s.t, MA1);
        core.grants.removeMember(s.t, s.grant.id(), s.gfId, ADMIN);
        assertThrows(InvitationGoneException.class, () -> core.invitations.accept(token, PASSWORD.toCharArray(), null));
        assertFalse(core.access.isAllowed(s.t, MA1, "contracts.view", "A"));
        assertTrue(core.accounts.verify(s.t, MA1, PASSWORD.toCharArray()).isEmpty(), "no password was set");
    }

    @Test
    void acceptingRechecksThatTheInviterMayStillHandOutTheProfile() {
        Seed s = seed();
        invite(s.t, s.gfId, MA1, "MA", "A");
        String token = core.lastToken(s.t, MA1);
        core.profiles.replace(s.t, s.gf.id(), new ProfileDraft("GF", null, GF_RIGHTS, List.of()), ADMIN);
        assertThrows(ConflictException.class, () -> core.invitations.accept(token, PASSWORD.toCharArray(), null));
        assertFalse(core.access.isAllowed(s.t, MA1, "contracts.view", "A"));
        assertEquals(MembershipStatus.INVITED, delegateOf(s.t, s.gfId, MA1).status());
        assertTrue(core.accounts.verify(s.t, MA1, PASSWORD.toCharArray()).isEmpty(), "nothing of the refused accept stays");

        core.profiles.replace(s.t, s.gf.id(), new ProfileDraft("GF", null, GF_RIGHTS, List.of("MA")), ADMIN);
        core.invitations.accept(token, PASSWORD.toCharArray(), null);
        assertTrue(core.access.isAllowed(s.t, MA1, "contracts.view", "A"));
    }

    @Test
    void acceptingRechecksThatTheInviterStillSeesACustomer() {
        Seed s = seed();
        invite(s.t, s.gfId, MA1, "MA", "B", "C");
        String token = core.lastToken(s.t, MA1);
        core.grants.rescope(s.t, s.grant.id(), s.gfId, List.of("A"), ADMIN);
        assertThrows(ConflictException.class, () -> core.invitations.accept(token, PASSWORD.toCharArray(), null));
        core.grants.rescope(s.t, s.grant.id(), s.gfId, List.of("A", "C"), ADMIN);
        core.invitations.accept(token, PASSWORD.toCharArray(), null);
        assertEquals(Set.of("C"), allowedCustomers(s.t, MA1, "contracts.view"));
    }

    @Test
    void anExistingAccountAcceptsWithItsCurrentPasswordAndKeepsItsId() {
        Seed s = seed();
        String ma1 = delegate(s.t, s.gfId, MA1, "MA", "B");
        core.delegation.delete(s.t, s.gfId, delegateOf(s.t, s.gfId, MA1).id());
        Delegate again = invite(s.t, s.gfId, "MA1@mueller.de", "MA", "C");
        assertEquals(ma1, again.userId());
        assertEquals(MA1, again.email(), "the account keeps its login");
        String token = core.lastToken(s.t, MA1);
        assertThrows(NotPermittedException.class, () -> core.invitations.accept(token, "another long password".toCharArray(), null));
        assertThrows(ValidationException.class, () -> core.invitations.accept(token, new char[0], null));
        assertEquals(MembershipStatus.INVITED, delegateOf(s.t, s.gfId, MA1).status());
        assertEquals(ma1, core.invitations.accept(token, PASSWORD.toCharArray(), null).id());
        assertEquals(Set.of("C"), allowedCustomers(s.t, MA1, "contracts.view"));
        assertTrue(core.accounts.verify(s.t, MA1, PASSWORD.toCharArray()).isPresent(), "the password is unchanged");

        // an admin attaching a registered account makes it active at once, without a token
        int tokens = core.mails.all(s.t, MA1).size();
        Grant direct = core.grants.create(s.t, new GrantDraft("Direct", "MA", null, List.of("D"), true, MA1), ADMIN);
        assertEquals(MembershipStatus.ACTIVE, direct.members().get(0).status());
        assertEquals(tokens, core.mails.all(s.t, MA1).size());
        assertEquals(Set.of("C", "D"), allowedCustomers(s.t, MA1, "contracts.view"));
    }

    @Test
    void aNewAccountNeedsAPasswordOfTheMinimumLength() {
        Seed s = seed();
        invite(s.t, s.gfId, MA1, "MA", "B");
        String token = core.lastToken(s.t, MA1);
        assertEquals(List.of("password"), fields(assertThrows(ValidationException.class,
            () -> core.invitations.accept(token, "short".toCharArray(), null))));
        assertEquals(MA1, core.invitations.inspect(token).email(), "a refused accept leaves the token usable");
    }

    @Test
    void anExpiredTokenIsGone() {
        Seed s = seed();
        invite(s.t, s.gfId, MA1, "MA", "B");
        InvitationIssued issued = core.mails.last(s.t, MA1);
        Duration validity = Duration.between(Instant.now(), issued.expiresAt());
        assertTrue(validity.compareTo(Duration.ofDays(14).minusMinutes(1)) > 0 && validity.compareTo(Duration.ofDays(14)) <= 0,
            "default validity is 14 days: " + validity);

        core.db.required(() -> new ConflictException("test.conflict", "A test write met another."), () -> {
            EntityManager em = core.db.em();
            InvitationEntity stored = em.createQuery("SELECT i FROM InvitationEntity i WHERE i.tokenHash = :h", InvitationEntity.class)
                .setParameter("h", InvitationTokens.hash(issued.token())).getSingleResult();
            stored.expiresAt = Instant.now().minusSeconds(1);
            return null;
        });
        assertThrows(InvitationGoneException.class, () -> core.invitations.inspect(issued.token()));
        assertThrows(InvitationGoneException.class, () -> core.invitations.accept(issued.token(), PASSWORD.toCharArray(), null));

        // a resend gives a fresh, working token
        core.delegation.resend(s.t, s.gfId, delegateOf(s.t, s.gfId, MA1).id());
        core.invitations.accept(core.lastToken(s.t, MA1), PASSWORD.toCharArray(), null);
        assertTrue(core.access.isAllowed(s.t, MA1, "contracts.view", "B"));
    }

    @Test
    void theValidityIsConfigurableAndClamped() {
        Seed s = seed();
        Map<Integer, Duration> expected = Map.of(1, Duration.ofHours(1), 0, Duration.ofHours(1), 48, Duration.ofHours(48),
            100_000, Duration.ofHours(720));
        int n = 0;
        for (Map.Entry<Integer, Duration> e : expected.entrySet()) {
            InvitationIssuer issuer = new InvitationIssuer(Converters.standardConverter()
                .convert(Map.of("validityHours", e.getKey())).to(InvitationIssuerConfiguration.class), new TokenSeal(core.db), core.db);
            issuer.listeners.add(core.mails);
            DelegationServiceImpl delegation = new DelegationServiceImpl(core.model, core.db, core.tenants, issuer, core.activity);
            delegation.directory = core.directory;
            String email = "v" + (n++) + "@firma.de";
            delegation.invite(s.t, s.gfId, request(email, "MA", "A"));
            assertValidity(e.getValue(), core.mails.last(s.t, email), e.getKey() + "h configured");
        }
    }

    @Test
    void theValidityIsConfigurablePerTenant() {
        Seed s = seed();
        assertEquals(List.of("invitationValidityHours"), fields(assertThrows(ValidationException.class,
            () -> core.tenants.configure(s.t, null, 0, "support:support"))));
        assertEquals(List.of("invitationValidityHours"), fields(assertThrows(ValidationException.class,
            () -> core.tenants.configure(s.t, null, 721, "support:support"))));
        assertEquals(2, core.tenants.configure(s.t, null, 2, "support:support").invitationValidityHours());
        invite(s.t, s.gfId, MA1, "MA", "A");
        assertValidity(Duration.ofHours(2), core.mails.last(s.t, MA1), "the tenant's validity wins over the default");
        Seed other = seed();
        invite(other.t, other.gfId, MA1, "MA", "A");
        assertValidity(Duration.ofDays(14), core.mails.last(other.t, MA1), "other tenants keep the default");
    }

    private static void assertValidity(Duration expected, InvitationIssued issued, String what) {
        Duration validity = Duration.between(Instant.now(), issued.expiresAt());
        assertTrue(validity.compareTo(expected.minusMinutes(1)) > 0 && validity.compareTo(expected) <= 0,
            what + ": expected " + expected + ", got " + validity);
    }

    @Test
    void onlyTheHashOfATokenIsStored() {
        Seed s = seed();
        invite(s.t, s.gfId, MA1, "MA", "B");
        String token = core.lastToken(s.t, MA1);
        List<InvitationEntity> stored = core.db.supports(() -> core.db.em().createQuery(
            "SELECT i FROM InvitationEntity i WHERE i.tenantId = :t", InvitationEntity.class).setParameter("t", s.t).getResultList());
        assertEquals(2, stored.size());
        assertTrue(stored.stream().noneMatch(i -> i.tokenHash.equals(token)));
        assertTrue(stored.stream().anyMatch(i -> i.tokenHash.equals(InvitationTokens.hash(token))));
    }

    // --- tenancy -------------------------------------------------------------------------------

    @Test
    void idsOfAnotherTenantAnswerLikeIdsThatDoNotExist() {
        Seed one = seed(true, "gf@one.de");
        String ma1 = delegate(one.t, one.gfId, MA1, "MA", "B");
        Delegate d1 = delegateOf(one.t, one.gfId, MA1);
        Seed two = seed(true, "gf@two.de");
        String unknown = "00000000-0000-0000-0000-000000000000";
        Map<String, Object> before = snapshot(one.t, List.of("gf@one.de", MA1));

        // grants and profiles of tenant one, addressed through tenant two
        sameAsUnknown(one.grant.id(), unknown, id -> core.grants.get(two.t, id));
        sameAsUnknown(one.grant.id(), unknown, id -> core.grants.tree(two.t, id));
        sameAsUnknown(one.grant.id(), unknown, id -> core.grants.patch(two.t, id, new GrantPatch(true, List.of(), null, null), ADMIN));
        sameAsUnknown(one.grant.id(), unknown, id -> core.grants.rescope(two.t, id, one.gfId, List.of("A"), ADMIN));
        sameAsUnknown(one.grant.id(), unknown, id -> {
            core.grants.removeMember(two.t, id, one.gfId, ADMIN);
            return null;
        });
        sameAsUnknown(one.gf.id(), unknown, id -> core.profiles.get(two.t, id));
        sameAsUnknown(one.gf.id(), unknown, id -> core.profiles.replace(two.t, id, new ProfileDraft("Z", null, List.of(), List.of()), ADMIN));
        sameAsUnknown(one.gf.id(), unknown, id -> {
            core.profiles.delete(two.t, id, ADMIN);
            return null;
        });
        // a user of tenant one acting in tenant two
        sameAsUnknown(one.gfId, unknown, id -> core.delegation.me(two.t, id));
        sameAsUnknown(one.gfId, unknown, id -> core.delegation.delegates(two.t, id));
        sameAsUnknown(one.gfId, unknown, id -> core.delegation.options(two.t, id));
        sameAsUnknown(one.gfId, unknown, id -> core.delegation.invite(two.t, id, request(X, "MA", "A")));
        sameAsUnknown(one.gfId, unknown, id -> core.access.effectiveAccess(two.t, id));
        // a member of tenant one in a grant of tenant two
        sameAsUnknown(one.gfId, unknown, id -> core.grants.rescope(two.t, two.grant.id(), id, List.of("A"), ADMIN));
        // a delegate of tenant one deleted or resent by a user of tenant two
        sameAsUnknown(d1.id(), unknown, id -> core.delegation.delete(two.t, two.gfId, List.of(id)));
        sameAsUnknown(d1.id(), unknown, id -> {
            core.delegation.resend(two.t, two.gfId, id);
            return null;
        });
        assertFalse(core.access.isAllowed(two.t, one.gfId, "contracts.view", "A"));
        assertFalse(core.access.isAllowed(two.t, "gf@one.de", "contracts.view", "A"));
        assertFalse(core.access.isAllowed(two.t, ma1, "contracts.view", "B"));
        assertThrows(UnknownResourceException.class, () -> core.audit.entries("no-such-tenant", 0, 10));
        assertTrue(core.audit.entries(two.t, 0, 1000).stream().noneMatch(e -> e.target().contains("one.de")));

        assertEquals(before, snapshot(one.t, List.of("gf@one.de", MA1)), "tenant one is unchanged");
        assertEquals(1, core.delegation.delegates(one.t, one.gfId).size());
    }

    private interface Call {
        Object run(String id);
    }

    private static void sameAsUnknown(String foreignId, String unknownId, Call call) {
        CollabException foreign = assertThrows(CollabException.class, () -> call.run(foreignId));
        CollabException missing = assertThrows(CollabException.class, () -> call.run(unknownId));
        assertTrue(foreign instanceof UnknownResourceException, foreign.toString());
        assertEquals(missing.getClass(), foreign.getClass());
        assertEquals(missing.getMessage().replace(unknownId, "?"), foreign.getMessage().replace(foreignId, "?"));
    }

    private static Map<String, Object> snapshot(String t, List<String> users) {
        Map<String, Object> s = new TreeMap<>();
        s.put("grants", core.grants.list(t));
        for (String u : users) {
            s.put("access " + u, core.access.effectiveAccess(t, u));
        }
        s.put("audit", audit(t).size());
        return s;
    }

    // --- profiles and grants --------------------------------------------------------------------

    @Test
    void aProfileCannotBeDeletedWhileAGrantUsesItOrAProfileListsIt() {
        Seed s = seed();
        delegate(s.t, s.gfId, MA1, "MA", "B");
        assertThrows(ConflictException.class, () -> core.profiles.delete(s.t, s.gf.id(), ADMIN), "the admin's grant uses GF");
        assertThrows(ConflictException.class, () -> core.profiles.delete(s.t, s.ma.id(), ADMIN), "GF lists MA");
        core.profiles.replace(s.t, s.gf.id(), new ProfileDraft("GF", null, GF_RIGHTS, List.of()), ADMIN);
        assertThrows(ConflictException.class, () -> core.profiles.delete(s.t, s.ma.id(), ADMIN), "ma1's grant uses MA");
        core.delegation.delete(s.t, s.gfId, delegateOf(s.t, s.gfId, MA1).id());
        assertThrows(ConflictException.class, () -> core.profiles.delete(s.t, s.x.id(), ADMIN), "MA lists X");
        core.profiles.delete(s.t, s.ma.id(), ADMIN);
        core.profiles.delete(s.t, s.x.id(), ADMIN);
        assertEquals(List.of("GF"), core.profiles.list(s.t).stream().map(AccessProfile::name).toList());
        AccessProfile other = core.profiles.create(s.t, new ProfileDraft("Other", null, List.of("claims.report"), List.of()), ADMIN);
        core.grants.patch(s.t, s.grant.id(), new GrantPatch(false, null, "Other", null), ADMIN);
        assertTrue(core.access.isAllowed(s.t, GF, "claims.report", "A"), "the grant follows its new profile");
        core.profiles.delete(s.t, s.gf.id(), ADMIN);
        assertThrows(ConflictException.class, () -> core.profiles.delete(s.t, other.id(), ADMIN));
    }

    @Test
    void patchingRightsCustomizesTheGrantAndNullReturnsToTheProfile() {
        Seed s = seed();
        delegate(s.t, s.gfId, MA1, "MA", "B");
        Grant custom = core.grants.patch(s.t, s.grant.id(), new GrantPatch(true, List.of("claims.report", "messages.send"), null, null), ADMIN);
        assertTrue(custom.customized());
        assertEquals(List.of("claims.report", "messages.send"), custom.rights());
        assertEquals("GF", custom.profile());
        assertTrue(core.access.isAllowed(s.t, GF, "claims.report", "A"));
        assertFalse(core.access.isAllowed(s.t, GF, "contracts.view", "A"));
        assertTrue(core.access.isAllowed(s.t, MA1, "contracts.view", "B"), "the delegate's own grant is unaffected");
        assertEquals(1, core.delegation.options(s.t, s.gfId).profiles().size(), "delegable profiles still come from the profile");

        // a profile change does not reach a customized grant
        core.profiles.replace(s.t, s.gf.id(), new ProfileDraft("GF", null, List.of("claims.view"), List.of("MA")), ADMIN);
        assertFalse(core.access.isAllowed(s.t, GF, "claims.view", "A"));

        Grant back = core.grants.patch(s.t, s.grant.id(), new GrantPatch(true, null, null, null), ADMIN);
        assertFalse(back.customized());
        assertEquals(List.of("claims.view"), back.rights());
        assertTrue(core.access.isAllowed(s.t, GF, "claims.view", "A"));
        assertFalse(core.access.isAllowed(s.t, GF, "claims.report", "A"));

        // not customized: a profile change applies at once
        core.profiles.replace(s.t, s.gf.id(), new ProfileDraft("GF", null, GF_RIGHTS, List.of("MA")), ADMIN);
        assertTrue(core.access.isAllowed(s.t, GF, "contracts.view", "A"));

        // setRights false leaves rights alone; unknown rights are refused naming the index
        assertFalse(core.grants.patch(s.t, s.grant.id(), new GrantPatch(false, List.of("claims.report"), null, true), ADMIN).customized());
        assertEquals(List.of("rights[1]"), fields(assertThrows(ValidationException.class,
            () -> core.grants.patch(s.t, s.grant.id(), new GrantPatch(true, List.of("claims.view", "no.such"), null, null), ADMIN))));
        assertEquals(List.of("profile"), fields(assertThrows(ValidationException.class,
            () -> core.grants.patch(s.t, s.grant.id(), new GrantPatch(false, null, "Nope", null), ADMIN))));
        assertFalse(core.grants.get(s.t, s.grant.id()).customized());

        // the delegate's grant can be customized too
        Grant ma1Grant = core.grants.get(s.t, delegateOf(s.t, s.gfId, MA1).grantId());
        core.grants.patch(s.t, ma1Grant.id(), new GrantPatch(true, List.of("claims.report"), null, null), ADMIN);
        assertTrue(core.access.isAllowed(s.t, MA1, "claims.report", "B"));
        assertFalse(core.access.isAllowed(s.t, MA1, "contracts.view", "B"));
        assertEquals(List.of("claims.report"), core.delegation.me(s.t, core.delegation.delegates(s.t, s.gfId).get(0).userId())
            .memberships().get(0).rights());
    }

    @Test
    void aGrantWithoutProfileCannotReturnToOne() {
        Seed s = seed();
        Grant g = core.grants.create(s.t, new GrantDraft("Bare", null, List.of("claims.view"), List.of("D"), false, GF), ADMIN);
        assertTrue(g.customized());
        assertNull(g.profile());
        assertTrue(core.access.isAllowed(s.t, GF, "claims.view", "D"));
        assertEquals(List.of("rights"), fields(assertThrows(ValidationException.class,
            () -> core.grants.patch(s.t, g.id(), new GrantPatch(true, null, null, null), ADMIN))));
        assertThrows(ConflictException.class, () -> core.grants.create(s.t,
            new GrantDraft("bare", null, List.of("claims.view"), List.of("D"), false, MA1), ADMIN), "names are unique in any case");
        assertEquals(List.of("name"), fields(assertThrows(ValidationException.class, () -> core.grants.create(s.t,
            new GrantDraft("a/b", "GF", null, List.of("D"), false, MA1), ADMIN))));
        assertEquals(List.of("customers[0]"), fields(assertThrows(ValidationException.class, () -> core.grants.create(s.t,
            new GrantDraft("Fresh", "GF", null, List.of("nope"), false, MA1), ADMIN))));
    }

    // --- audit ------------------------------------------------------------------------------

    @Test
    void theAuditLogPagesByIdAndStaysInItsTenant() {
        Seed s = seed();
        delegate(s.t, s.gfId, MA1, "MA", "B");
        seed();
        List<AuditEntry> all = audit(s.t);
        assertTrue(all.size() >= 8, all.toString());
        List<AuditEntry> paged = new ArrayList<>();
        long after = 0;
        while (true) {
            List<AuditEntry> page = core.audit.entries(s.t, after, 3);
            if (page.isEmpty()) {
                break;
            }
            assertTrue(page.size() <= 3);
            paged.addAll(page);
            after = page.get(page.size() - 1).id();
        }
        assertEquals(all, paged);
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i).id() > all.get(i - 1).id());
        }
        assertTrue(all.stream().noneMatch(e -> e.target().equals("rules-" + (SEQUENCE.get()))));
        assertEquals(1, core.audit.entries(s.t, 0, 0).size(), "limit is at least 1");
        AuditEntry invited = all.stream().filter(e -> e.action().equals("delegate.invited")).findFirst().orElseThrow();
        assertEquals("user:" + GF, invited.actor());
        assertEquals(MA1, invited.target());
        assertTrue(invited.details().contains("MA") && invited.details().contains("[B]"), invited.details());
    }

    /** The security review: a shared grant's lower-cased name outgrew its column at level 20 (500 from the database). */
    @Test
    void aSharedGrantWhoseStoredKeyWouldOutgrowItsColumnIsRefusedClearly() {
        String t = newTenant(true);
        String profile = "\u0130".repeat(50); // lower-cases to twice as many characters
        core.profiles.create(t, new ProfileDraft(profile, null, MA_RIGHTS, List.of(profile)), ADMIN);
        core.grants.create(t, new GrantDraft("Root", profile, null, List.of("A"), false, "l0@x.de"), ADMIN);
        String inviter = accept(t, "l0@x.de");
        for (int level = 1; level < 40; level++) {
            String email = "l" + level + "@x.de";
            try {
                invite(t, inviter, email, profile, "A");
            } catch (ValidationException refusedClearly) {
                assertTrue(level > 10 && level <= 20, "refused at level " + level);
                assertTrue(refusedClearly.getMessage().contains("nested too deeply"), refusedClearly.getMessage());
                return;
            }
            inviter = accept(t, email);
        }
        throw new AssertionError("never refused");
    }

    /** Access is decided along at most TenantModel.MAX_DEPTH memberships: inviting beyond is refused, not silently useless. */
    @Test
    void inviteBeyondTheDeepestChainIsAConflictAndEveryoneAboveKeepsAccess() {
        String t = newTenant(true);
        core.profiles.create(t, new ProfileDraft("B", null, MA_RIGHTS, List.of("B")), ADMIN);
        core.grants.create(t, new GrantDraft("R", "B", null, List.of("A"), false, "c0@x.de"), ADMIN);
        String inviter = accept(t, "c0@x.de");
        for (int level = 1; level < TenantModel.MAX_DEPTH; level++) {
            inviter = delegate(t, inviter, "c" + level + "@x.de", "B", "A");
        }
        String deepest = "c" + (TenantModel.MAX_DEPTH - 1) + "@x.de";
        assertTrue(core.access.isAllowed(t, deepest, "contracts.view", "A"));
        String last = inviter;
        ConflictException refused = assertThrows(ConflictException.class, () -> invite(t, last, "too-deep@x.de", "B", "A"));
        assertTrue(refused.getMessage().contains("deepest"), refused.getMessage());
    }
}
