package dev.collab.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.collab.api.FieldError;
import dev.collab.api.ValidationException;

class PageTest {
    private static final List<Integer> HUNDRED_TWENTY = IntStream.range(0, 120).boxed().toList();

    private static String cursor(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withoutLimitAPageHas50Items() {
        Page<Integer> page = Page.of(HUNDRED_TWENTY, null, null);
        assertEquals(HUNDRED_TWENTY.subList(0, 50), page.items());
        assertNotNull(page.nextCursor());
        assertEquals(50, Page.of(HUNDRED_TWENTY, "  ", "").items().size());
    }

    @Test
    void aShortListFitsOnOnePageWithoutNextCursor() {
        Page<String> page = Page.of(List.of("a", "b"), null, null);
        assertEquals(List.of("a", "b"), page.items());
        assertNull(page.nextCursor());
    }

    @Test
    void anEmptyListIsOneEmptyPage() {
        Page<String> page = Page.of(List.of(), "10", null);
        assertEquals(List.of(), page.items());
        assertNull(page.nextCursor());
    }

    @Test
    void followingTheCursorsVisitsEveryItemOnceInOrder() {
        List<Integer> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<Integer> page = Page.of(HUNDRED_TWENTY, "25", cursor);
            seen.addAll(page.items());
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertEquals(HUNDRED_TWENTY, seen);
        assertEquals(5, pages);
    }

    @Test
    void aListOfExactlyOnePageHasNoNextCursor() {
        assertNull(Page.of(HUNDRED_TWENTY, "120", null).nextCursor());
        assertNull(Page.of(HUNDRED_TWENTY.subList(0, 50), null, null).nextCursor());
    }

    @Test
    void theLimitMayBeSurroundedByBlanksAndGoesUpTo500() {
        assertEquals(7, Page.of(HUNDRED_TWENTY, " 7 ", null).items().size());
        assertEquals(1, Page.of(HUNDRED_TWENTY, "1", null).items().size());
        List<Integer> big = IntStream.range(0, 600).boxed().toList();
        assertEquals(500, Page.of(big, "500", null).items().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-1", "501", "1.5", "99999999999", "1e2"})
    void aLimitOutside1To500IsRefusedNamingLimit(String limit) {
        ValidationException e = assertThrows(ValidationException.class, () -> Page.of(HUNDRED_TWENTY, limit, null));
        assertEquals(List.of(FieldError.of("limit", "list.limitRange", "limit must be between 1 and 500.", 500)), e.errors());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a cursor!", "%%%", "x"})
    void aCursorThatIsNotBase64IsRefusedNamingCursor(String cursor) {
        ValidationException e = assertThrows(ValidationException.class, () -> Page.of(HUNDRED_TWENTY, null, cursor));
        assertEquals("cursor", e.errors().get(0).field());
    }

    @Test
    void aCursorThisListDidNotHandOutIsRefusedNamingCursor() {
        for (String raw : List.of("p10", "o", "o-1", "oabc", "10", "o1.5")) {
            ValidationException e = assertThrows(ValidationException.class,
                () -> Page.of(HUNDRED_TWENTY, null, cursor(raw)), raw);
            assertEquals("cursor", e.errors().get(0).field(), raw);
        }
    }

    @Test
    void aCursorPastTheEndGivesAnEmptyLastPage() {
        Page<Integer> page = Page.of(HUNDRED_TWENTY, "10", cursor("o500"));
        assertEquals(List.of(), page.items());
        assertNull(page.nextCursor());
    }

    @Test
    void aCursorIsUrlSafe() {
        String next = Page.of(IntStream.range(0, 100_000).boxed().toList(), "500", cursor("o99000")).nextCursor();
        assertTrue(next.matches("[A-Za-z0-9_-]+"), next);
    }

    @Test
    void aCursorNearTheIntegerLimitGivesAnEmptyLastPage() {
        Page<Integer> page = Page.of(HUNDRED_TWENTY, "50", cursor("o" + Integer.MAX_VALUE));
        assertEquals(List.of(), page.items());
        assertNull(page.nextCursor());
    }

    // --- pages read by id (e.g. the audit trail) ------------------------------------------------

    /** Ids 1..n, answered like a database query "id > after ORDER BY id FETCH FIRST limit ROWS". */
    private static Page.IdFetch<Long> ids(long n, List<long[]> calls) {
        return (after, limit) -> {
            calls.add(new long[] {after, limit});
            return LongStream.rangeClosed(after + 1, Math.min(n, after + limit)).boxed().toList();
        };
    }

    @Test
    void pagesByIdVisitEveryEntryOnceReadingOneMoreThanAPage() {
        List<long[]> calls = new ArrayList<>();
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            Page<Long> page = Page.afterId("40", cursor, ids(100, calls), Long::longValue);
            seen.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        assertEquals(LongStream.rangeClosed(1, 100).boxed().toList(), seen);
        assertEquals(List.of(0L, 40L, 80L), calls.stream().map(c -> c[0]).toList());
        calls.forEach(c -> assertEquals(41, c[1]));
    }

    @Test
    void aListByIdThatEndsExactlyAtAPageHasNoNextCursor() {
        Page<Long> page = Page.afterId("50", null, ids(50, new ArrayList<>()), Long::longValue);
        assertEquals(50, page.items().size());
        assertNull(page.nextCursor());
    }

    @Test
    void aListByIdRefusesBadLimitsAndCursors() {
        assertEquals("limit", assertThrows(ValidationException.class,
            () -> Page.afterId("0", null, ids(5, new ArrayList<>()), Long::longValue)).errors().get(0).field());
        for (String raw : List.of("o10", "a-1", "a", "ax")) {
            assertEquals("cursor", assertThrows(ValidationException.class,
                () -> Page.afterId(null, cursor(raw), ids(5, new ArrayList<>()), Long::longValue)).errors().get(0).field(),
                raw);
        }
        // an offset cursor is not an id cursor, and the other way round
        String idCursor = Page.encodeId(3);
        assertThrows(ValidationException.class, () -> Page.of(HUNDRED_TWENTY, null, idCursor));
    }

    @Test
    void aPageIsACopyThatDoesNotChangeWithTheList() {
        List<String> all = new ArrayList<>(List.of("a", "b", "c"));
        Page<String> page = Page.of(all, "2", null);
        all.set(0, "changed");
        assertEquals(List.of("a", "b"), page.items());
        assertThrows(UnsupportedOperationException.class, () -> page.items().add("d"));
    }
}
