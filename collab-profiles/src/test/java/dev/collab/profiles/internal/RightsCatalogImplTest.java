package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.collab.api.profiles.Right;
import dev.collab.api.profiles.RightProvider;

class RightsCatalogImplTest {

    private static RightProvider provider(Right... rights) {
        List<Right> list = Arrays.asList(rights);
        return () -> list;
    }

    private static List<String> ids(List<Right> rights) {
        return rights.stream().map(Right::id).toList();
    }

    @Test
    void theCatalogIsTheUnionOfAllProvidersSortedById() {
        RightsCatalogImpl catalog = new RightsCatalogImpl(List.of(
            provider(new Right("zeta.view", "Zeta"), new Right("alpha.view", "Alpha")),
            provider(new Right("mid.edit", "Mid"))));
        assertEquals(List.of("alpha.view", "mid.edit", "zeta.view"), ids(catalog.rights()));
    }

    @Test
    void theBuiltInRightsAreAllValidAndInTheCatalog() {
        List<Right> builtIn = List.copyOf(new BuiltInRights().rights());
        builtIn.forEach(r -> assertTrue(RightsCatalogImpl.RIGHT_ID.matcher(r.id()).matches(), r.id()));
        List<Right> catalog = new RightsCatalogImpl(List.of(new BuiltInRights())).rights();
        assertEquals(builtIn.size(), catalog.size());
        assertTrue(catalog.containsAll(builtIn));
        assertEquals(List.of("claims.report", "claims.view", "contracts.view", "documents.upload", "documents.view",
            "messages.send"), ids(catalog));
    }

    @Test
    void theLaterHigherRankedProviderGivesTheTitleOfASharedId() {
        RightsCatalogImpl catalog = new RightsCatalogImpl(List.of(
            new BuiltInRights(),
            provider(new Right("contracts.view", "Verträge ansehen"), new Right("partner.reports", "Reports"))));
        assertEquals(Optional.of(new Right("contracts.view", "Verträge ansehen")), catalog.find("contracts.view"));
        assertEquals(1, catalog.rights().stream().filter(r -> r.id().equals("contracts.view")).count());
        assertEquals(Optional.of(new Right("partner.reports", "Reports")), catalog.find("partner.reports"));
    }

    @Test
    void rightsWithInvalidIdsAreLeftOut() {
        RightsCatalogImpl catalog = new RightsCatalogImpl(List.of(provider(
            new Right("Bad Id", "blank"), new Right("nodot", "no dot"), new Right("Upper.case", "upper"),
            new Right("trailing.", "dot"), new Right(".leading", "dot"), new Right("1st.right", "digit"),
            new Right("a..b", "empty segment"), new Right(null, "no id"), null,
            new Right("good.one", "Good"), new Right("deeply.nested.right2", "Nested"))));
        assertEquals(List.of("deeply.nested.right2", "good.one"), ids(catalog.rights()));
    }

    @Test
    void aProviderThatFailsIsSkippedAndTheOthersStillCount() {
        RightProvider broken = () -> {
            throw new IllegalStateException("partner database down");
        };
        RightsCatalogImpl catalog = new RightsCatalogImpl(List.of(provider(new Right("a.one", "A")), broken,
            provider(new Right("b.two", "B"))));
        assertEquals(List.of("a.one", "b.two"), ids(catalog.rights()));
    }

    @Test
    void aProviderThatAnswersNullIsSkipped() {
        RightProvider sloppy = () -> null;
        RightsCatalogImpl catalog = new RightsCatalogImpl(List.of(provider(new Right("a.one", "A")), sloppy));
        assertEquals(List.of("a.one"), ids(catalog.rights()));
    }

    @Test
    void findAnswersOnlyKnownIds() {
        RightsCatalogImpl catalog = new RightsCatalogImpl(List.of(new BuiltInRights()));
        assertEquals(Optional.of(new Right("claims.report", "Report claims", Map.of("de", "Schäden melden", "en", "Report claims"))),
            catalog.find("claims.report"));
        assertEquals(Optional.empty(), catalog.find("claims.delete"));
        assertEquals(Optional.empty(), catalog.find(null));
    }

    @Test
    void aCatalogWithoutProvidersIsEmpty() {
        assertEquals(List.of(), new RightsCatalogImpl().rights());
        assertEquals(List.of(), new RightsCatalogImpl(List.of()).rights());
    }

    @Test
    void theCatalogIsComputedOnEachCallSoProvidersChangesShowAtOnce() {
        List<Right> partner = new ArrayList<>();
        Collection<Right> view = partner;
        RightsCatalogImpl catalog = new RightsCatalogImpl(List.of(() -> view));
        assertEquals(List.of(), catalog.rights());
        partner.add(new Right("partner.reports", "Reports"));
        assertEquals(List.of("partner.reports"), ids(catalog.rights()));
    }

    @Test
    void theAnswerCannotBeModifiedByTheCaller() {
        List<Right> rights = new RightsCatalogImpl(List.of(new BuiltInRights())).rights();
        try {
            rights.add(new Right("x.y", "X"));
        } catch (UnsupportedOperationException expected) {
            return;
        }
        throw new AssertionError("the catalog handed out a modifiable list");
    }
}
