package dev.collab.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import com.fasterxml.jackson.databind.JsonNode;

import dev.collab.api.ConflictException;
import dev.collab.api.FieldError;
import dev.collab.api.ValidationException;
import dev.collab.api.accounts.Principal;
import dev.collab.api.delegation.AccessReview;
import dev.collab.api.delegation.BulkInviteOutcome;
import dev.collab.api.delegation.BulkInviteRequest;
import dev.collab.api.delegation.BulkInviteResult;
import dev.collab.api.delegation.BulkInviteRow;
import dev.collab.api.delegation.BulkInviteRowResult;
import dev.collab.api.delegation.Delegate;
import dev.collab.api.delegation.DelegatePage;
import dev.collab.api.delegation.DelegateQuery;
import dev.collab.api.delegation.DelegationOptions;
import dev.collab.api.delegation.DelegationService;
import dev.collab.api.delegation.InviteRequest;
import dev.collab.api.delegation.Me;
import dev.collab.api.delegation.ReviewResult;
import dev.collab.api.grants.HandOverOptions;
import dev.collab.api.grants.HandOverResult;
import dev.collab.api.mailbox.Mailbox;
import dev.collab.api.mailbox.Message;
import dev.collab.texts.InviteCsv;

/**
 * A portal user's self-service (Profil → Mitarbeiter einladen): their memberships, what they may
 * hand out, their delegates, and their mailbox. The caller always acts for themselves: the
 * user id passed on is the authenticated account's id.
 */
@Component(service = SelfServiceResource.class)
@Path("tenants/{tenantId}/me")
@Produces(MediaType.APPLICATION_JSON)
public final class SelfServiceResource {
    /** The media type of a pasted or uploaded list. */
    static final String CSV = "text/csv";
    static final String IMMUTABLE = "E-mail, role and customers of a delegate cannot be changed. "
        + "Delete the delegate and invite them again.";
    private static final Set<String> IMMUTABLE_FIELDS = Set.of("email", "profile", "customers", "allCustomers",
        "exceptCustomers");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile DelegationService delegation;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Mailbox mailbox;

    /** Words each refused row as a problem's field error is worded, in the caller's language. */
    @Reference
    ProblemMapper problems;

    /** The body limit of JSON holds for a CSV list too. */
    @Reference
    JsonProvider json;

    @GET
    public Me me(@PathParam("tenantId") String tenantId, @Context SecurityContext security) {
        Principal caller = Guard.user(security, tenantId);
        return service().me(tenantId, caller.accountId());
    }

    @GET
    @Path("delegation")
    public DelegationOptions options(@PathParam("tenantId") String tenantId, @Context SecurityContext security) {
        Principal caller = Guard.user(security, tenantId);
        return service().options(tenantId, caller.accountId());
    }

    @POST
    @Path("delegates")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response invite(@PathParam("tenantId") String tenantId, Bodies.InviteBody body,
        @Context SecurityContext security, @Context UriInfo uri) {
        Principal caller = Guard.user(security, tenantId);
        Bodies.require(body);
        InviteRequest request = new InviteRequest(body.email(), body.profile(), body.customers(),
            Boolean.TRUE.equals(body.allCustomers()), body.exceptCustomers(), body.language(),
            Bodies.instant(body.validUntil(), "validUntil"));
        Delegate delegate = service().invite(tenantId, caller.accountId(), request);
        return Response.created(uri.getAbsolutePathBuilder().path(delegate.id()).build()).entity(delegate).build();
    }

    /**
     * "Mehrere Mitarbeiter einladen": the rows, the defaults for rows that name no profile or
     * customers, and {@code dryRun} to check only. 200 with every row's result when checked or
     * created; 400 problem+json with every row's result ({@code rows}) when any row fails, and
     * then nobody was invited.
     * <p>
     * The list comes as JSON, or as {@code text/csv} (UTF-8) as pasted or uploaded
     * ({@link InviteCsv}: {@code e-mail[,profile[,customers]]}, an optional header line), with
     * the defaults and {@code dryRun} as query parameters; each row's result then names its line.
     * One method for both media types: one operation of the contract, one set of checks.
     */
    @POST
    @Path("delegates/bulk")
    @Consumes({MediaType.APPLICATION_JSON, CSV})
    public Views.BulkView inviteAll(@PathParam("tenantId") String tenantId, InputStream body,
        @QueryParam("profile") String profile, @QueryParam("customers") List<String> customers,
        @QueryParam("allCustomers") String allCustomers, @QueryParam("dryRun") String dryRun,
        @QueryParam("language") String language, @Context SecurityContext security, @Context HttpHeaders headers)
        throws IOException {
        Principal caller = Guard.user(security, tenantId);
        MediaType type = headers.getMediaType();
        if (type == null || !type.isCompatible(MediaType.valueOf(CSV))) {
            Bodies.BulkInviteBody json = Bodies.require(readJson(body, type, headers));
            List<BulkInviteRow> rows = json.rows() == null ? null : json.rows().stream()
                .map(r -> r == null ? null : new BulkInviteRow(r.email(), r.profile(), r.customers())).toList();
            BulkInviteRequest request = new BulkInviteRequest(rows, json.profile(), json.customers(),
                Boolean.TRUE.equals(json.allCustomers()), json.language());
            return bulk(tenantId, caller, request, Boolean.TRUE.equals(json.dryRun()), null, headers);
        }
        List<InviteCsv.Row> parsed;
        try {
            parsed = InviteCsv.parse(text(body));
        } catch (InviteCsv.MalformedException e) {
            throw new ValidationException("body", e.key(), e.getMessage(), e.line());
        }
        List<BulkInviteRow> rows = parsed.stream().map(r -> new BulkInviteRow(r.email(), r.profile(), r.customers())).toList();
        List<String> ids = new ArrayList<>();
        for (String value : customers == null ? List.<String>of() : customers) {
            Arrays.stream(value.split(",")).map(String::trim).filter(id -> !id.isEmpty()).forEach(ids::add);
        }
        BulkInviteRequest request = new BulkInviteRequest(rows, profile, ids.isEmpty() ? null : ids, flag("allCustomers", allCustomers),
            language);
        return bulk(tenantId, caller, request, flag("dryRun", dryRun), parsed.stream().map(InviteCsv.Row::line).toList(), headers);
    }

