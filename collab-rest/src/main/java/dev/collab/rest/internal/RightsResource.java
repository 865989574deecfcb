package dev.collab.rest.internal;

import java.util.List;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.collab.api.profiles.RightsCatalog;

/** The rights catalog an admin picks from, partner rights included. */
@Component(service = RightsResource.class)
@Path("tenants/{tenantId}/rights")
@Produces(MediaType.APPLICATION_JSON)
public final class RightsResource {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile RightsCatalog catalog;

    /** Each right titled in the caller's language ({@code Accept-Language}, English by default). */
    @GET
    public Map<String, List<RightView>> list(@PathParam("tenantId") String tenantId, @Context SecurityContext security,
        @Context HttpHeaders headers) {
        Guard.admin(security, tenantId);
        String language = ProblemTexts.language(headers);
        return Map.of("items", Guard.need(catalog, "rights catalog").rights().stream()
            .map(r -> new RightView(r.id(), r.title(language))).toList());
    }

    /** A right as the contract shows it: its id and one title. */
    record RightView(String id, String title) {
    }
}
