package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import dev.collab.api.access.CustomerAccess;
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
 * Random bulk invitations by a GF or by one of the GF's delegates (an inviter whose access is
 * itself attenuated), after the broker took random customers from the GF. Invariants:
 * <ul>
 * <li>(a) after any bulk invite no delegate has more than their inviter's current access,
 * neither in what the row results promise nor in what the host's access questions answer;</li>
 * <li>(b) a check only, or a list with any failed row, creates nothing: no delegate, no mail,
 * no audit entry;</li>
 * <li>(c) a list is created exactly when every row passed, and then every row is a delegate
 * with one mail;</li>
 * <li>(d) an invalid address is reported as such, and a later row of the same e-mail as a duplicate.</li>
 * </ul>
 */
class BulkInvitePropertiesTest {
    static final List<String> CUSTOMERS = List.of("A", "B", "C", "D", "E", "F");
    static final List<String> EMAILS = List.of("u0@firma.de", "u1@firma.de", "u2@firma.de", "u3@firma.de", "u4@firma.de",
        "u5@firma.de", "U1@FIRMA.DE", "no-address", "gf@mueller.de", "ma@mueller.de");
    static final List<String> PROFILES = List.of("", "MA", "X", "GF", "nope");
    static final String ADMIN = "admin:boss@broker.de";
    static final AtomicInteger SEQUENCE = new AtomicInteger();
    static Core core;

    @BeforeContainer
    static void open() {
        core = Core.openTemp();
    }

    @AfterContainer
    static void close() {
        if (core != null) {
            core.close();
            core = null;
        }
    }

    /** One row: EMAILS[email], PROFILES[profile] ("" for the default), customers of mask (0: the default; bit 6: an unknown one). */
    record Row(int email, int profile, int mask) {
    }

