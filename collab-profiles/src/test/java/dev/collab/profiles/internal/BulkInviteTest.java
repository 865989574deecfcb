package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.collab.api.FeatureDisabledException;
import dev.collab.api.FieldError;
import dev.collab.api.ValidationException;
import dev.collab.api.accounts.Account;
import dev.collab.api.audit.AuditEntry;
import dev.collab.api.customers.Customer;
import dev.collab.api.delegation.BulkInviteOutcome;
import dev.collab.api.delegation.BulkInviteRequest;
import dev.collab.api.delegation.BulkInviteResult;
import dev.collab.api.delegation.BulkInviteRow;
import dev.collab.api.delegation.BulkInviteRowResult;
import dev.collab.api.delegation.Delegate;
import dev.collab.api.delegation.InviteRequest;
import dev.collab.api.grants.Grant;
import dev.collab.api.grants.GrantDraft;
import dev.collab.api.profiles.ProfileDraft;

/**
 * "Mehrere Mitarbeiter einladen": the rules of a bulk invitation through the services on a real
 * embedded Derby, one fresh tenant per test. Every row is checked like a single invitation, all
 * before any is created, and a list is created whole or not at all.
 */
class BulkInviteTest extends CoreFixture {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String ADMIN = "admin:boss@broker.de";
    private static final String GF = "gf@mueller.de";

    /** A tenant with profiles X, MA (delegates X) and GF (delegates MA), customers A to D, and the GF accepted on A, B, C. */
    private record Seed(String t, Grant grant, String gfId) {
    }

    private static Seed seed(boolean separate) {
        String t = core.tenant("bulk-" + SEQUENCE.incrementAndGet(), true, "A", "B", "C", "D");
        core.profiles.create(t, new ProfileDraft("X", "third level", List.of("documents.view"), List.of()), ADMIN);
        core.profiles.create(t, new ProfileDraft("MA", "employee", List.of("contracts.view", "documents.view"), List.of("X")), ADMIN);
        core.profiles.create(t, new ProfileDraft("GF", "managing director", List.of("contracts.view", "documents.view", "claims.view"),
            List.of("MA")), ADMIN);
        Grant grant = core.grants.create(t, new GrantDraft("Müller GmbH", "GF", null, List.of("A", "B", "C"), separate, GF), ADMIN);
        Account account = core.invitations.accept(core.lastToken(t, GF), Core.PASSWORD.toCharArray(), "Geschäftsführer");
        return new Seed(t, grant, account.id());
    }

    private static BulkInviteRow row(String email) {
        return new BulkInviteRow(email, null, null);
    }

    private static BulkInviteRow row(String email, String profile, String... customers) {
        return new BulkInviteRow(email, profile, customers.length == 0 ? null : Arrays.asList(customers));
    }

    /** Rows with the defaults profile MA and customers A and B. */
    private static BulkInviteRequest list(BulkInviteRow... rows) {
        return new BulkInviteRequest(Arrays.asList(rows), "MA", List.of("A", "B"), false, null);
    }

    private static List<BulkInviteOutcome> outcomes(BulkInviteResult result) {
        return result.rows().stream().map(BulkInviteRowResult::outcome).toList();
    }

    private static List<AuditEntry> audit(String t) {
        return core.audit.entries(t, 0, 1000);
    }

    private static long audited(String t, String action) {
        return audit(t).stream().filter(e -> e.action().equals(action)).count();
    }

