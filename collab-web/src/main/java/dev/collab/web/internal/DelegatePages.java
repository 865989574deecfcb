package dev.collab.web.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.collab.api.ConflictException;
import dev.collab.api.FeatureDisabledException;
import dev.collab.api.FieldError;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.accounts.Principal;
import dev.collab.api.accounts.Role;
import dev.collab.api.customers.Customer;
import dev.collab.api.delegation.AccessReview;
import dev.collab.api.delegation.Delegate;
import dev.collab.api.delegation.DelegatePage;
import dev.collab.api.delegation.DelegateQuery;
import dev.collab.api.delegation.DelegationOptions;
import dev.collab.api.delegation.InviteRequest;
import dev.collab.api.delegation.ProfileOption;
import dev.collab.api.grants.MembershipStatus;

/**
 * "Profil → Mitarbeiter einladen": the window "Freigeschaltete Mitarbeiter verwalten" with its
 * table, marking and "Löschen" (confirmed, all or nothing), "Einladung erneut senden", and the
 * two-step dialog "Mitarbeiter einladen". Every rule is the delegation service's; the screens
 * only ask and show its answers in the user's words.
 */
final class DelegatePages {
    /** The keys of "this person is already invited or a delegate under this grant" (the last one found by the database). */
    private static final Set<String> DUPLICATES = Set.of("invite.duplicateActive", "invite.duplicateInvited", "invite.duplicate");
    private final Services services;
    private final int pageSize;
    private final HandOverPages handOvers;

    DelegatePages(Services services, int pageSize) {
        this.services = services;
        this.pageSize = Math.max(5, pageSize);
        this.handOvers = new HandOverPages(services);
    }

    /** Whether the nav shows "Mitarbeiter einladen": the feature is on and the user may hand a profile out. */
    boolean canInvite(Principal principal) {
        if (principal.role() != Role.USER) {
            return false;
        }
        try {
            return services.tenants().get(principal.tenantId()).delegatedAccess()
                && !services.delegation().options(principal.tenantId(), principal.accountId()).profiles().isEmpty();
        } catch (FeatureDisabledException | UnknownResourceException e) {
            return false;
        }
    }

    void list(Exchange x) throws IOException {
        listPage(x, 200, null, Set.of());
    }

    void delete(Exchange x) throws IOException {
        Principal me = x.principal();
        List<String> ids = x.params("ids");
        if (ids.isEmpty()) {
            listPage(x, 400, x.text("nothingMarked"), Set.of());
            return;
        }
        if (!"yes".equals(x.param("confirm"))) {
            // the rows marked on one page of the table: at most a page of look-ups
            List<Map<String, String>> confirm = new ArrayList<>();
            try {
                for (String id : new LinkedHashSet<>(ids)) {
                    confirm.add(Map.of("id", id, "email", services.delegation().delegate(me.tenantId(), me.accountId(), id).email()));
                }
            } catch (UnknownResourceException e) {
                listPage(x, 409, x.text("deleteFailed"), Set.of());
                return;
            }
            Map<String, Object> model = x.model();
            model.put("marked", confirm);
            handOvers.offer(x, ids, model);
            x.render(200, "delete-confirm", model);
            return;
        }
        try {
            List<String> deleted = services.delegation().delete(me.tenantId(), me.accountId(), ids);
            x.flash(x.format("deleted", deleted.size()));
        } catch (UnknownResourceException e) {
            x.flash(x.text("deleteFailed"));
        }
        x.redirect("/delegates");
    }

    void resend(Exchange x, String delegateId) {
        Principal me = x.principal();
        try {
            String email = services.delegation().delegate(me.tenantId(), me.accountId(), delegateId).email();
            services.delegation().resend(me.tenantId(), me.accountId(), delegateId);
            x.flash(x.format("resent", email));
        } catch (UnknownResourceException | ConflictException e) {
            x.flash(x.text("resendFailed"));
        }
        x.redirect("/delegates");
    }

    void inviteForm(Exchange x) throws IOException {
        DelegationOptions options = optionsOrOff(x);
        if (options != null) {
            step1(x, 200, options, "", "", Map.of());
        }
    }

