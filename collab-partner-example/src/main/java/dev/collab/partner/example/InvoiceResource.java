package dev.collab.partner.example;

import java.security.Principal;
import java.util.List;
import java.util.Set;

import javax.ws.rs.GET;
import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.JaxrsWhiteboardConstants;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import dev.collab.api.CollabRest;
import dev.collab.api.NotPermittedException;
import dev.collab.api.TemporarilyUnavailableException;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.access.AccessDecisions;
import dev.collab.api.customers.Customer;
import dev.collab.api.customers.CustomerDirectory;

/**
 * The partner's invoices of a customer, as an endpoint of the suite's REST API:
 * {@code GET /tenants/{tenantId}/invoices/{customerId}[?status=open|paid]}. Selecting the suite's
 * application puts it behind the application's authentication filter (401 without credentials,
 * the caller in the {@link SecurityContext}), its JSON provider and its problem+json mapping of
 * every exception, the suite's own ones by kind. The suite decides who sees what: the caller
 * needs the right {@code invoices.view} ({@link InvoiceRights}) on that customer.
 * <p>
 * No {@code @JSONRequired}: the suite's JSON provider is part of its application, not a
 * whiteboard extension, so that requirement would never be satisfied. The path parameter is
 * named {@code tenantId} because the authentication filter reads the tenant from it: accounts
 * belong to one tenant.
 * <p>
 * Both references are mandatory, so DS withdraws the resource (404) while the access decisions
 * or the customer directory are gone, and dynamic, so that a better-ranked replacement (a host's
 * own directory) swaps in without unpublishing the resource, which would republish the whole
 * application.
 */
@Component(service = InvoiceResource.class)
@JaxrsResource
@JaxrsName(InvoiceResource.NAME)
@JaxrsApplicationSelect("(" + JaxrsWhiteboardConstants.JAX_RS_NAME + "=" + CollabRest.APP + ")")
@Path("tenants/{tenantId}/invoices")
@Produces(MediaType.APPLICATION_JSON)
public final class InvoiceResource {
    /** The resource's {@code osgi.jaxrs.name}, under which the whiteboard's runtime DTOs list it. */
    static final String NAME = "dev.collab.partner.example.invoices";
    private static final Set<String> STATUSES = Set.of("open", "paid");

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile AccessDecisions access;

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CustomerDirectory customers;

    private final DemoInvoices invoices = new DemoInvoices();

    /**
     * A customer the host does not know is 404, one the caller may not see is 403, so a client
     * can tell a wrong id from missing access. That tells the tenant's users which ids exist, but
     * nothing more: the customer's name and invoices are only in the answer of an allowed request.
     */
    @GET
    @Path("{customerId}")
    public Invoices list(@PathParam("tenantId") String tenantId, @PathParam("customerId") String customerId,
        @QueryParam("status") String status, @Context SecurityContext security) {
        String caller = caller(security);
        Customer customer = need(customers, "customer directory").find(tenantId, List.of(customerId)).get(customerId);
        if (customer == null) {
            throw new UnknownResourceException("Tenant '" + tenantId + "' has no customer '" + customerId + "'.");
        }
        if (!need(access, "access decision").isAllowed(tenantId, caller, InvoiceRights.VIEW, customerId)) {
            throw new NotPermittedException("You may not view the invoices of customer '" + customerId + "'.");
        }
        if (status != null && !STATUSES.contains(status)) {
            throw new ValidationException("status", "The status is 'open' or 'paid'.");
        }
        List<Invoice> items = invoices.of(tenantId, customerId).stream()
            .filter(invoice -> status == null || invoice.status().equals(status)).toList();
        return new Invoices(customer, items, null);
    }

    /**
     * The login the suite's authentication filter put into the request, an e-mail as
     * {@link AccessDecisions} takes it. Without the filter (the resource outside the suite's
     * application) there is none, and nothing is shown.
     */
    private static String caller(SecurityContext security) {
        Principal principal = security == null ? null : security.getUserPrincipal();
        if (principal == null) {
            throw new NotAuthorizedException("Basic realm=\"collab\"");
        }
        return principal.getName();
    }

    /**
     * Between a service's departure and DS withdrawing this resource, a request may still
     * arrive: 503, as the suite answers while a part is out.
     */
    private static <T> T need(T service, String part) {
        if (service == null) {
            throw new TemporarilyUnavailableException("The " + part + " service is not available right now; retry shortly.");
        }
        return service;
    }
}
