package dev.collab.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.collab.api.FieldError;
import dev.collab.api.ValidationException;
import dev.collab.api.customers.Customer;
import dev.collab.api.customers.CustomerChange;

class CustomerDirectoryImplTest {
    @TempDir
    Path dataDir;
    private HostStore store;
    private CustomerDirectoryImpl directory;

    @BeforeEach
    void open() {
        store = TestStore.open(dataDir);
        directory = new CustomerDirectoryImpl(store);
    }

    @AfterEach
    void close() {
        TestStore.close(store);
    }

    @Test
    void theDemoDirectoryIsWritable() {
        assertTrue(directory.isWritable());
    }

    @Test
    void aNewIdIsCreatedAndTheSameIdAgainIsARename() {
        assertEquals(new CustomerChange(new Customer("c-1", "Müller GmbH"), true), directory.put("acme", "c-1", "Müller GmbH"));
        assertEquals(new CustomerChange(new Customer("c-1", "Müller AG"), false), directory.put("acme", "c-1", "Müller AG"));
        assertEquals(List.of(new Customer("c-1", "Müller AG")), directory.list("acme"));
    }

    @Test
    void theNameIsStoredTrimmed() {
        assertEquals("Schmidt KG", directory.put("acme", "c-1", "  Schmidt KG \t").customer().name());
        assertEquals("Schmidt KG", directory.find("acme", List.of("c-1")).get("c-1").name());
    }

    @Test
    void theListIsOrderedById() {
        directory.put("acme", "b", "B");
        directory.put("acme", "C", "C upper");
        directory.put("acme", "a", "A");
        directory.put("acme", "a.2", "A2");
        assertEquals(List.of("C", "a", "a.2", "b"), directory.list("acme").stream().map(Customer::id).toList());
    }

    @Test
    void anUnknownTenantHasNoCustomers() {
        assertEquals(List.of(), directory.list("nobody"));
        assertEquals(List.of(), directory.list(null));
        assertEquals(Map.of(), directory.find(null, List.of("c-1")));
    }

    @Test
    void findAnswersTheKnownIdsAndLeavesOutUnknownAndMalformedOnes() {
        directory.put("acme", "c-1", "One");
        directory.put("acme", "c-2", "Two");
        directory.put("acme", "c-3", "Three");
        Map<String, Customer> found = directory.find("acme", Arrays.asList("c-3", "c-1", "unknown", "not valid!", null, "c-1"));
        assertEquals(Map.of("c-1", new Customer("c-1", "One"), "c-3", new Customer("c-3", "Three")), found);
        assertEquals(Map.of(), directory.find("acme", List.of()));
        assertEquals(Map.of(), directory.find("acme", null));
    }

    @Test
    void findWorksForMoreIdsThanOneQueryTakes() {
        List<String> ids = IntStream.range(0, 250).mapToObj(i -> String.format("c%03d", i)).toList();
        ids.forEach(id -> directory.put("acme", id, "Customer " + id));
        List<String> asked = new ArrayList<>(ids);
        asked.add("missing");
        Map<String, Customer> found = directory.find("acme", asked);
        assertEquals(250, found.size());
        assertEquals(ids.stream().collect(Collectors.toMap(id -> id, id -> new Customer(id, "Customer " + id))), found);
    }

    @Test
    void theSameIdInTwoTenantsIsTwoCustomers() {
        assertTrue(directory.put("acme", "c-1", "Acme's customer").created());
        assertTrue(directory.put("globex", "c-1", "Globex's customer").created());
        directory.put("globex", "c-1", "Globex renamed");
        assertEquals(List.of(new Customer("c-1", "Acme's customer")), directory.list("acme"));
        assertEquals(List.of(new Customer("c-1", "Globex renamed")), directory.list("globex"));
        assertEquals("Acme's customer", directory.find("acme", List.of("c-1")).get("c-1").name());
        directory.put("globex", "only-globex", "G");
        assertEquals(Map.of(), directory.find("acme", List.of("only-globex")));
    }

    @Test
    void idsAreCaseSensitive() {
        directory.put("acme", "abc", "lower");
        assertTrue(directory.put("acme", "ABC", "upper").created());
        assertEquals(2, directory.list("acme").size());
    }