    /**
     * @param gfMask the GF's customers at the start; rescopeMask what the broker leaves them afterwards
     * @param maMask the customers the GF gives the delegate MA; byDelegate: MA invites (profile X) instead of the GF
     * @param defaultMask the customers for rows without their own (0: all of the inviter's)
     */
    record Case(int gfMask, int rescopeMask, int maMask, boolean byDelegate, List<Row> rows, int defaultMask, boolean dryRun) {
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Integer> mask = Arbitraries.integers().between(1, 63);
        // Weighted towards rows that pass, so that whole lists get created often enough.
        Arbitrary<Integer> email = Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.integers().between(0, 5)),
            Tuple.of(1, Arbitraries.integers().between(6, EMAILS.size() - 1)));
        Arbitrary<Integer> profile = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(0)),
            Tuple.of(2, Arbitraries.integers().between(1, PROFILES.size() - 1)));
        Arbitrary<Integer> rowMask = Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(0)),
            Tuple.of(2, Arbitraries.integers().between(1, 127)));
        Arbitrary<Row> row = Combinators.combine(email, profile, rowMask).as(Row::new);
        Arbitrary<Integer> defaultMask = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(0)),
            Tuple.of(1, Arbitraries.integers().between(1, 63)));
        return Combinators.combine(mask, mask, mask, Arbitraries.of(true, false), row.list().ofMinSize(1).ofMaxSize(5),
            defaultMask, Arbitraries.frequency(Tuple.of(1, true), Tuple.of(2, false))).as(Case::new);
    }

    private static List<String> customers(int mask) {
        List<String> result = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS.size(); i++) {
            if ((mask & (1 << i)) != 0) {
                result.add(CUSTOMERS.get(i));
            }
        }
        if ((mask & 64) != 0) {
            result.add("Z");
        }
        return result;
    }

    private static Set<String> effective(String t, String email) {
        Set<String> result = new TreeSet<>();
        for (CustomerAccess c : core.access.effectiveAccess(t, email).customers()) {
            if (!c.rights().isEmpty()) {
                result.add(c.id());
            }
        }
        return result;
    }

    @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
    void aBulkInviteNeverGivesMoreThanTheInvitersAccessAndAFailedOneCreatesNothing(@ForAll("cases") Case c) {
        String t = core.tenant("bulkprop-" + SEQUENCE.incrementAndGet(), true, CUSTOMERS.toArray(String[]::new));
        core.profiles.create(t, new ProfileDraft("X", null, List.of("documents.view"), List.of()), ADMIN);
        core.profiles.create(t, new ProfileDraft("MA", null, List.of("contracts.view", "documents.view"), List.of("X")), ADMIN);
        core.profiles.create(t, new ProfileDraft("GF", null, List.of("contracts.view", "documents.view"), List.of("MA")), ADMIN);
        Grant grant = core.grants.create(t, new GrantDraft("Müller GmbH", "GF", null, customers(c.gfMask), true, "gf@mueller.de"),
            ADMIN);
        String gfId = core.invitations.accept(core.lastToken(t, "gf@mueller.de"), Core.PASSWORD.toCharArray(), null).id();
        core.delegation.invite(t, gfId, new InviteRequest("ma@mueller.de", "MA", null, true, null));
        String maId = core.invitations.accept(core.lastToken(t, "ma@mueller.de"), Core.PASSWORD.toCharArray(), null).id();
        core.grants.rescope(t, grant.id(), gfId, customers(c.rescopeMask), ADMIN);
        String inviter = c.byDelegate ? "ma@mueller.de" : "gf@mueller.de";
        String inviterId = c.byDelegate ? maId : gfId;
        Set<String> inviterSees = effective(t, inviter);

        List<BulkInviteRow> rows = new ArrayList<>();
        for (Row r : c.rows) {
            rows.add(new BulkInviteRow(EMAILS.get(r.email), PROFILES.get(r.profile), r.mask == 0 ? null : customers(r.mask)));
        }
        String defaultProfile = c.byDelegate ? "X" : "MA";
        BulkInviteRequest request = new BulkInviteRequest(rows, defaultProfile, c.defaultMask == 0 ? null : customers(c.defaultMask),
            c.defaultMask == 0, null);
        int delegatesBefore = core.delegation.delegates(t, inviterId).size();
        int mailsBefore = core.mails.issued.size();
        int auditBefore = core.audit.entries(t, 0, 1000).size();

        BulkInviteResult result = core.delegation.inviteAll(t, inviterId, request, c.dryRun);

        boolean allPassed = result.rows().stream().allMatch(r -> r.outcome().ok());
        Statistics.collect(c.dryRun ? "check" : allPassed ? "created" : "refused");
        assertEquals(rows.size(), result.rows().size());
        // (c)
        assertEquals(!c.dryRun && allPassed, result.created());
        if (!result.created()) {
            // (b)
            assertTrue(result.rows().stream().noneMatch(r -> r.outcome() == BulkInviteOutcome.INVITED || r.delegateId() != null));
            assertEquals(delegatesBefore, core.delegation.delegates(t, inviterId).size());
            assertEquals(mailsBefore, core.mails.issued.size());
            assertEquals(auditBefore, core.audit.entries(t, 0, 1000).size());
        } else {
            assertTrue(result.rows().stream().allMatch(r -> r.outcome() == BulkInviteOutcome.INVITED && r.delegateId() != null));
            assertEquals(delegatesBefore + rows.size(), core.delegation.delegates(t, inviterId).size());
            assertEquals(mailsBefore + rows.size(), core.mails.issued.size());
        }
        // (a) what is promised, and what the delegates get once they registered
        for (BulkInviteRowResult r : result.rows()) {
            assertTrue(inviterSees.containsAll(r.customers().stream().map(Customer::id).toList()), r + " exceeds " + inviterSees);
        }
        if (result.created()) {
            for (BulkInviteRowResult r : result.rows()) {
                // the GF may be invited by their own delegate: what they had before stays theirs
                Set<String> before = effective(t, r.email());
                core.invitations.accept(core.lastToken(t, r.email()), Core.PASSWORD.toCharArray(), null);
                Set<String> gained = effective(t, r.email());
                gained.removeAll(before);
                assertTrue(inviterSees.containsAll(gained), r.email() + " gained " + gained + ", the inviter sees " + inviterSees);
                if (before.isEmpty()) {
                    assertEquals(new TreeSet<>(r.customers().stream().map(Customer::id).toList()), gained);
                }
            }
        }
        for (Delegate d : core.delegation.delegates(t, inviterId)) {
            assertTrue(d.customers().stream().allMatch(x -> inviterSees.contains(x.id())));
        }
        // (d)
        Map<String, Integer> first = new HashMap<>();
        Set<String> invalid = new HashSet<>(List.of("no-address"));
        for (BulkInviteRowResult r : result.rows()) {
            String email = rows.get(r.row() - 1).email();
            if (invalid.contains(email)) {
                assertEquals(BulkInviteOutcome.INVALID_ADDRESS, r.outcome());
                continue;
            }
            String key = email.toLowerCase(Locale.ROOT);
            if (first.containsKey(key)) {
                assertEquals(BulkInviteOutcome.DUPLICATE, r.outcome(), r.toString());
            } else {
                first.put(key, r.row());
            }
        }
    }
}