    @Test
    void everyRowIsCheckedAndAFailedRowLeavesTheWholeListUncreated() {
        Seed s = seed(true);
        int mails = core.mails.issued.size();
        int entries = audit(s.t).size();
        BulkInviteResult result = core.delegation.inviteAll(s.t, s.gfId, list(
            row("a@firma.de"),
            row("not-an-address"),
            row("A@Firma.de"),
            row("b@firma.de", "GF"),
            row("c@firma.de", "MA", "A", "D"),
            row(GF),
            row("d@firma.de", "ma", "C")), false);

        assertFalse(result.created());
        assertEquals(List.of(BulkInviteOutcome.INVITABLE, BulkInviteOutcome.INVALID_ADDRESS, BulkInviteOutcome.DUPLICATE,
            BulkInviteOutcome.PROFILE_NOT_DELEGABLE, BulkInviteOutcome.CUSTOMER_NOT_ALLOWED, BulkInviteOutcome.NOT_POSSIBLE,
            BulkInviteOutcome.INVITABLE), outcomes(result));
        assertEquals(5, result.failed());
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), result.rows().stream().map(BulkInviteRowResult::row).toList());
        BulkInviteRowResult duplicate = result.rows().get(2);
        assertEquals("bulk.duplicateRow", duplicate.key());
        assertEquals(List.of("A@Firma.de", 1), duplicate.arguments());
        assertEquals("email.invalid", result.rows().get(1).key());
        assertEquals("invite.profileNotDelegable", result.rows().get(3).key());
        assertEquals("customer.notYours", result.rows().get(4).key());
        assertEquals("invite.yourself", result.rows().get(5).key());
        assertEquals(List.of(new Customer("A", "Customer A"), new Customer("B", "Customer B")), result.rows().get(0).customers());
        assertEquals("MA", result.rows().get(6).profile(), "the profile as stored, whatever the case typed");
        assertTrue(result.rows().stream().allMatch(r -> r.delegateId() == null));

        assertEquals(List.of(), core.delegation.delegates(s.t, s.gfId), "nothing created");
        assertEquals(mails, core.mails.issued.size(), "no mail");
        assertEquals(entries, audit(s.t).size(), "a check changes nothing, the audit trail neither");
    }

    @Test
    void aCheckOnlyCreatesNothingEvenWhenEveryRowPasses() {
        Seed s = seed(true);
        int mails = core.mails.issued.size();
        BulkInviteResult result = core.delegation.inviteAll(s.t, s.gfId, list(row("a@firma.de"), row("b@firma.de")), true);
        assertFalse(result.created());
        assertEquals(List.of(BulkInviteOutcome.INVITABLE, BulkInviteOutcome.INVITABLE), outcomes(result));
        assertEquals(List.of(), core.delegation.delegates(s.t, s.gfId));
        assertEquals(mails, core.mails.issued.size());
    }

    @Test
    void aValidListIsCreatedInOneStepEachRowLikeASingleInvitation() {
        Seed s = seed(true);
        int mails = core.mails.issued.size();
        BulkInviteResult result = core.delegation.inviteAll(s.t, s.gfId, list(
            row(" a@firma.de "), row("b@firma.de", null, "C"), row("c@firma.de", "MA", "A", "B", "C")), false);

        assertTrue(result.created());
        assertEquals(List.of(BulkInviteOutcome.INVITED, BulkInviteOutcome.INVITED, BulkInviteOutcome.INVITED), outcomes(result));
        List<Delegate> delegates = core.delegation.delegates(s.t, s.gfId);
        assertEquals(List.of("a@firma.de", "b@firma.de", "c@firma.de"), delegates.stream().map(Delegate::email).toList());
        assertEquals(delegates.stream().map(Delegate::id).toList(), result.rows().stream().map(BulkInviteRowResult::delegateId).toList());
        assertEquals(List.of("Müller GmbH/a@firma.de", "Müller GmbH/b@firma.de", "Müller GmbH/c@firma.de"),
            delegates.stream().map(Delegate::grant).toList(), "named as a single invitation names them");
        assertEquals(List.of(List.of("A", "B"), List.of("C"), List.of("A", "B", "C")),
            delegates.stream().map(d -> d.customers().stream().map(Customer::id).toList()).toList());
        assertEquals(mails + 3, core.mails.issued.size(), "one invitation mail each");
        for (String email : List.of("a@firma.de", "b@firma.de", "c@firma.de")) {
            assertEquals("MA", core.mails.last(s.t, email).profile());
        }
        assertEquals(3, audited(s.t, "delegate.invited"), "each delegate audited as a single invitation is");
        assertEquals(1, audited(s.t, "delegates.bulkInvited"));
        assertTrue(core.access.isAllowed(s.t, "gf@mueller.de", "contracts.view", "A"));
        core.invitations.accept(core.lastToken(s.t, "b@firma.de"), Core.PASSWORD.toCharArray(), null);
        assertTrue(core.access.isAllowed(s.t, "b@firma.de", "contracts.view", "C"), "the model follows the commit");
        assertFalse(core.access.isAllowed(s.t, "b@firma.de", "contracts.view", "A"));
    }

    @Test
    void inSharedModeTheRowsOfOneProfileJoinOneNewGrant() {
        Seed s = seed(false);
        BulkInviteResult result = core.delegation.inviteAll(s.t, s.gfId, list(row("a@firma.de"), row("b@firma.de", null, "C")), false);
        assertTrue(result.created());
        List<Delegate> delegates = core.delegation.delegates(s.t, s.gfId);
        assertEquals(List.of("Müller GmbH/MA", "Müller GmbH/MA"), delegates.stream().map(Delegate::grant).toList());
        assertEquals(delegates.get(0).grantId(), delegates.get(1).grantId());
        assertEquals(List.of("C"), delegates.get(1).customers().stream().map(Customer::id).toList(), "each keeps their own customers");
    }

    @Test
    void someoneAlreadyInvitedOrRegisteredUnderTheSameGrantIsRefused() {
        Seed s = seed(true);
        core.delegation.invite(s.t, s.gfId, new InviteRequest("a@firma.de", "MA", List.of("A"), false, null));
        core.delegation.invite(s.t, s.gfId, new InviteRequest("b@firma.de", "MA", List.of("A"), false, null));
        core.invitations.accept(core.lastToken(s.t, "b@firma.de"), Core.PASSWORD.toCharArray(), null);
        BulkInviteResult result = core.delegation.inviteAll(s.t, s.gfId, list(row("A@firma.de"), row("b@firma.de"), row("c@firma.de")),
            false);
        assertFalse(result.created());
        assertEquals(List.of(BulkInviteOutcome.DUPLICATE, BulkInviteOutcome.ALREADY_MEMBER, BulkInviteOutcome.INVITABLE),
            outcomes(result));
        assertEquals("invite.duplicateInvited", result.rows().get(0).key());
        assertEquals(2, core.delegation.delegates(s.t, s.gfId).size());
    }

    @Test
    void allCustomersGivesTheInvitersCurrentCustomersOnly() {
        Seed s = seed(true);
        core.grants.rescope(s.t, s.grant.id(), s.gfId, List.of("B", "C"), ADMIN);
        BulkInviteResult result = core.delegation.inviteAll(s.t, s.gfId,
            new BulkInviteRequest(List.of(row("a@firma.de"), row("b@firma.de", null, "A")), "MA", null, true, null), true);
        assertEquals(List.of(BulkInviteOutcome.INVITABLE, BulkInviteOutcome.CUSTOMER_NOT_ALLOWED), outcomes(result));
        assertEquals(List.of("B", "C"), result.rows().get(0).customers().stream().map(Customer::id).toList(), "A was taken from the GF");
    }

    @Test
    void rowsWithoutProfileOrCustomersAndNoDefaultsAreRefusedPerRow() {
        Seed s = seed(true);
        BulkInviteResult result = core.delegation.inviteAll(s.t, s.gfId,
            new BulkInviteRequest(List.of(row("a@firma.de"), row("b@firma.de", "MA"), row("", "MA", "A")), null, null, false, null),
            true);
        assertEquals(List.of(BulkInviteOutcome.PROFILE_NOT_DELEGABLE, BulkInviteOutcome.CUSTOMER_NOT_ALLOWED,
            BulkInviteOutcome.INVALID_ADDRESS), outcomes(result));
        assertEquals("invite.profileRequired", result.rows().get(0).key());
        assertEquals("invite.customersRequired", result.rows().get(1).key());
        assertEquals("email.required", result.rows().get(2).key());
        assertNull(result.rows().get(2).delegateId());
    }

    @Test
    void fiveHundredRowsAreInvitedInOneStepAndOneMoreIsRefused() {
        Seed s = seed(false);
        List<BulkInviteRow> rows = new ArrayList<>();
        for (int i = 0; i < BulkInviteRequest.MAX_ROWS; i++) {
            rows.add(row("ma" + i + "@firma.de"));
        }
        List<BulkInviteRow> tooMany = new ArrayList<>(rows);
        tooMany.add(row("one-more@firma.de"));
        ValidationException refused = assertThrows(ValidationException.class,
            () -> core.delegation.inviteAll(s.t, s.gfId, new BulkInviteRequest(tooMany, "MA", List.of("A"), false, null), true));
        assertEquals(List.of("bulk.tooManyRows"), refused.errors().stream().map(FieldError::key).toList());
        assertEquals(List.of(500, 501), refused.errors().get(0).arguments());

        int mails = core.mails.issued.size();
        BulkInviteResult result = core.delegation.inviteAll(s.t, s.gfId, new BulkInviteRequest(rows, "MA", List.of("A"), false, null),
            false);
        assertTrue(result.created());
        assertEquals(500, result.rows().stream().filter(r -> r.outcome() == BulkInviteOutcome.INVITED).count());
        assertEquals(mails + 500, core.mails.issued.size());
        assertEquals(500, audited(s.t, "delegate.invited"));
        assertEquals(500, new TreeSet<>(result.rows().stream().map(BulkInviteRowResult::delegateId).toList()).size());
    }

    @Test
    void theRequestItselfIsValidatedAsAWhole() {
        Seed s = seed(true);
        assertThrows(ValidationException.class, () -> core.delegation.inviteAll(s.t, s.gfId, null, true));
        assertEquals("bulk.rowsRequired", assertThrows(ValidationException.class, () -> core.delegation.inviteAll(s.t, s.gfId,
            new BulkInviteRequest(List.of(), "MA", List.of("A"), false, null), true)).errors().get(0).key());
        assertEquals(Set.of("rows[1]", "customers", "language"), Set.copyOf(assertThrows(ValidationException.class,
            () -> core.delegation.inviteAll(s.t, s.gfId, new BulkInviteRequest(Arrays.asList(row("a@firma.de"), null), "MA",
                List.of("A"), true, "fr"), false)).errors().stream().map(FieldError::field).toList()));
    }

    @Test
    void theFeatureSwitchedOffStopsBulkInvitesToo() {
        Seed s = seed(true);
        core.tenants.setDelegatedAccess(s.t, false, "support");
        assertThrows(FeatureDisabledException.class, () -> core.delegation.inviteAll(s.t, s.gfId, list(row("a@firma.de")), true));
        assertThrows(FeatureDisabledException.class, () -> core.delegation.inviteAll(s.t, s.gfId, list(row("a@firma.de")), false));
        assertNotNull(core.tenants.get(s.t));
    }
}
