package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import dev.collab.api.ConflictException;
import dev.collab.api.FeatureDisabledException;
import dev.collab.api.FieldError;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.profiles.AccessProfile;
import dev.collab.api.profiles.ProfileDraft;
import dev.collab.api.profiles.Right;
import dev.collab.api.profiles.RightProvider;
import dev.collab.profiles.internal.persistence.Database;
import dev.collab.profiles.internal.persistence.TestDatabase;

/** Access profiles on a real embedded Derby; one database per class, one fresh tenant per test. */
class ProfileServiceImplTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String ADMIN = "admin:boss@broker.de";

    @TempDir
    static Path dataDir;
    static Database db;
    static TenantServiceImpl tenants;
    static ProfileServiceImpl profiles;

    @BeforeAll
    static void open() {
        db = TestDatabase.open(dataDir);
        tenants = new TenantServiceImpl(db, new AccessModel(db));
        profiles = profiles(new RightsCatalogImpl(List.of(new BuiltInRights())));
    }

    private static ProfileServiceImpl profiles(RightsCatalogImpl catalog) {
        return new ProfileServiceImpl(db, new AccessModel(db), tenants, catalog);
    }

    @AfterAll
    static void close() {
        TestDatabase.close(db);
    }

    private static String tenant(boolean delegatedAccess) {
        String id = "prof-" + SEQUENCE.incrementAndGet();
        tenants.put(id, "Broker " + id, "support");
        tenants.setDelegatedAccess(id, delegatedAccess, "support");
        return id;
    }

    private static ProfileDraft draft(String name, List<String> rights, String... delegable) {
        return new ProfileDraft(name, null, rights, Arrays.asList(delegable));
    }

    private static List<String> fields(ValidationException e) {
        return e.errors().stream().map(FieldError::field).toList();
    }

    // --- the feature switch -------------------------------------------------------------------

    @Test
    void everyOperationIsRefusedWhileDelegatedAccessIsOff() {
        String t = tenant(false);
        ProfileDraft d = draft("GF", List.of());
        List<Executable> calls = List.of(
            () -> profiles.create(t, d, ADMIN),
            () -> profiles.list(t),
            () -> profiles.get(t, "any"),
            () -> profiles.replace(t, "any", d, ADMIN),
            () -> profiles.delete(t, "any", ADMIN));
        for (Executable call : calls) {
            FeatureDisabledException e = assertThrows(FeatureDisabledException.class, call);
            assertEquals("feature-disabled", e.kind());
            assertTrue(e.getMessage().contains(t), e.getMessage());
        }
    }

    @Test
    void switchingTheFeatureOffKeepsTheProfilesForWhenItIsSwitchedOnAgain() {
        String t = tenant(true);
        AccessProfile gf = profiles.create(t, draft("GF", List.of("contracts.view")), ADMIN);
        tenants.setDelegatedAccess(t, false, "support");
        assertThrows(FeatureDisabledException.class, () -> profiles.get(t, gf.id()));
        tenants.setDelegatedAccess(t, true, "support");
        assertEquals(gf, profiles.get(t, gf.id()));
    }

    @Test
    void profilesOfAnUnknownTenantAreNotFound() {
        assertThrows(UnknownResourceException.class, () -> profiles.list("no-such-tenant"));
        assertThrows(UnknownResourceException.class, () -> profiles.create("no-such-tenant", draft("GF", List.of()), ADMIN));
    }

    // --- the happy path -----------------------------------------------------------------------

    @Test
    void aProfileCanBeCreatedListedReadReplacedAndDeleted() {
        String t = tenant(true);
        AccessProfile ma = profiles.create(t,
            new ProfileDraft("  MA ", "  Employee  ", List.of("documents.view", "contracts.view"), null), ADMIN);
        assertEquals(new AccessProfile(ma.id(), "MA", "Employee", List.of("contracts.view", "documents.view"), List.of()),
            ma);

        AccessProfile gf = profiles.create(t,
            new ProfileDraft("GF", "Managing director", List.of("messages.send", "claims.report"), List.of("MA")), ADMIN);
        assertEquals(List.of("claims.report", "messages.send"), gf.rights());
        assertEquals(List.of("MA"), gf.delegableProfiles());

        assertEquals(List.of(gf, ma), profiles.list(t));
        assertEquals(gf, profiles.get(t, gf.id()));

        AccessProfile replaced = profiles.replace(t, ma.id(),
            new ProfileDraft("MA", null, List.of("claims.view"), List.of()), ADMIN);
        assertEquals(new AccessProfile(ma.id(), "MA", "", List.of("claims.view"), List.of()), replaced);
        assertEquals(replaced, profiles.get(t, ma.id()));

        profiles.replace(t, gf.id(), new ProfileDraft("GF", "Managing director", List.of("messages.send"), List.of()),
            ADMIN);
        profiles.delete(t, ma.id(), ADMIN);
        assertThrows(UnknownResourceException.class, () -> profiles.get(t, ma.id()));
        assertEquals(List.of("GF"), profiles.list(t).stream().map(AccessProfile::name).toList());
    }

    @Test
    void listIsSortedByNameRegardlessOfCase() {
        String t = tenant(true);
        profiles.create(t, draft("beta", List.of()), ADMIN);
        profiles.create(t, draft("Gamma", List.of()), ADMIN);
        profiles.create(t, draft("Alpha", List.of()), ADMIN);
        assertEquals(List.of("Alpha", "beta", "Gamma"), profiles.list(t).stream().map(AccessProfile::name).toList());
    }

    @Test
    void aRightListedTwiceIsKeptOnce() {
        String t = tenant(true);
        AccessProfile p = profiles.create(t, draft("GF", List.of("claims.view", "claims.view")), ADMIN);
        assertEquals(List.of("claims.view"), p.rights());
    }

    @Test
    void anEmptyListOfRightsIsAllowedButAMissingOneIsNot() {
        String t = tenant(true);
        assertEquals(List.of(), profiles.create(t, draft("Empty", List.of()), ADMIN).rights());
        ValidationException e = assertThrows(ValidationException.class,
            () -> profiles.create(t, new ProfileDraft("NoRights", null, null, null), ADMIN));
        assertEquals(List.of("rights"), fields(e));
    }

    @Test
    void aMissingDraftIsRefusedAsAMissingBody() {
        String t = tenant(true);
        assertEquals(List.of("body"), fields(assertThrows(ValidationException.class,
            () -> profiles.create(t, null, ADMIN))));
    }

    // --- names --------------------------------------------------------------------------------

    @Test
    void profileNamesAreUniqueRegardlessOfCase() {
        String t = tenant(true);
        profiles.create(t, draft("GF", List.of()), ADMIN);
        assertThrows(ConflictException.class, () -> profiles.create(t, draft("gf", List.of()), ADMIN));
        assertThrows(ConflictException.class, () -> profiles.create(t, draft(" GF ", List.of()), ADMIN));
        assertEquals(1, profiles.list(t).size());
    }

    @Test
    void renamingOntoAnotherProfilesNameIsAConflict() {
        String t = tenant(true);
        profiles.create(t, draft("GF", List.of()), ADMIN);
        AccessProfile ma = profiles.create(t, draft("MA", List.of()), ADMIN);
        assertThrows(ConflictException.class, () -> profiles.replace(t, ma.id(), draft("Gf", List.of()), ADMIN));
        assertEquals("MA", profiles.get(t, ma.id()).name());
    }

    @Test
    void aProfileMayBeReplacedUnderItsOwnNameOrAChangeOfItsCase() {
        String t = tenant(true);
        AccessProfile gf = profiles.create(t, draft("GF", List.of()), ADMIN);
        assertEquals("GF", profiles.replace(t, gf.id(), draft("GF", List.of("claims.view")), ADMIN).name());
        assertEquals("gf", profiles.replace(t, gf.id(), draft("gf", List.of("claims.view")), ADMIN).name());
    }

    @Test
    void theSameNameMayBeUsedInAnotherTenant() {
        String one = tenant(true);
        String two = tenant(true);
        profiles.create(one, draft("GF", List.of()), ADMIN);
        assertEquals("GF", profiles.create(two, draft("GF", List.of()), ADMIN).name());
    }

    @Test
    void invalidNameAndDescriptionAreRefusedNamingTheFields() {
        String t = tenant(true);
        assertEquals(List.of("name"), fields(assertThrows(ValidationException.class,
            () -> profiles.create(t, draft("GF/MA", List.of()), ADMIN))));
        assertEquals(List.of("name"), fields(assertThrows(ValidationException.class,
            () -> profiles.create(t, draft("n".repeat(101), List.of()), ADMIN))));
        assertEquals(List.of("name"), fields(assertThrows(ValidationException.class,
            () -> profiles.create(t, draft("  ", List.of()), ADMIN))));
        assertEquals(List.of("description"), fields(assertThrows(ValidationException.class,
            () -> profiles.create(t, new ProfileDraft("GF", "d".repeat(1001), List.of(), null), ADMIN))));
        assertEquals(List.of(), profiles.list(t));

        AccessProfile longest = profiles.create(t,
            new ProfileDraft("n".repeat(100), "d".repeat(1000), List.of(), null), ADMIN);
        assertEquals(longest, profiles.get(t, longest.id()));
    }

    @Test
    void aValidNameWhoseLowerCaseIsLongerIsStoredOrRefusedCleanly() {
        String t = tenant(true);
        String name = "\u0130".repeat(100);
        try {
            assertEquals(name, profiles.create(t, draft(name, List.of()), ADMIN).name());
        } catch (ValidationException refused) {
            assertEquals(List.of("name"), fields(refused));
        }
    }

    // --- rights and delegable profiles --------------------------------------------------------

    @Test
    void unknownRightsAreRefusedNamingTheirIndex() {
        String t = tenant(true);
        ValidationException e = assertThrows(ValidationException.class, () -> profiles.create(t,
            draft("GF", Arrays.asList("contracts.view", "contracts.delete", null, "documents.view")), ADMIN));
        assertEquals(List.of("rights[1]", "rights[2]"), fields(e));
        assertTrue(e.errors().get(0).message().contains("contracts.delete"));
    }

    @Test
    void unknownDelegableProfilesAreRefusedNamingTheirIndex() {
        String t = tenant(true);
        profiles.create(t, draft("MA", List.of()), ADMIN);
        ValidationException e = assertThrows(ValidationException.class,
            () -> profiles.create(t, draft("GF", List.of(), "MA", "Azubi", null), ADMIN));
        assertEquals(List.of("delegableProfiles[1]", "delegableProfiles[2]"), fields(e));
    }

    @Test
    void allErrorsOfADraftAreReportedTogether() {
        String t = tenant(true);
        ValidationException e = assertThrows(ValidationException.class,
            () -> profiles.create(t, draft("a/b", List.of("nope.nope"), "Ghost"), ADMIN));
        assertEquals(List.of("name", "rights[0]", "delegableProfiles[0]"), fields(e));
    }

    @Test
    void delegableProfilesAreNamedCaseInsensitivelyAndShownByTheirName() {
        String t = tenant(true);
        profiles.create(t, draft("MA", List.of()), ADMIN);
        AccessProfile gf = profiles.create(t, draft("GF", List.of(), " ma "), ADMIN);
        assertEquals(List.of("MA"), gf.delegableProfiles());
    }

    @Test
    void aProfileMayListItselfAsDelegableWhenCreated() {
        String t = tenant(true);
        AccessProfile gf = profiles.create(t, draft("GF", List.of("contracts.view"), "gf"), ADMIN);
        assertEquals(List.of("GF"), gf.delegableProfiles());
        assertEquals(List.of("GF"), profiles.get(t, gf.id()).delegableProfiles());
    }

    @Test
    void aProfileMayListItselfAsDelegableWhenReplaced() {
        String t = tenant(true);
        profiles.create(t, draft("MA", List.of()), ADMIN);
        AccessProfile gf = profiles.create(t, draft("GF", List.of(), "MA"), ADMIN);
        assertEquals(List.of("GF", "MA"), profiles.replace(t, gf.id(), draft("GF", List.of(), "MA", "GF"), ADMIN)
            .delegableProfiles());
    }

    @Test
    void cyclesBetweenProfilesAreAllowed() {
        String t = tenant(true);
        AccessProfile a = profiles.create(t, draft("A", List.of()), ADMIN);
        profiles.create(t, draft("B", List.of(), "A"), ADMIN);
        assertEquals(List.of("B"), profiles.replace(t, a.id(), draft("A", List.of(), "B"), ADMIN).delegableProfiles());
    }

    @Test
    void renamingAProfileKeepsTheLinksOfProfilesThatListIt() {
        String t = tenant(true);
        AccessProfile ma = profiles.create(t, draft("MA", List.of()), ADMIN);
        AccessProfile gf = profiles.create(t, draft("GF", List.of(), "MA", "GF"), ADMIN);

        profiles.replace(t, ma.id(), draft("Mitarbeiter", List.of()), ADMIN);
        assertEquals(List.of("GF", "Mitarbeiter"), profiles.get(t, gf.id()).delegableProfiles());

        profiles.replace(t, gf.id(), draft("Geschäftsführer", List.of(), "Mitarbeiter", "Geschäftsführer"), ADMIN);
        assertEquals(List.of("Geschäftsführer", "Mitarbeiter"), profiles.get(t, gf.id()).delegableProfiles());
    }

    @Test
    void aProfileIsNotDeletedWhileAnotherListsItAsDelegable() {
        String t = tenant(true);
        AccessProfile ma = profiles.create(t, draft("MA", List.of()), ADMIN);
        AccessProfile gf = profiles.create(t, draft("GF", List.of(), "MA"), ADMIN);

        ConflictException e = assertThrows(ConflictException.class, () -> profiles.delete(t, ma.id(), ADMIN));
        assertTrue(e.getMessage().contains("GF"), e.getMessage());
        assertEquals(ma, profiles.get(t, ma.id()));

        profiles.replace(t, gf.id(), draft("GF", List.of()), ADMIN);
        profiles.delete(t, ma.id(), ADMIN);
        assertThrows(UnknownResourceException.class, () -> profiles.get(t, ma.id()));
    }

    @Test
    void aProfileThatListsOnlyItselfCanBeDeleted() {
        String t = tenant(true);
        AccessProfile gf = profiles.create(t, draft("GF", List.of(), "GF"), ADMIN);
        profiles.delete(t, gf.id(), ADMIN);
        assertEquals(List.of(), profiles.list(t));
        // and its name is free again
        assertEquals("GF", profiles.create(t, draft("GF", List.of()), ADMIN).name());
    }

    @Test
    void aRightOfAPartnerProviderIsAcceptedWhileThatProviderIsPresent() {
        String t = tenant(true);
        RightProvider partner = () -> List.of(new Right("partner.reports", "Partner reports"));
        ProfileServiceImpl withPartner = profiles(
            new RightsCatalogImpl(List.of(new BuiltInRights(), partner)));

        AccessProfile p = withPartner.create(t, draft("Reporter", List.of("partner.reports", "contracts.view")), ADMIN);
        assertEquals(List.of("contracts.view", "partner.reports"), p.rights());

        assertEquals(List.of("rights[0]"), fields(assertThrows(ValidationException.class,
            () -> profiles.create(t, draft("Other", List.of("partner.reports")), ADMIN))));
    }

    @Test
    void aLongPartnerRightIdIsStoredOrRefusedCleanly() {
        String t = tenant(true);
        String longId = "partner." + "r".repeat(100);
        RightProvider partner = () -> List.of(new Right(longId, "Long"));
        ProfileServiceImpl withPartner = profiles(
            new RightsCatalogImpl(List.of(new BuiltInRights(), partner)));
        try {
            assertEquals(List.of(longId), withPartner.create(t, draft("Long", List.of(longId)), ADMIN).rights());
        } catch (ValidationException refused) {
            assertEquals(List.of("rights[0]"), fields(refused));
        }
    }

    // --- tenancy ------------------------------------------------------------------------------

    @Test
    void anotherTenantsProfileIdIsNotFound() {
        String mine = tenant(true);
        String theirs = tenant(true);
        AccessProfile foreign = profiles.create(theirs, draft("GF", List.of("contracts.view")), ADMIN);

        assertThrows(UnknownResourceException.class, () -> profiles.get(mine, foreign.id()));
        assertThrows(UnknownResourceException.class,
            () -> profiles.replace(mine, foreign.id(), draft("Stolen", List.of()), ADMIN));
        assertThrows(UnknownResourceException.class, () -> profiles.delete(mine, foreign.id(), ADMIN));
        assertEquals(List.of(), profiles.list(mine));
        assertEquals(foreign, profiles.get(theirs, foreign.id()));
    }

    @Test
    void anotherTenantsProfileCannotBeListedAsDelegable() {
        String mine = tenant(true);
        String theirs = tenant(true);
        profiles.create(theirs, draft("MA", List.of()), ADMIN);
        assertEquals(List.of("delegableProfiles[0]"), fields(assertThrows(ValidationException.class,
            () -> profiles.create(mine, draft("GF", List.of(), "MA"), ADMIN))));
    }

    @Test
    void unknownProfileIdsAreNotFound() {
        String t = tenant(true);
        assertThrows(UnknownResourceException.class, () -> profiles.get(t, "no-such-id"));
        assertThrows(UnknownResourceException.class, () -> profiles.replace(t, "no-such-id", draft("X", List.of()), ADMIN));
        assertThrows(UnknownResourceException.class, () -> profiles.delete(t, "no-such-id", ADMIN));
        assertThrows(UnknownResourceException.class, () -> profiles.get(t, null));
    }
}
