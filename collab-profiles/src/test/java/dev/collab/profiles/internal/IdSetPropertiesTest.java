package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The code sets behave as sets of strings, whichever form (bitmap or sorted codes) they take:
 * the access model's decisions and reach rest on them. Customer ids come from a small pool so
 * that sets overlap, and from a large one so that both forms occur.
 */
class IdSetPropertiesTest {

    @Property(tries = 300)
    void aCodeSetHoldsExactlyItsStringsAndIntersectsLikeASet(@ForAll("customerLists") List<String> first,
        @ForAll("customerLists") List<String> second, @ForAll("customerLists") List<String> earlier) {
        Ids ids = new Ids();
        // Codes handed out earlier (other memberships) spread the codes, so sparse sets occur too.
        IdSet.of(ids, earlier);
        IdSet a = IdSet.of(ids, first);
        IdSet b = IdSet.of(ids, second);
        Set<String> expectedA = new TreeSet<>(first);
        Set<String> expectedB = new TreeSet<>(second);

        assertEquals(expectedA, new TreeSet<>(a));
        assertEquals(expectedA.size(), a.size());
        assertEquals(expectedA, a);
        assertEquals(a, expectedA);
        assertEquals(expectedA.hashCode(), a.hashCode());
        for (String probe : List.of("C0", "C1", "C17", "C999", "unknown", "")) {
            assertEquals(expectedA.contains(probe), a.contains(probe), probe);
            assertEquals(expectedA.contains(probe), a.has(ids.find(probe)), probe);
        }

        Set<String> both = new HashSet<>(expectedA);
        both.retainAll(expectedB);
        IdSet and = a.and(b);
        assertEquals(both, new HashSet<>(and));
        assertEquals(both.size(), and.size());
        assertEquals(and, b.and(a));
        assertEquals(expectedA.containsAll(expectedB), a.hasAll(b));
        assertTrue(a.hasAll(and));
        assertTrue(b.hasAll(and));
        assertEquals(expectedA.equals(expectedB), a.equals(b));
    }

    @Property(tries = 300)
    void aChangedSetIsTheSetOfTheChangedStrings(@ForAll("customerLists") List<String> before,
        @ForAll("customerLists") List<String> removed, @ForAll("customerLists") List<String> added,
        @ForAll("customerLists") List<String> earlier) {
        Ids ids = new Ids();
        IdSet.of(ids, earlier);
        IdSet set = IdSet.of(ids, before);
        Set<String> expected = new TreeSet<>(before);
        expected.removeAll(removed);
        expected.addAll(added);

        IdSet changed = set.changed(removed, added);
        assertEquals(expected, new TreeSet<>(changed));
        assertEquals(expected.size(), changed.size());
        assertEquals(IdSet.of(ids, expected), changed);
        for (String customer : expected) {
            assertTrue(changed.has(ids.find(customer)), customer);
        }
        assertTrue(set.changed(List.of(), List.of()) == set, "nothing changed: the same instance");
    }

    @Property(tries = 300)
    void aDifferenceIsWhatTheWantedSetTakesAwayAndGives(@ForAll("customerLists") List<String> before,
        @ForAll("customerLists") List<String> wanted, @ForAll("customerLists") List<String> earlier) {
        Ids ids = new Ids();
        IdSet.of(ids, earlier);
        IdSet set = IdSet.of(ids, before);
        Set<String> removed = new TreeSet<>(before);
        removed.removeAll(wanted);
        Set<String> added = new TreeSet<>(wanted);
        added.removeAll(before);

        IdSet.Difference difference = set.difference(wanted);
        assertEquals(List.copyOf(removed), difference.removed(), "removed, sorted, once each");
        assertEquals(List.copyOf(added), difference.added(), "added, sorted, once each");
        assertEquals(new TreeSet<>(wanted), new TreeSet<>(set.changed(difference.removed(), difference.added())));
    }

    @Property(tries = 300)
    void aSetsStringsComeOutInTheOrderOfStrings(@ForAll("customerLists") List<String> earlier,
        @ForAll("customerLists") List<String> first, @ForAll("customerLists") List<String> later) {
        Ids ids = new Ids();
        IdSet.of(ids, earlier);
        IdSet a = IdSet.of(ids, first);
        assertEquals(List.copyOf(new TreeSet<>(first)), List.of(a.toSortedArray()));
        // Codes handed out after the order was made are merged into it, before and after the old ones.
        IdSet b = IdSet.of(ids, later);
        assertEquals(List.copyOf(new TreeSet<>(later)), List.of(b.toSortedArray()));
        IdSet c = a.changed(List.of(), List.of("A", "Z9", "C25x"));
        Set<String> expected = new TreeSet<>(first);
        expected.addAll(List.of("A", "Z9", "C25x"));
        assertEquals(List.copyOf(expected), List.of(c.toSortedArray()));
        assertEquals(List.copyOf(new TreeSet<>(first)), List.of(a.toSortedArray()));
    }

    @Property(tries = 100)
    void anUnknownStringIsInNoSet(@ForAll("customerLists") List<String> values) {
        Ids ids = new Ids();
        IdSet set = IdSet.of(ids, values);
        assertEquals(0, ids.find("not a customer"));
        assertFalse(set.has(0));
        assertFalse(set.contains("not a customer"));
        assertFalse(set.contains(42));
    }

    @Provide
    Arbitrary<List<String>> customerLists() {
        Arbitrary<String> few = Arbitraries.integers().between(0, 40).map(i -> "C" + i);
        Arbitrary<String> many = Arbitraries.integers().between(0, 5_000).map(i -> "C" + i);
        return Arbitraries.oneOf(few.list().ofMaxSize(60), many.list().ofMaxSize(300), few.list().ofMinSize(30).ofMaxSize(41));
    }
}
