package dev.collab.partner.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.ws.rs.core.SecurityContext;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.collab.api.NotPermittedException;
import dev.collab.api.TemporarilyUnavailableException;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.access.AccessDecisions;
import dev.collab.api.access.Decision;
import dev.collab.api.access.EffectiveAccess;
import dev.collab.api.customers.Customer;
import dev.collab.api.customers.CustomerDirectory;

class InvoiceResourceTest {
    private final List<String> asked = new ArrayList<>();
    private InvoiceResource resource;

    /** Mia of tenant acme may view the invoices of K1 only. */
    @BeforeEach
    void resource() {
        resource = new InvoiceResource();
        resource.access = new AccessDecisions() {
            @Override
            public boolean isAllowed(String tenantId, String user, String rightId, String customerId) {
                asked.add(String.join("|", tenantId, user, rightId, customerId));
                return "acme".equals(tenantId) && "mia@firma.example".equals(user) && "invoices.view".equals(rightId)
                    && "K1".equals(customerId);
            }

            @Override
            public Decision decide(String tenantId, String user, String rightId, String customerId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public EffectiveAccess effectiveAccess(String tenantId, String user) {
                throw new UnsupportedOperationException();
            }
        };
        resource.customers = new CustomerDirectory() {
            private final List<Customer> acme = List.of(new Customer("K1", "Kunde 1"), new Customer("K2", "Kunde 2"));

            @Override
            public List<Customer> list(String tenantId) {
                return "acme".equals(tenantId) ? acme : List.of();
            }

            @Override
            public Map<String, Customer> find(String tenantId, Collection<String> ids) {
                return list(tenantId).stream().filter(c -> ids.contains(c.id())).collect(Collectors.toMap(Customer::id, c -> c));
            }
        };
    }

    private static SecurityContext as(String login) {
        return new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return () -> login;
            }

            @Override
            public boolean isUserInRole(String role) {
                return false;
            }

            @Override
            public boolean isSecure() {
                return false;
            }

            @Override
            public String getAuthenticationScheme() {
                return BASIC_AUTH;
            }
        };
    }

    @Test
    void anAllowedCallerGetsTheCustomersInvoicesAndTheDecisionIsTheSuites() {
        Invoices invoices = resource.list("acme", "K1", null, as("mia@firma.example"));
        assertEquals(new Customer("K1", "Kunde 1"), invoices.customer());
        assertFalse(invoices.items().isEmpty());
        assertNull(invoices.nextCursor());
        assertEquals(List.of("acme|mia@firma.example|invoices.view|K1"), asked);
        assertEquals(invoices, resource.list("acme", "K1", null, as("mia@firma.example")), "the same request, the same invoices");
    }

    @Test
    void aCustomerOutsideTheCallersAccessIsForbidden() {
        assertThrows(NotPermittedException.class, () -> resource.list("acme", "K2", null, as("mia@firma.example")));
        assertThrows(NotPermittedException.class, () -> resource.list("acme", "K1", null, as("max@firma.example")));
    }

    @Test
    void aCustomerTheHostDoesNotKnowIsNotFound() {
        assertThrows(UnknownResourceException.class, () -> resource.list("acme", "K9", null, as("mia@firma.example")));
        assertThrows(UnknownResourceException.class, () -> resource.list("other", "K1", null, as("mia@firma.example")));
    }

    @Test
    void theStatusFiltersAndAnUnknownStatusIsInvalid() {
        List<Invoice> all = resource.list("acme", "K1", null, as("mia@firma.example")).items();
        List<Invoice> open = resource.list("acme", "K1", "open", as("mia@firma.example")).items();
        assertEquals(all.stream().filter(i -> i.status().equals("open")).toList(), open);
        assertEquals(1, open.size(), "the newest invoice is open");
        ValidationException invalid = assertThrows(ValidationException.class,
            () -> resource.list("acme", "K1", "late", as("mia@firma.example")));
        assertEquals("status", invalid.errors().get(0).field());
    }

    @Test
    void withoutTheSuitesServicesTheAnswerIs503() {
        resource.access = null;
        assertThrows(TemporarilyUnavailableException.class, () -> resource.list("acme", "K1", null, as("mia@firma.example")));
    }

    @Test
    void everyCustomerHasOneToThreeInvoicesTheNewestOpen() {
        DemoInvoices demo = new DemoInvoices();
        for (String customer : Set.of("A", "B", "C", "K1", "K2", "4711", "kunde-mit-langer-id")) {
            List<Invoice> invoices = demo.of("acme", customer);
            assertTrue(invoices.size() >= 1 && invoices.size() <= 3, customer + ": " + invoices);
            assertEquals("open", invoices.get(invoices.size() - 1).status());
            assertTrue(invoices.stream().allMatch(i -> i.amount().signum() > 0 && i.amount().scale() == 2));
            assertEquals(invoices, demo.of("acme", customer));
        }
    }
}