    @Test
    void anIdOf64CharactersAndANameOf200AreAccepted() {
        String id = "a".repeat(64);
        String name = "n".repeat(200);
        assertEquals(new Customer(id, name), directory.put("acme", id, name).customer());
        assertEquals(name, directory.find("acme", List.of(id)).get(id).name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "with space", "slash/", "ümlaut", "semi;colon", "x@y"})
    void aMalformedCustomerIdIsRefused(String id) {
        assertFields(List.of("customerId"), () -> directory.put("acme", id, "Name"));
        assertEquals(List.of(), directory.list("acme"));
    }

    @Test
    void aMissingOrTooLongCustomerIdIsRefused() {
        assertFields(List.of("customerId"), () -> directory.put("acme", null, "Name"));
        assertFields(List.of("customerId"), () -> directory.put("acme", "a".repeat(65), "Name"));
    }

    @Test
    void aMissingBlankTooLongOrControlCharacterNameIsRefused() {
        assertFields(List.of("name"), () -> directory.put("acme", "c-1", null));
        assertFields(List.of("name"), () -> directory.put("acme", "c-1", "   "));
        assertFields(List.of("name"), () -> directory.put("acme", "c-1", "n".repeat(201)));
        assertFields(List.of("name"), () -> directory.put("acme", "c-1", "two\nlines"));
        assertFields(List.of("name"), () -> directory.put("acme", "c-1", "be\u0007ll"));
        assertFields(List.of("name"), () -> directory.put("acme", "c-1", "c1\u0085control"));
        assertEquals(List.of(), directory.list("acme"));
    }

    @Test
    void aTooLongNameIsMeasuredAfterTrimming() {
        assertEquals(200, directory.put("acme", "c-1", "  " + "n".repeat(200) + "  ").customer().name().length());
    }

    @Test
    void everyOffendingFieldIsReported() {
        assertFields(List.of("tenantId", "customerId", "name"), () -> directory.put(null, "bad id", ""));
    }

    @Test
    void aRefusedRenameKeepsTheOldName() {
        directory.put("acme", "c-1", "Old");
        assertThrows(ValidationException.class, () -> directory.put("acme", "c-1", "\t"));
        assertEquals(List.of(new Customer("c-1", "Old")), directory.list("acme"));
        assertFalse(directory.put("acme", "c-1", "New").created());
    }

    @Test
    void aRenameIsSeenByTheNextReadThoughTheTenantIsHeldInMemory() {
        directory.put("acme", "c-1", "Old");
        directory.put("acme", "c-2", "Two");
        assertEquals("Old", directory.find("acme", List.of("c-1")).get("c-1").name());
        assertEquals(2, directory.list("acme").size());
        directory.put("acme", "c-1", "New");
        directory.put("acme", "c-0", "Zero");
        assertEquals("New", directory.find("acme", List.of("c-1")).get("c-1").name());
        assertEquals(List.of(new Customer("c-0", "Zero"), new Customer("c-1", "New"), new Customer("c-2", "Two")), directory.list("acme"));
    }

    @Test
    void aTenantLargerThanTheCacheIsAnsweredFromTheDatabase() {
        CustomerDirectoryImpl small = new CustomerDirectoryImpl(store, 5);
        List<String> ids = IntStream.range(0, 8).mapToObj(i -> "c" + i).toList();
        ids.forEach(id -> small.put("big", id, "Customer " + id));
        small.put("tiny", "t1", "Tiny");
        assertEquals(8, small.find("big", ids).size());
        assertEquals(ids, small.list("big").stream().map(Customer::id).toList());
        small.put("big", "c3", "Renamed");
        assertEquals("Renamed", small.find("big", List.of("c3")).get("c3").name());
        assertEquals(List.of(new Customer("t1", "Tiny")), small.list("tiny"));
    }

    private static void assertFields(List<String> fields, Runnable call) {
        ValidationException e = assertThrows(ValidationException.class, call::run);
        assertEquals(fields, e.errors().stream().map(FieldError::field).toList(), e::getMessage);
    }
}
