package dev.collab.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.Part;

import dev.collab.api.ConflictException;
import dev.collab.api.FeatureDisabledException;
import dev.collab.api.FieldError;
import dev.collab.api.ValidationException;
import dev.collab.api.accounts.Principal;
import dev.collab.api.customers.Customer;
import dev.collab.api.delegation.BulkInviteOutcome;
import dev.collab.api.delegation.BulkInviteRequest;
import dev.collab.api.delegation.BulkInviteResult;
import dev.collab.api.delegation.BulkInviteRow;
import dev.collab.api.delegation.BulkInviteRowResult;
import dev.collab.api.delegation.DelegationOptions;
import dev.collab.texts.InviteCsv;

/**
 * "Mehrere Mitarbeiter einladen": the GF pastes or uploads a list ({@link InviteCsv}, the same the
 * REST API reads), chooses once the profile and customers of rows that name none, has every row
 * checked ("Prüfen") and then invites all of them in one step ("Einladen"), all or nothing. The
 * list stays in the text box whatever the answer, so that the GF corrects it there. Every rule
 * is the delegation service's.
 */
final class BulkInvitePage {
    /** The largest list taken from the text box or a file; the container refuses a form beyond {@link #MAX_FORM}. */
    static final int MAX_LIST_BYTES = 512 * 1024;
    /** Any one field or file of the form (the container's multipart limit). */
    static final long MAX_PART = 1024 * 1024;
    /** The whole form: text box, file and choices. */
    static final long MAX_FORM = 3 * MAX_PART;
    private final Services services;
    private final DelegatePages delegatePages;

    BulkInvitePage(Services services, DelegatePages delegatePages) {
        this.services = services;
        this.delegatePages = delegatePages;
    }

    void form(Exchange x) throws IOException {
        DelegationOptions options = delegatePages.optionsOrOff(x);
        if (options != null) {
            Form form = new Form("", options.profiles().size() == 1 ? options.profiles().get(0).name() : "", false, List.of());
            render(x, 200, options, form, null, null);
        }
    }

    void submit(Exchange x) throws IOException {
        DelegationOptions options = delegatePages.optionsOrOff(x);
        if (options == null) {
            return;
        }
        Fields fields = Fields.read(x);
        Form form = new Form(fields.one("list"), fields.one("profile").trim(), "all".equals(fields.one("customerChoice")),
            fields.all("customers"));
        if (fields.fileTooLarge) {
            render(x, 413, options, form, x.format("bulkFileTooLarge", MAX_LIST_BYTES / 1024), null);
            return;
        }
        if (fields.fileNotText) {
            render(x, 400, options, form, x.text("bulkFileNotText"), null);
            return;
        }
        if (fields.file != null) {
            // the uploaded list replaces the text box: the GF sees what was read and corrects it there
            form = form.withList(fields.file);
        }
        if (form.list.getBytes(StandardCharsets.UTF_8).length > MAX_LIST_BYTES) {
            render(x, 413, options, form, x.format("bulkFileTooLarge", MAX_LIST_BYTES / 1024), null);
            return;
        }
        List<InviteCsv.Row> parsed;
        try {
            parsed = InviteCsv.parse(form.list);
        } catch (InviteCsv.MalformedException e) {
            String key = "bulk.csvQuote".equals(e.key()) ? "bulkCsvQuote" : "bulkCsvColumns";
            render(x, 400, options, form, x.format(key, e.line()), null);
            return;
        }
        if (parsed.isEmpty()) {
            render(x, 400, options, form, x.text("bulkEmpty"), null);
            return;
        }
        if (parsed.size() > BulkInviteRequest.MAX_ROWS) {
            render(x, 400, options, form, x.format("bulkTooMany", BulkInviteRequest.MAX_ROWS, parsed.size()), null);
            return;
        }
        boolean invite = "invite".equals(fields.one("op"));
        Principal me = x.principal();
        BulkInviteRequest request = new BulkInviteRequest(
            parsed.stream().map(r -> new BulkInviteRow(r.email(), r.profile(), r.customers())).toList(),
            form.profile.isEmpty() ? null : form.profile, form.all || form.customers.isEmpty() ? null : form.customers, form.all, null);
        BulkInviteResult result;
        try {
            result = services.delegation().inviteAll(me.tenantId(), me.accountId(), request, !invite);
        } catch (FeatureDisabledException e) {
            // switched off by support since the page was shown
            delegatePages.featureOff(x, "featureOffText");
            return;
        } catch (ValidationException | ConflictException e) {
            render(x, e instanceof ConflictException ? 409 : 400, options, form, services.reason(x, e), null);
            return;
        }
        if (result.created()) {
            x.flash(x.format("bulkInvited", result.rows().size()));
            x.redirect("/delegates");
            return;
        }
        Map<String, Object> outcome = outcome(x, result, parsed, invite);
        render(x, invite || result.failed() > 0 ? 400 : 200, options, form, null, outcome);
    }