    void invite(Exchange x) throws IOException {
        DelegationOptions options = optionsOrOff(x);
        if (options == null) {
            return;
        }
        Principal me = x.principal();
        String email = x.param("email").trim();
        String profile = x.param("profile").trim();
        if ("1".equals(x.param("step"))) {
            try {
                services.delegation().check(me.tenantId(), me.accountId(), email, profile);
            } catch (ValidationException e) {
                step1(x, 400, options, email, profile, words(x, e.errors()));
                return;
            } catch (ConflictException e) {
                step1(x, 409, options, email, profile, Map.of("email", conflict(x, e)));
                return;
            }
            step2(x, 200, options, email, profile, Set.of(), Map.of());
            return;
        }
        String op = x.param("op");
        if ("back".equals(op)) {
            step1(x, 200, options, email, profile, Map.of());
            return;
        }
        if ("selectAll".equals(op)) {
            step2(x, 200, options, email, profile, options.customers().stream().map(Customer::id).collect(Collectors.toSet()), Map.of());
            return;
        }
        List<String> customers = x.params("customers");
        if (customers.isEmpty()) {
            step2(x, 400, options, email, profile, Set.of(), Map.of("customers", x.text("customersRequired")));
            return;
        }
        LocalDate validUntil;
        try {
            validUntil = ValidityWords.parse(x.param("validUntil"));
        } catch (DateTimeParseException e) {
            step2(x, 400, options, email, profile, Set.copyOf(customers), Map.of("validUntil", x.text("validUntilInvalid")));
            return;
        }
        try {
            services.delegation().invite(me.tenantId(), me.accountId(), new InviteRequest(email, profile, customers, false, null,
                null, validUntil == null ? null : ValidityWords.endOf(validUntil, x.zone())));
        } catch (ValidationException e) {
            Map<String, String> errors = words(x, e.errors());
            if (errors.containsKey("email") || errors.containsKey("profile")) {
                step1(x, 400, options, email, profile, errors);
            } else {
                step2(x, 400, options, email, profile, Set.copyOf(customers), errors);
            }
            return;
        } catch (ConflictException e) {
            step1(x, 409, options, email, profile, Map.of("email", conflict(x, e)));
            return;
        }
        x.flash(x.format("invited", email));
        x.redirect("/delegates");
    }

    /** The options of the dialog, or the page that says why there is no dialog (then {@code null}). */
    DelegationOptions optionsOrOff(Exchange x) throws IOException {
        Principal me = x.principal();
        DelegationOptions options;
        try {
            if (!services.tenants().get(me.tenantId()).delegatedAccess()) {
                featureOff(x, "featureOffText");
                return null;
            }
            options = services.delegation().options(me.tenantId(), me.accountId());
        } catch (FeatureDisabledException e) {
            featureOff(x, "featureOffText");
            return null;
        }
        if (options.profiles().isEmpty()) {
            featureOff(x, "notDelegatingText");
            return null;
        }
        return options;
    }

    void featureOff(Exchange x, String textKey) throws IOException {
        Map<String, Object> model = x.model();
        model.put("text", x.text(textKey));
        x.render(200, "delegates-off", model);
    }

