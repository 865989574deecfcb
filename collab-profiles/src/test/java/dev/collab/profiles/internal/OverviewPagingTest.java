package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.persistence.EntityManager;

import org.eclipse.persistence.jpa.JpaEntityManager;
import org.eclipse.persistence.sessions.SessionEvent;
import org.eclipse.persistence.sessions.SessionEventAdapter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.customers.Customer;
import dev.collab.api.delegation.Delegate;
import dev.collab.api.delegation.DelegatePage;
import dev.collab.api.delegation.DelegateQuery;
import dev.collab.api.delegation.InviteRequest;
import dev.collab.api.grants.Grant;
import dev.collab.api.grants.GrantDraft;
import dev.collab.api.grants.Member;
import dev.collab.api.grants.MemberPage;
import dev.collab.api.grants.MemberQuery;
import dev.collab.api.grants.MembershipStatus;
import dev.collab.api.mail.MailStatus;
import dev.collab.api.profiles.ProfileDraft;

/**
 * The delegates overview and the grant member lists as the database pages them (keyset on
 * e-mail key, grant name key, id), through the services on a real embedded Derby: order, no
 * row twice or lost across pages while others invite and delete, filter, cursor and limit
 * checks, and a bounded number of SQL statements per page whatever its size.
 */
class OverviewPagingTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String ADMIN = "admin:boss@broker.de";
    /** Mixed case on purpose: the order is the e-mail's key, not the address as typed. */
    private static final List<String> EMAILS = List.of("Zora@firma.de", "adam@firma.de", "Bert@firma.de", "carl@firma.de",
        "Dora@firma.de", "emil@firma.de", "fritz@firma.de", "Gina@firma.de", "hans@firma.de", "ida@firma.de",
        "jan@firma.de", "Karl@firma.de", "lena@firma.de", "max_100%@firma.de", "maxa100x@firma.de");
    private static final int STATEMENTS_PER_PAGE = 12;

    @TempDir
    static Path dataDir;
    static Core core;
    static final AtomicInteger statements = new AtomicInteger();

    @BeforeAll
    static void open() {
        core = Core.open(dataDir);
        // every SQL call EclipseLink makes, counted where it hands it to JDBC
        core.db.supports(() -> {
            EntityManager em = core.db.em();
            em.unwrap(JpaEntityManager.class).getServerSession().getEventManager().addListener(new SessionEventAdapter() {
                @Override
                public void preExecuteCall(SessionEvent event) {
                    statements.incrementAndGet();
                }
            });
            return null;
        });
    }

    @AfterAll
    static void close() {
        if (core != null) {
            core.close();
        }
    }

    /** A tenant whose GF (separate or shared delegate grants) sees A to D; returns tenant, GF account, grant. */
    private record Seed(String t, String gf, Grant grant) {
    }

    private static Seed seed(boolean separate) {
        String t = core.tenant("paging-" + SEQUENCE.incrementAndGet(), true, "A", "B", "C", "D");
        core.profiles.create(t, new ProfileDraft("MA", "employee", List.of("contracts.view"), List.of()), ADMIN);
        core.profiles.create(t, new ProfileDraft("GF", "director", List.of("contracts.view"), List.of("MA")), ADMIN);
        Grant grant = core.grants.create(t, new GrantDraft("Müller GmbH", "GF", null, List.of("A", "B", "C", "D"), separate,
            "gf@mueller.de"), ADMIN);
        String gf = core.invitations.accept(core.lastToken(t, "gf@mueller.de"), Core.PASSWORD.toCharArray(), null).id();
        return new Seed(t, gf, grant);
    }

    private static Delegate invite(Seed s, String email, String... customers) {
        return core.delegation.invite(s.t, s.gf, new InviteRequest(email, "MA", List.of(customers), false, null));
    }

    private static DelegatePage page(Seed s, String filter, int limit, String cursor) {
        return core.delegation.delegates(s.t, s.gf, new DelegateQuery(filter, limit, cursor));
    }

    /** Every page in turn, checking each holds at most {@code limit}; the items in order. */
    private static List<Delegate> all(Seed s, String filter, int limit) {
        List<Delegate> result = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            DelegatePage page = page(s, filter, limit, cursor);
            assertTrue(page.items().size() <= limit);
            assertTrue(page.nextCursor() == null || page.items().size() == limit, "only a full page has a next one");
            result.addAll(page.items());
            cursor = page.nextCursor();
            assertTrue(++pages <= 100, "paging does not end");
        } while (cursor != null);
        return result;
    }

    private static List<String> emails(List<Delegate> delegates) {
        return delegates.stream().map(Delegate::email).toList();
    }

    private static List<String> byKey(List<String> emails) {
        return emails.stream().sorted(Comparator.comparing(Rules::loginKey)).toList();
    }

    @Test
    void pagesFollowTheEmailKeyWithEveryDelegateExactlyOnce() {
        Seed s = seed(true);
        EMAILS.forEach(e -> invite(s, e, "A", "B"));
        for (int limit : new int[] {1, 4, 5, 15, 500}) {
            List<Delegate> paged = all(s, null, limit);
            assertEquals(byKey(EMAILS), emails(paged), "limit " + limit);
            assertEquals(EMAILS.size(), new HashSet<>(paged.stream().map(Delegate::id).toList()).size());
        }
        Delegate first = page(s, null, 1, null).items().get(0);
        assertEquals("adam@firma.de", first.email());
        assertEquals("MA", first.profile());
        assertEquals("Müller GmbH/adam@firma.de", first.grant());
        assertEquals(List.of(new Customer("A", "Customer A"), new Customer("B", "Customer B")), first.customers());
        assertEquals(MembershipStatus.INVITED, first.status());
        assertEquals(MailStatus.PENDING, first.mailStatus());
        assertNotNull(first.expiresAt());
        assertEquals(first, core.delegation.delegate(s.t, s.gf, first.id()));
    }

    @Test
    void aCursorKeepsItsPlaceWhileOthersInviteAndDelete() {
        Seed s = seed(true);
        List<String> start = List.of("b@firma.de", "d@firma.de", "f@firma.de", "h@firma.de", "j@firma.de", "l@firma.de");
        List<Delegate> invited = start.stream().map(e -> invite(s, e, "A")).toList();
        DelegatePage first = page(s, null, 2, null);
        assertEquals(List.of("b@firma.de", "d@firma.de"), emails(first.items()));

        invite(s, "a@firma.de", "A");            // before the cursor: not on a later page
        invite(s, "E@firma.de", "A");            // after it: shows in its place
        core.delegation.delete(s.t, s.gf, invited.get(1).id());  // d, already shown
        core.delegation.delete(s.t, s.gf, invited.get(3).id());  // h, not yet shown
        List<Delegate> rest = new ArrayList<>();
        for (String cursor = first.nextCursor(); cursor != null;) {
            DelegatePage page = page(s, null, 2, cursor);
            rest.addAll(page.items());
            cursor = page.nextCursor();
            invite(s, "z" + rest.size() + "@firma.de", "A"); // at the end, while paging
        }
        // z6 came after the last page had been read
        assertEquals(List.of("E@firma.de", "f@firma.de", "j@firma.de", "l@firma.de", "z2@firma.de", "z4@firma.de"),
            emails(rest));
        assertEquals(List.of("a@firma.de", "b@firma.de", "E@firma.de", "f@firma.de", "j@firma.de", "l@firma.de",
            "z2@firma.de", "z4@firma.de", "z6@firma.de"), emails(all(s, null, 3)));
    }

    @Test
    void theSameEmailUnderTwoGrantsIsOrderedByGrantName() {
        Seed s = seed(true);
        invite(s, "ma@firma.de", "A");
        // a second grant of the GF, whose delegates sort by the same e-mail
        Grant second = core.grants.create(s.t, new GrantDraft("Alpha AG", "GF", null, List.of("C"), true, "gf@mueller.de"), ADMIN);
        core.delegation.invite(s.t, s.gf, new InviteRequest("ma@firma.de", "MA", List.of("C"), false, null));
        List<Delegate> paged = all(s, null, 1);
        assertEquals(List.of("Alpha AG/ma@firma.de", "Müller GmbH/ma@firma.de"), paged.stream().map(Delegate::grant).toList(),
            second.name());
    }

    @Test
    void theFilterMatchesEmailOrGrantNameIgnoringCaseAndTakesWildcardsLiterally() {
        Seed s = seed(true);
        EMAILS.forEach(e -> invite(s, e, "A"));
        assertEquals(List.of("Bert@firma.de"), emails(all(s, "bErT", 5)));
        assertEquals(List.of("Karl@firma.de"), emails(all(s, "  KARL@ ", 5)));
        assertEquals(List.of("max_100%@firma.de"), emails(all(s, "_100%", 5)), "% and _ are no wildcards");
        assertEquals(byKey(EMAILS), emails(all(s, "müller gmbh/", 4)), "the grant name matches too");
        assertEquals(List.of(), all(s, "nobody", 5));
        assertEquals(byKey(EMAILS), emails(all(s, "   ", 7)), "a blank filter is none");
        assertEquals("q", assertThrows(ValidationException.class,
            () -> page(s, "x".repeat(Keyset.MAX_FILTER + 1), 5, null)).errors().get(0).field());
    }

    @Test
    void aCursorNotHandedOutOrALimitOutOfRangeIsRefused() {
        Seed s = seed(true);
        invite(s, "a@firma.de", "A");
        invite(s, "b@firma.de", "A");
        String good = page(s, null, 1, null).nextCursor();
        assertNotNull(good);
        String members = core.grants.members(s.t, s.grant.id(), new MemberQuery(null, 1, null)).nextCursor();
        for (String bad : new String[] {"nonsense!", "AAAA", Base64.getUrlEncoder().encodeToString("o50".getBytes()),
            good.substring(0, good.length() - 2), good + "AA"}) {
            ValidationException e = assertThrows(ValidationException.class, () -> page(s, null, 5, bad), bad);
            assertEquals("cursor", e.errors().get(0).field());
        }
        assertNull(members, "one member: no next page");
        for (int limit : new int[] {0, -1, DelegateQuery.MAX_LIMIT + 1}) {
            assertEquals("limit", assertThrows(ValidationException.class, () -> page(s, null, limit, null)).errors().get(0).field());
        }
        assertEquals(2, page(s, null, DelegateQuery.MAX_LIMIT, null).items().size());
    }

    @Test
    void aPageCostsAFixedNumberOfStatementsWhateverItsSize() {
        Seed s = seed(true);
        for (int i = 0; i < 30; i++) {
            invite(s, "d" + (100 + i) + "@firma.de", "A", "B", "C");
        }
        core.model.model(s.t);
        int small = counted(() -> page(s, null, 2, null)).size();
        int large = counted(() -> page(s, null, 30, null)).size();
        assertTrue(small > 0 && small <= STATEMENTS_PER_PAGE, small + " statements for a page of 2");
        assertEquals(small, large, "a page of 30 costs what a page of 2 costs");
        int members = counted(() -> core.grants.members(s.t, s.grant.id(), new MemberQuery(null, 30, null))).size();
        assertTrue(members <= STATEMENTS_PER_PAGE, members + " statements for a page of members");
    }

    /** @return one element per SQL statement {@code work} ran */
    private static List<Integer> counted(Supplier<?> work) {
        int before = statements.get();
        Object result = work.get();
        assertNotNull(result);
        List<Integer> calls = new ArrayList<>();
        for (int i = before; i < statements.get(); i++) {
            calls.add(i);
        }
        return calls;
    }

    @Test
    void rowsShowTheCustomersAsTheInviterStillSeesThem() {
        Seed s = seed(true);
        Delegate ma = invite(s, "ma@firma.de", "A", "B", "C");
        core.grants.rescope(s.t, s.grant.id(), s.gf, List.of("A", "D"), ADMIN);
        Delegate shown = page(s, null, 50, null).items().get(0);
        assertEquals(ma.id(), shown.id());
        assertEquals(List.of("A"), shown.customers().stream().map(Customer::id).toList());
    }

    @Test
    void anotherUsersDelegateIsNotFound() {
        Seed s = seed(true);
        Seed other = seed(true);
        Delegate theirs = invite(other, "x@firma.de", "A");
        assertThrows(UnknownResourceException.class, () -> core.delegation.delegate(s.t, s.gf, theirs.id()));
        assertThrows(UnknownResourceException.class, () -> core.delegation.delegate(other.t, s.gf, theirs.id()));
        assertThrows(UnknownResourceException.class, () -> core.delegation.delegate(s.t, s.gf, null));
    }

    @Test
    void aSharedGrantsMembersPageByEmailAndFilter() {
        Seed s = seed(false);
        EMAILS.forEach(e -> invite(s, e, "B"));
        Grant shared = core.grants.get(s.t, page(s, null, 1, null).items().get(0).grantId());
        assertEquals("Müller GmbH/MA", shared.name());
        List<Member> paged = new ArrayList<>();
        String cursor = null;
        do {
            MemberPage page = core.grants.members(s.t, shared.id(), new MemberQuery(null, 4, cursor));
            paged.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        assertEquals(shared.members(), paged, "the pages hold the grant's members in its order");
        assertEquals(byKey(EMAILS), paged.stream().map(Member::email).toList());
        assertTrue(paged.stream().allMatch(m -> "gf@mueller.de".equals(m.invitedBy())));
        assertEquals(List.of("Dora@firma.de"), core.grants.members(s.t, shared.id(), new MemberQuery("DORA", 4, null)).items()
            .stream().map(Member::email).toList());
        assertThrows(UnknownResourceException.class, () -> core.grants.members("other-tenant", shared.id(), new MemberQuery(null, 4, null)));
        String bad = page(s, null, 1, null).nextCursor();
        assertEquals("cursor", assertThrows(ValidationException.class,
            () -> core.grants.members(s.t, shared.id(), new MemberQuery(null, 4, bad))).errors().get(0).field(),
            "a delegates cursor is not a members cursor");
        assertFalse(paged.isEmpty());
    }
}