    /** Every row's result in the GF's words, each named by its line in the list (what the text box shows). */
    private Map<String, Object> outcome(Exchange x, BulkInviteResult result, List<InviteCsv.Row> parsed, boolean invite) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (BulkInviteRowResult r : result.rows()) {
            Map<String, Object> row = new HashMap<>();
            row.put("line", parsed.get(r.row() - 1).line());
            row.put("email", r.email() == null ? "" : r.email());
            row.put("profile", r.profile() == null ? "–" : r.profile());
            row.put("customers", r.customers().stream().map(c -> c.name() == null ? c.id() : c.name()).collect(Collectors.joining(", ")));
            row.put("ok", r.outcome().ok());
            row.put("outcomeKey", r.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            row.put("outcome", x.text(outcomeKey(r.outcome())));
            row.put("message", message(x, r, parsed));
            rows.add(row);
        }
        long failed = result.failed();
        Map<String, Object> outcome = new HashMap<>();
        outcome.put("rows", rows);
        outcome.put("failed", failed);
        outcome.put("clean", failed == 0);
        String summary = failed == 0 ? x.format("bulkAllOk", rows.size()) : x.format("bulkFailed", failed, rows.size());
        if (invite) {
            summary = summary + " " + x.text("bulkNobodyInvited");
        }
        outcome.put("summary", summary);
        return outcome;
    }

    private String message(Exchange x, BulkInviteRowResult r, List<InviteCsv.Row> parsed) {
        if (r.key() == null && r.message() == null) {
            return "";
        }
        if ("bulk.duplicateRow".equals(r.key()) && r.arguments().size() == 2 && r.arguments().get(1) instanceof Number first
            && first.intValue() >= 1 && first.intValue() <= parsed.size()) {
            // the service counts rows; the GF sees lines (a header and blank lines are not rows)
            return x.format("bulkDuplicateLine", parsed.get(first.intValue() - 1).line());
        }
        String field = switch (r.outcome()) {
            case PROFILE_NOT_DELEGABLE -> "profile";
            case CUSTOMER_NOT_ALLOWED -> "customers";
            default -> "email";
        };
        return services.refusal(new FieldError(field, r.message() == null ? "" : r.message(), r.key(), r.arguments()), x.language);
    }

    private static String outcomeKey(BulkInviteOutcome outcome) {
        return switch (outcome) {
            case INVITABLE -> "bulkInvitable";
            case INVITED -> "bulkOutcomeInvited";
            case INVALID_ADDRESS -> "bulkInvalidAddress";
            case DUPLICATE -> "bulkDuplicate";
            case ALREADY_MEMBER -> "bulkAlreadyMember";
            case PROFILE_NOT_DELEGABLE -> "bulkProfileNotDelegable";
            case CUSTOMER_NOT_ALLOWED -> "bulkCustomerNotAllowed";
            case NOT_POSSIBLE -> "bulkNotPossible";
        };
    }