    /** The JSON body, read by the suite's JSON provider: the same strictness and limit as every other body. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Bodies.BulkInviteBody readJson(InputStream body, MediaType type, HttpHeaders headers) throws IOException {
        return (Bodies.BulkInviteBody) json.readFrom((Class) Bodies.BulkInviteBody.class, Bodies.BulkInviteBody.class,
            new Annotation[0], type == null ? MediaType.APPLICATION_JSON_TYPE : type, headers.getRequestHeaders(), body);
    }

    private Views.BulkView bulk(String tenantId, Principal caller, BulkInviteRequest request, boolean dryRun, List<Integer> lines,
        HttpHeaders headers) {
        String language = ProblemTexts.language(headers);
        BulkInviteResult result = service().inviteAll(tenantId, caller.accountId(), request, dryRun);
        List<Views.BulkRowView> rows = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (BulkInviteRowResult r : result.rows()) {
            String message = null;
            if (r.key() != null || r.message() != null) {
                FieldError error = new FieldError("rows[" + (r.row() - 1) + "]." + field(r.outcome()), r.message(), r.key(),
                    r.arguments());
                errors.add(error);
                message = problems.message(language, error);
            }
            rows.add(new Views.BulkRowView(r.row(), lines == null ? null : lines.get(r.row() - 1), r.email(), r.profile(),
                r.customers(), r.outcome(), r.delegateId(), r.key(), message));
        }
        int invited = (int) result.rows().stream().filter(r -> r.outcome() == BulkInviteOutcome.INVITED).count();
        Views.BulkView view = new Views.BulkView(result.created(), dryRun, invited, (int) result.failed(), rows);
        if (!dryRun && !result.created()) {
            throw new BulkInviteRefusedException(view, errors);
        }
        return view;
    }

    /** The field of a row a failure is about, for the problem's {@code errors}. */
    private static String field(BulkInviteOutcome outcome) {
        return switch (outcome) {
            case PROFILE_NOT_DELEGABLE -> "profile";
            case CUSTOMER_NOT_ALLOWED -> "customers";
            default -> "email";
        };
    }

    private static boolean flag(String name, String value) {
        if (value == null || value.isEmpty() || "false".equalsIgnoreCase(value)) {
            return false;
        }
        if ("true".equalsIgnoreCase(value)) {
            return true;
        }
        throw new ValidationException(name, "bulk.flag", "'" + name + "' is true or false.", name);
    }

