package dev.collab.rest.internal;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.StreamingOutput;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.collab.api.FieldError;
import dev.collab.api.ValidationException;
import dev.collab.api.audit.AuditEntry;
import dev.collab.api.audit.AuditLog;
import dev.collab.api.audit.AuditQuery;
import dev.collab.texts.Csv;

/**
 * The tenant's audit trail, oldest first, paged by entry id, filtered by time range, actor,
 * action and target; as JSON pages or, for the same query, as one CSV download.
 */
@Component(service = AuditResource.class)
@Path("tenants/{tenantId}/audit")
@Produces(MediaType.APPLICATION_JSON)
public final class AuditResource {
    static final String CSV = "text/csv";
    /** Rows read per query while a CSV download streams. */
    private static final int CSV_CHUNK = 500;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile AuditLog audit;

    /**
     * One page as JSON, or, when the client prefers {@code text/csv}, every entry of the same
     * query (from {@code cursor} on, at most {@code limit} when given) as one CSV file. A client
     * that accepts anything gets JSON.
     */
    @GET
    @Produces({MediaType.APPLICATION_JSON, CSV})
    public Response list(@PathParam("tenantId") String tenantId, @QueryParam("limit") String limit,
        @QueryParam("cursor") String cursor, @QueryParam("from") String from, @QueryParam("to") String to,
        @QueryParam("actor") String actor, @QueryParam("action") String action, @QueryParam("target") String target,
        @Context SecurityContext security, @Context HttpHeaders headers) {
        Guard.admin(security, tenantId);
        AuditLog log = Guard.need(audit, "audit");
        AuditQuery query = query(from, to, actor, action, target);
        if (prefersCsv(headers)) {
            return csv(tenantId, log, query, limit, cursor);
        }
        Page<AuditEntry> page = Page.afterId(limit, cursor, (afterId, max) -> log.entries(tenantId, query, afterId, max),
            AuditEntry::id);
        List<Views.AuditEntryView> items = page.items().stream().map(Views.AuditEntryView::of).toList();
        return Response.ok(new Page<>(items, page.nextCursor()), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * Whether the first of the client's acceptable types (by quality, then specificity) that
     * this resource can produce is CSV. Only the Accept header counts: CXF's selectVariant also
     * parses Accept-Language and failed with an index error on a hostile one (a 500 where the
     * language does not even matter).
     */
    static boolean prefersCsv(HttpHeaders headers) {
        List<MediaType> acceptable;
        try {
            acceptable = headers == null ? List.of() : headers.getAcceptableMediaTypes();
        } catch (RuntimeException unreadable) {
            return false;
        }
        MediaType csv = MediaType.valueOf(CSV);
        for (MediaType type : acceptable) {
            if (!type.isWildcardType() && !type.isWildcardSubtype() && type.isCompatible(csv)) {
                return true;
            }
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
        }
        return false;
    }

    /** The rows are read in chunks while they are written, so a long trail is never held in memory. */
    private static Response csv(String tenantId, AuditLog log, AuditQuery query, String limit, String cursor) {
        long start = Page.decodeId(cursor);
        long max = limit == null || limit.isBlank() ? Long.MAX_VALUE : Page.size(limit);
        // Read before streaming: an unknown tenant is a problem answer, not a broken download.
        List<AuditEntry> first = log.entries(tenantId, query, start, (int) Math.min(CSV_CHUNK, max));
        StreamingOutput body = out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            writer.write("id,at,actor,action,target,details\r\n");
            List<AuditEntry> chunk = first;
            long written = 0;
            while (!chunk.isEmpty()) {
                for (AuditEntry e : chunk) {
                    writer.write(Long.toString(e.id()) + ',' + e.at() + ',' + Csv.cell(e.actor()) + ',' + Csv.cell(e.action()) + ','
                        + Csv.cell(e.target()) + ',' + Csv.cell(e.details()) + "\r\n");
                }
                written += chunk.size();
                if (written >= max || chunk.size() < CSV_CHUNK) {
                    break;
                }
                chunk = log.entries(tenantId, query, chunk.get(chunk.size() - 1).id(), (int) Math.min(CSV_CHUNK, max - written));
            }
            writer.flush();
        };
        return Response.ok(body, CSV + ";charset=UTF-8")
            .header("Content-Disposition", "attachment; filename=\"audit-" + tenantId + ".csv\"").build();
    }

    static AuditQuery query(String from, String to, String actor, String action, String target) {
        List<FieldError> errors = new ArrayList<>();
        Instant start = instant("from", from, errors);
        Instant end = instant("to", to, errors);
        if (start != null && end != null && !start.isBefore(end)) {
            errors.add(FieldError.of("to", "audit.toBeforeFrom", "to must be later than from."));
        }
        for (String[] text : new String[][] {{"actor", actor}, {"action", action}, {"target", target}}) {
            if (text[1] != null && text[1].length() > 200) {
                errors.add(FieldError.of(text[0], "field.tooLong", text[0] + " may have at most 200 characters.", text[0], 200));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new AuditQuery(start, end, actor, action, target);
    }

    /** An ISO-8601 instant with offset ({@code 2026-11-29T08:00:00Z}, {@code …+01:00}), or absent. */
    private static Instant instant(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(FieldError.of(field, "audit.timeInvalid", field + " must be an ISO-8601 time with offset, e.g. 2026-11-29T08:00:00Z.", field));
            return null;
        }
    }
}