    private void render(Exchange x, int status, DelegationOptions options, Form form, String error, Map<String, Object> outcome)
        throws IOException {
        Map<String, Object> model = x.model();
        model.put("profiles", options.profiles());
        model.put("list", form.list);
        model.put("profile", form.profile);
        model.put("allCustomers", form.all);
        Set<String> ticked = Set.copyOf(form.customers);
        List<Map<String, Object>> customers = new ArrayList<>();
        for (Customer customer : options.customers()) {
            Map<String, Object> item = new HashMap<>();
            item.put("id", customer.id());
            item.put("name", customer.name());
            item.put("checked", ticked.contains(customer.id()));
            customers.add(item);
        }
        model.put("customers", customers);
        model.put("formatDetails", x.format("bulkFormatDetails", BulkInviteRequest.MAX_ROWS));
        model.put("fileHint", x.format("bulkFileHint", MAX_LIST_BYTES / 1024));
        if (error != null) {
            model.put("formError", error);
        }
        if (outcome != null) {
            model.put("outcome", outcome);
        }
        x.render(status, "bulk-invite", model);
    }

    /**
     * Whether this POST is a multipart form the container cannot read (larger than its limits):
     * its fields, the CSRF token among them, are then lost, and the servlet says why instead of
     * refusing the token. The unread rest of the body is read after the page (collab-boot's
     * RequestBodyDrain), so that the browser, still sending, gets the page.
     */
    static boolean unreadable(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return false;
        }
        if (request.getContentLengthLong() > MAX_FORM) {
            return true;
        }
        try {
            request.getParts();
            return false;
        } catch (IOException | ServletException | IllegalStateException e) {
            return true;
        }
    }

    /** What the GF entered. */
    private record Form(String list, String profile, boolean all, List<String> customers) {
        Form withList(String text) {
            return new Form(text, profile, all, customers);
        }
    }

    /**
     * The form's fields, from {@code multipart/form-data} (the file) or a plain form. Parts are
     * read as UTF-8 here: the container decodes a part without a charset (browsers send none) as
     * ISO-8859-1, which would garble a profile named with an umlaut.
     */
    private static final class Fields {
        private final Map<String, List<String>> values = new LinkedHashMap<>();
        private String file;
        private boolean fileTooLarge;
        private boolean fileNotText;

        static Fields read(Exchange x) throws IOException {
            Fields fields = new Fields();
            String type = x.request.getContentType();
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
                for (String name : List.of("list", "profile", "customerChoice", "op")) {
                    fields.values.put(name, List.of(x.param(name)));
                }
                fields.values.put("customers", x.params("customers"));
                return fields;
            }
            for (Part part : parts(x.request)) {
                if (part.getSubmittedFileName() == null) {
                    fields.values.computeIfAbsent(part.getName(), n -> new ArrayList<>()).add(text(part, (int) MAX_PART, false));
                } else if ("file".equals(part.getName()) && part.getSize() > 0) {
                    fields.readFile(part);
                }
            }
            return fields;
        }

        private static Collection<Part> parts(HttpServletRequest request) throws IOException {
            try {
                return request.getParts();
            } catch (ServletException | IllegalStateException e) {
                // the servlet answers a form the container could not read before this page ({@link #unreadable})
                throw new IllegalArgumentException("The form cannot be read", e);
            }
        }

        private void readFile(Part part) throws IOException {
            if (part.getSize() > MAX_LIST_BYTES) {
                fileTooLarge = true;
                return;
            }
            try {
                file = text(part, MAX_LIST_BYTES, true);
            } catch (CharacterCodingException e) {
                fileNotText = true;
            }
        }

        /** @param strict whether bytes that are not UTF-8 fail (a file) or become U+FFFD (a field the browser encoded) */
        private static String text(Part part, int limit, boolean strict) throws IOException {
            CodingErrorAction action = strict ? CodingErrorAction.REPORT : CodingErrorAction.REPLACE;
            try (InputStream in = part.getInputStream()) {
                byte[] bytes = in.readNBytes(limit);
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(action).onUnmappableCharacter(action)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            }
        }

        String one(String name) {
            List<String> list = values.get(name);
            return list == null || list.isEmpty() || list.get(0) == null ? "" : list.get(0);
        }

        List<String> all(String name) {
            List<String> list = new ArrayList<>();
            for (String value : values.getOrDefault(name, List.of())) {
                if (value != null && !value.isBlank() && !list.contains(value)) {
                    list.add(value);
                }
            }
            return list;
        }
    }
}
