package dev.collab.rest.internal;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.collab.api.audit.AuditEntry;
import dev.collab.api.audit.AuditLog;

/** The tenant's audit trail, oldest first, paged by entry id. */
@Component(service = AuditResource.class)
@Path("tenants/{tenantId}/audit")
@Produces(MediaType.APPLICATION_JSON)
public final class AuditResource {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile AuditLog audit;

    @GET
    public Page<Views.AuditEntryView> list(@PathParam("tenantId") String tenantId, @QueryParam("limit") String limit,
        @QueryParam("cursor") String cursor, @Context SecurityContext security) {
        Guard.admin(security, tenantId);
        AuditLog log = Guard.need(audit, "audit");
        Page<AuditEntry> page = Page.afterId(limit, cursor, (afterId, max) -> log.entries(tenantId, afterId, max),
            AuditEntry::id);
        List<Views.AuditEntryView> items = page.items().stream().map(Views.AuditEntryView::of).toList();
        return new Page<>(items, page.nextCursor());
    }
}