    /** The CSV body, at most as large as a JSON body may be (413 beyond), strictly UTF-8. */
    private String text(InputStream body) {
        long limit = json.maxBodyBytes();
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : new JsonProvider.Bounded(body, limit).readAllBytes();
        } catch (JsonProvider.TooLarge e) {
            throw new WebApplicationException("The request body is larger than " + limit + " bytes.", 413);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ValidationException("body", "bulk.csvEncoding", "The list is not UTF-8 text.");
        }
    }

    @GET
    @Path("delegates")
    public Page<Delegate> delegates(@PathParam("tenantId") String tenantId, @QueryParam("limit") String limit,
        @QueryParam("cursor") String cursor, @QueryParam("q") String q, @Context SecurityContext security) {
        Principal caller = Guard.user(security, tenantId);
        DelegatePage page = service().delegates(tenantId, caller.accountId(), new DelegateQuery(q, Page.size(limit), cursor));
        return new Page<>(page.items(), page.nextCursor());
    }

    /**
     * Nothing of a delegate can be changed: e-mail, role and customers are fixed at the
     * invitation (delete and invite again), so an attempt is a 409 that says so.
     */
    @PATCH
    @Path("delegates/{delegateId}")
    @Consumes({MediaType.APPLICATION_JSON, GrantResource.MERGE_PATCH_JSON})
    public Delegate change(@PathParam("tenantId") String tenantId, @PathParam("delegateId") String delegateId,
        JsonNode body, @Context SecurityContext security) {
        Principal caller = Guard.user(security, tenantId);
        service().delegate(tenantId, caller.accountId(), delegateId);
        if (body == null || !body.isObject()) {
            throw new ValidationException("body", "body.objectRequired", "A JSON object is required.");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext();) {
            if (IMMUTABLE_FIELDS.contains(it.next())) {
                throw new ConflictException("delegate.immutable", IMMUTABLE);
            }
        }
        if (body.size() > 0) {
            String field = body.fieldNames().next();
            throw new ValidationException(field, "field.unknown", "Unknown field '" + field + "'.", field);
        }
        throw new ValidationException("body", "delegate.nothingToChange", "A delegate has nothing that can be changed. " + IMMUTABLE);
    }

    @DELETE
    @Path("delegates/{delegateId}")
    public Response delete(@PathParam("tenantId") String tenantId, @PathParam("delegateId") String delegateId,
        @Context SecurityContext security) {
        Principal caller = Guard.user(security, tenantId);
        service().delete(tenantId, caller.accountId(), delegateId);
        return Response.noContent().build();
    }

    @POST
    @Path("delegates/delete")
    @Consumes(MediaType.APPLICATION_JSON)
    public Views.DeletedView deleteAll(@PathParam("tenantId") String tenantId, Bodies.DeleteDelegatesBody body,
        @Context SecurityContext security) {
        Principal caller = Guard.user(security, tenantId);
        List<String> ids = Bodies.required(Bodies.require(body).ids(), "ids");
        return new Views.DeletedView(service().delete(tenantId, caller.accountId(), ids));
    }

    @POST
    @Path("delegates/{delegateId}/resend")
    public Response resend(@PathParam("tenantId") String tenantId, @PathParam("delegateId") String delegateId,
        @Context SecurityContext security) {
        Principal caller = Guard.user(security, tenantId);
        service().resend(tenantId, caller.accountId(), delegateId);
        return Response.accepted().build();
    }

    /**
     * "Verlängern": a later end of a time-bound delegate's access ("gültig bis"), before it ends;
     * 200 with the delegate as the overview shows them.
     */
    @POST
    @Path("delegates/{delegateId}/extend")
    @Consumes(MediaType.APPLICATION_JSON)
    public Delegate extend(@PathParam("tenantId") String tenantId, @PathParam("delegateId") String delegateId,
        Bodies.ExtendBody body, @Context SecurityContext security) {
        Principal caller = Guard.user(security, tenantId);
        Instant validUntil = Bodies.instant(Bodies.required(Bodies.require(body).validUntil(), "validUntil"), "validUntil");
        return service().extend(tenantId, caller.accountId(), delegateId, validUntil);
    }

    @GET
    @Path("messages")
    public Page<Message> messages(@PathParam("tenantId") String tenantId, @QueryParam("limit") String limit,
        @QueryParam("cursor") String cursor, @Context SecurityContext security) {
        Principal caller = Guard.user(security, tenantId);
        return Page.of(Guard.need(mailbox, "mailbox").messages(tenantId, caller.name()), limit, cursor);
    }

    /**
     * What the delete confirmation offers instead ("Ansprechpartner wechselt"): how many people
     * deleting the delegate removes too, and who could take over their delegates.
     */
    @GET
    @Path("delegates/{delegateId}/hand-over")
    public HandOverOptions handOverOptions(@PathParam("tenantId") String tenantId, @PathParam("delegateId") String delegateId,
        @Context SecurityContext security) {
        Principal caller = Guard.user(security, tenantId);
        return service().handOverOptions(tenantId, caller.accountId(), delegateId);
    }

    /** Moves the delegate's people to the successor, then ends the delegate's access; all or nothing. */
    @POST
    @Path("delegates/{delegateId}/hand-over")
    @Consumes(MediaType.APPLICATION_JSON)
    public HandOverResult handOver(@PathParam("tenantId") String tenantId, @PathParam("delegateId") String delegateId,
        Bodies.HandOverBody body, @Context SecurityContext security) {
        Principal caller = Guard.user(security, tenantId);
        String successor = Bodies.required(Bodies.require(body).successorId(), "successorId");
        return service().handOver(tenantId, caller.accountId(), delegateId, successor);
    }

    /**
     * "Zugriffe überprüfen": the caller's direct delegates with customers, profile and last
     * activity, and when the review falls due.
     */
    @GET
    @Path("review")
    public AccessReview review(@PathParam("tenantId") String tenantId, @Context SecurityContext security) {
        Principal caller = Guard.user(security, tenantId);
        return service().review(tenantId, caller.accountId());
    }

    /** Completes the review: keeps and removes in one go (all or nothing), the next one falls due the tenant's interval later. */
    @POST
    @Path("review")
    @Consumes(MediaType.APPLICATION_JSON)
    public ReviewResult completeReview(@PathParam("tenantId") String tenantId, Bodies.ReviewBody body,
        @Context SecurityContext security) {
        Principal caller = Guard.user(security, tenantId);
        Bodies.require(body);
        return service().completeReview(tenantId, caller.accountId(), body.keep(), body.remove());
    }

    private DelegationService service() {
        return Guard.need(delegation, "delegation");
    }
}