    /**
     * One page of the table, read as one page from the service (the database filters, sorts and
     * pages): "weiter" carries the service's cursor, and the page number only for the caption.
     */
    private void listPage(Exchange x, int status, String error, Set<String> marked) throws IOException {
        Principal me = x.principal();
        if (!services.tenants().get(me.tenantId()).delegatedAccess()) {
            featureOff(x, "featureOffText");
            return;
        }
        String q = x.param("q").trim();
        String cursor = x.param("cursor");
        int page = Math.max(1, parse(x.param("page")));
        DelegatePage delegates;
        try {
            delegates = services.delegation().delegates(me.tenantId(), me.accountId(),
                new DelegateQuery(q, pageSize, cursor.isEmpty() ? null : cursor));
        } catch (ValidationException e) {
            // a link edited by hand (cursor, filter too long): the first page, unfiltered
            q = "";
            page = 1;
            delegates = services.delegation().delegates(me.tenantId(), me.accountId(), new DelegateQuery(null, pageSize, null));
        }
        boolean first = delegates.items().isEmpty() && cursor.isEmpty() && q.isEmpty();
        if (first && services.delegation().options(me.tenantId(), me.accountId()).profiles().isEmpty()) {
            featureOff(x, "notDelegatingText");
            return;
        }
        Instant now = Instant.now();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Delegate d : delegates.items()) {
            Map<String, Object> row = row(x, d, now);
            row.put("marked", marked.contains(d.id()));
            rows.add(row);
        }
        Map<String, Object> model = x.model();
        model.put("q", q);
        model.put("total", rows.size());
        model.put("rows", rows);
        model.put("pageInfo", x.format("pageNumber", page));
        String query = q.isEmpty() ? "" : "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
        if (page > 1 || !cursor.isEmpty()) {
            model.put("firstLink", x.base + "/delegates" + (q.isEmpty() ? "" : "?" + query.substring(1)));
        }
        if (delegates.nextCursor() != null) {
            model.put("nextLink", x.base + "/delegates?page=" + (page + 1) + query + "&cursor="
                + URLEncoder.encode(delegates.nextCursor(), StandardCharsets.UTF_8));
        }
        if (error != null) {
            model.put("formError", error);
        }
        // "Zugriffe überprüfen": the link, and the hint while a review is due; only where the
        // tenant asks for reviews, since the review reads every direct delegate, not one page
        AccessReview review = services.tenants().get(me.tenantId()).reviewDays() == null ? null
            : services.delegation().review(me.tenantId(), me.accountId());
        if (review != null && !review.delegates().isEmpty()) {
            model.put("reviewLink", true);
            String due = ReviewPages.state(x, review, now);
            if (due != null) {
                model.put("reviewDue", due);
                model.put("reviewOverdue", review.overdue());
            }
        }
        x.render(status, "delegates", model);
    }

    private Map<String, Object> row(Exchange x, Delegate d, Instant now) {
        boolean pending = d.status() == MembershipStatus.INVITED;
        boolean ended = d.status() == MembershipStatus.EXPIRED;
        // "abgelaufen": the access ended by itself ("gültig bis"), or the invitation's link did
        String statusKey = ended ? "expired" : !pending ? "active" : d.expiresAt() != null && d.expiresAt().isBefore(now) ? "expired"
            : "invited";
        Map<String, Object> row = new HashMap<>();
        row.put("id", d.id());
        row.put("email", d.email());
        row.put("role", d.profile() == null ? "–" : d.profile());
        row.put("customers", d.customers().stream().map(Customer::name).collect(Collectors.joining(", ")));
        row.put("statusKey", statusKey);
        row.put("status", x.text("status" + Character.toUpperCase(statusKey.charAt(0)) + statusKey.substring(1)));
        row.put("mail", d.mailStatus() == null ? "–" : switch (d.mailStatus()) {
            case PENDING -> x.text("mailPending");
            case SENT -> x.text("mailSent");
            case FAILED -> x.text("mailFailed");
        });
        row.put("lastActive", d.lastActiveAt() == null ? x.text("never") : x.time(d.lastActiveAt()));
        row.put("pending", pending && !ended);
        row.put("validUntil", d.validUntil() == null ? x.text("unlimited") : ValidityWords.show(x, d.validUntil()));
        row.put("extendable", d.validUntil() != null && !ended);
        row.put("selectLabel", x.format("selectRow", d.email()));
        return row;
    }

    private void step1(Exchange x, int status, DelegationOptions options, String email, String profile,
        Map<String, String> errors) throws IOException {
        Map<String, Object> model = x.model();
        model.put("profiles", options.profiles());
        model.put("email", email);
        model.put("profile", profile);
        model.put("errors", errors);
        x.render(status, "invite1", model);
    }

    private void step2(Exchange x, int status, DelegationOptions options, String email, String profile,
        Set<String> checked, Map<String, String> errors) throws IOException {
        Map<String, Object> model = x.model();
        model.put("email", email);
        model.put("profile", profile);
        model.put("summary", x.format("invitedFor", email, profile));
        List<Map<String, Object>> customers = new ArrayList<>();
        for (Customer customer : options.customers()) {
            Map<String, Object> item = new HashMap<>();
            item.put("id", customer.id());
            item.put("name", customer.name());
            item.put("checked", checked.contains(customer.id()));
            customers.add(item);
        }
        model.put("customers", customers);
        model.put("errors", errors);
        model.put("validUntil", x.param("validUntil").trim());
        Integer months = options.profiles().stream().filter(p -> p.name().equalsIgnoreCase(profile)).findFirst()
            .map(ProfileOption::maxValidityMonths).orElse(null);
        model.put("validHint", months == null ? x.text("validUntilHint")
            : x.format("validUntilLimitHint", months, ValidityWords.show(x, LocalDate.now(x.zone()).plusMonths(months))));
        x.render(status, "invite2", model);
    }

    /** "Verlängern": the form with the delegate's current end. */
    void extendForm(Exchange x, String delegateId) throws IOException {
        Principal me = x.principal();
        Delegate d;
        try {
            d = services.delegation().delegate(me.tenantId(), me.accountId(), delegateId);
        } catch (UnknownResourceException e) {
            x.message(404, "notFoundTitle", "notFoundText", "not-found");
            return;
        }
        showExtend(x, 200, d, "", null);
    }

    void extend(Exchange x, String delegateId) throws IOException {
        Principal me = x.principal();
        Delegate d;
        try {
            d = services.delegation().delegate(me.tenantId(), me.accountId(), delegateId);
        } catch (UnknownResourceException e) {
            x.message(404, "notFoundTitle", "notFoundText", "not-found");
            return;
        }
        String typed = x.param("validUntil").trim();
        LocalDate day;
        try {
            day = ValidityWords.parse(typed);
        } catch (DateTimeParseException e) {
            day = null;
        }
        if (day == null) {
            showExtend(x, 400, d, typed, x.text("validUntilInvalid"));
            return;
        }
        try {
            Delegate extended = services.delegation().extend(me.tenantId(), me.accountId(), delegateId, ValidityWords.endOf(day, x.zone()));
            x.flash(x.format("extended", extended.email(), ValidityWords.show(x, extended.validUntil())));
        } catch (ValidationException e) {
            showExtend(x, 400, d, typed, services.refusal(e.errors().get(0), x.language));
            return;
        } catch (ConflictException | FeatureDisabledException e) {
            x.flash(x.text("extendFailed"));
        }
        x.redirect("/delegates");
    }

    private void showExtend(Exchange x, int status, Delegate d, String typed, String error) throws IOException {
        Map<String, Object> model = x.model();
        model.put("id", d.id());
        model.put("intro", x.format("extendText", d.email(), d.validUntil() == null ? x.text("unlimited")
            : ValidityWords.show(x, d.validUntil())));
        model.put("validUntil", typed);
        model.put("errors", error == null ? Map.of() : Map.of("validUntil", error));
        x.render(status, "extend", model);
    }

    /**
     * The service's field errors in the dialog's words, the fields the dialog shows; any other in
     * the user's language from the suite's catalog.
     */
    private Map<String, String> words(Exchange x, List<FieldError> errors) {
        return Exchange.errors(errors, error -> {
            String field = error.field() == null ? "" : error.field();
            if (field.equals("email")) {
                return "invite.yourself".equals(error.key()) ? x.text("yourself") : x.text("emailInvalid");
            }
            if (field.equals("profile")) {
                return x.text("roleInvalid");
            }
            if (field.startsWith("customers") || field.startsWith("exceptCustomers")) {
                return x.text("customersInvalid");
            }
            return services.refusal(error, x.language);
        });
    }

    /** Decided by the key, in any language: "already invited", or the one answer for every other refusal of the address. */
    private static String conflict(Exchange x, ConflictException e) {
        return e.key() != null && DUPLICATES.contains(e.key()) ? x.text("duplicate") : x.text("cannotInvite");
    }

    private static int parse(String number) {
        try {
            return Integer.parseInt(number);
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
