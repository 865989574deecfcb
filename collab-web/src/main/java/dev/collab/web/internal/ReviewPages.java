package dev.collab.web.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.collab.api.ConflictException;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.accounts.Principal;
import dev.collab.api.customers.Customer;
import dev.collab.api.delegation.AccessReview;
import dev.collab.api.delegation.Delegate;
import dev.collab.api.delegation.ReviewResult;
import dev.collab.api.grants.MembershipStatus;

/**
 * "Zugriffe überprüfen": the review screen behind the mailed link (a table of the user's direct
 * delegates, each "Behalten" or "Entfernen", one button), its confirmation when anyone is
 * removed (with how many more people go with them), and the hint on the overview when a review
 * is due. Every rule is the delegation service's; nothing is removed without the confirmation.
 */
final class ReviewPages {
    private static final String KEEP = "keep";
    private static final String REMOVE = "remove";
    private final Services services;

    ReviewPages(Services services) {
        this.services = services;
    }

    void page(Exchange x) throws IOException {
        page(x, 200, null, Map.of());
    }

    /**
     * The form posts each delegate's decision as {@code d-<id>}. With removals and without
     * {@code confirm=yes} the confirmation comes first; then the review is completed in one go.
     */
    void submit(Exchange x) throws IOException {
        Principal me = x.principal();
        AccessReview review = services.delegation().review(me.tenantId(), me.accountId());
        Map<String, String> decisions = new HashMap<>();
        List<String> keep = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        for (Delegate d : review.delegates()) {
            String decision = x.param("d-" + d.id());
            if (KEEP.equals(decision)) {
                keep.add(d.id());
            } else if (REMOVE.equals(decision)) {
                remove.add(d.id());
            }
            decisions.put(d.id(), decision);
        }
        if (keep.size() + remove.size() < review.delegates().size()) {
            // someone was invited since the page was shown: decide about them too
            page(x, 400, x.text("reviewUndecided"), decisions);
            return;
        }
        if (!remove.isEmpty() && !"yes".equals(x.param("confirm"))) {
            confirm(x, review, keep, remove);
            return;
        }
        try {
            ReviewResult result = services.delegation().completeReview(me.tenantId(), me.accountId(), keep, remove);
            x.flash(x.format("reviewCompleted", result.kept().size(), result.removed().size(), result.cascade()));
            x.redirect("/delegates");
        } catch (ValidationException | UnknownResourceException | ConflictException e) {
            // the delegates changed meanwhile: the table as it is now, with the reason
            page(x, e instanceof ValidationException ? 400 : 409, services.reason(x, e), decisions);
        }
    }

    private void confirm(Exchange x, AccessReview review, List<String> keep, List<String> remove) throws IOException {
        Principal me = x.principal();
        Map<String, Object> model = x.model();
        List<String> removed = review.delegates().stream().filter(d -> remove.contains(d.id())).map(Delegate::email).toList();
        int cascade = services.delegation().cascadeCount(me.tenantId(), me.accountId(), remove);
        model.put("removed", removed);
        model.put("keepIds", keep);
        model.put("removeIds", remove);
        model.put("confirmIntro", x.format("reviewConfirmIntro", remove.size(), keep.size()));
        if (cascade > 0) {
            model.put("cascadeText", x.format("cascadeWarning", cascade));
        }
        x.render(200, "review-confirm", model);
    }

    private void page(Exchange x, int status, String error, Map<String, String> decisions) throws IOException {
        Principal me = x.principal();
        AccessReview review = services.delegation().review(me.tenantId(), me.accountId());
        Instant now = Instant.now();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Delegate d : review.delegates()) {
            Map<String, Object> row = new HashMap<>();
            row.put("id", d.id());
            row.put("email", d.email());
            row.put("role", d.profile() == null ? "–" : d.profile());
            row.put("customers", d.customers().stream().map(Customer::name).collect(Collectors.joining(", ")));
            row.put("lastActive", d.status() == MembershipStatus.INVITED ? x.text("statusInvited")
                : d.lastActiveAt() == null ? x.text("never") : x.time(d.lastActiveAt()));
            row.put("remove", REMOVE.equals(decisions.get(d.id())));
            row.put("keepLabel", x.format("reviewKeepLabel", d.email()));
            row.put("removeLabel", x.format("reviewRemoveLabel", d.email()));
            rows.add(row);
        }
        Map<String, Object> model = x.model();
        model.put("rows", rows);
        String state = state(x, review, now);
        if (state != null) {
            model.put("reviewState", state);
        }
        model.put("overdue", review.overdue());
        model.put("reviewIntro", review.required() ? x.format("reviewIntro", review.reviewDays()) : x.text("reviewIntroOptional"));
        if (review.reviewedAt() != null) {
            model.put("reviewedText", x.format("reviewLastDone", x.time(review.reviewedAt())));
        }
        if (error != null) {
            model.put("formError", error);
        }
        x.render(status, "review", model);
    }

    /** The overview's hint: due until the deadline, overdue, or falling due without a mail yet. */
    static String state(Exchange x, AccessReview review, Instant now) {
        if (!review.required() || review.delegates().isEmpty()) {
            return null;
        }
        if (review.overdue()) {
            return x.format("reviewOverdue", x.time(review.deadlineAt()));
        }
        if (review.deadlineAt() != null) {
            return x.format("reviewDueUntil", x.time(review.deadlineAt()));
        }
        if (review.dueAt() != null && !review.dueAt().isAfter(now)) {
            return x.format("reviewDueSince", x.time(review.dueAt()));
        }
        return null;
    }
}
