package dev.collab.rest.internal;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.collab.api.customers.Customer;
import dev.collab.api.customers.CustomerChange;
import dev.collab.api.customers.CustomerDirectory;

/**
 * The tenant's customers as the host's directory has them. The embedded demo directory
 * accepts writes; a host's directory is read-only here and answers 405.
 */
@Component(service = CustomerResource.class)
@Path("tenants/{tenantId}/customers")
@Produces(MediaType.APPLICATION_JSON)
public final class CustomerResource {
    static final String READ_ONLY = "The customer directory is owned by the host and cannot be changed here.";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CustomerDirectory customers;

    @PUT
    @Path("{customerId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("tenantId") String tenantId, @PathParam("customerId") String customerId,
        Bodies.CustomerBody body, @Context SecurityContext security) {
        Guard.admin(security, tenantId);
        Bodies.require(body);
        CustomerDirectory directory = service();
        if (!directory.isWritable()) {
            throw new UnsupportedOperationException(READ_ONLY);
        }
        CustomerChange change;
        try {
            change = directory.put(tenantId, customerId, body.name());
        } catch (UnsupportedOperationException e) {
            throw new UnsupportedOperationException(READ_ONLY, e);
        }
        return Response.status(change.created() ? 201 : 200).entity(change.customer()).build();
    }

    @GET
    public Page<Customer> list(@PathParam("tenantId") String tenantId, @QueryParam("limit") String limit,
        @QueryParam("cursor") String cursor, @Context SecurityContext security) {
        Guard.admin(security, tenantId);
        return Page.of(service().list(tenantId), limit, cursor);
    }

    private CustomerDirectory service() {
        return Guard.need(customers, "customer directory");
    }
}
