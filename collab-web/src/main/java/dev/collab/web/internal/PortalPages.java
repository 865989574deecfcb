package dev.collab.web.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.access.CustomerAccess;
import dev.collab.api.access.EffectiveAccess;
import dev.collab.api.accounts.Principal;
import dev.collab.api.customers.Customer;
import dev.collab.api.mailbox.Message;
import dev.collab.api.profiles.Right;
import dev.collab.api.tenants.Tenant;

/**
 * The home after sign-in. A portal user sees exactly their effective access, as the access
 * decisions compute it for the host (attenuation included), and their mailbox ("Postfach"),
 * which stays when every access is gone. Broker admins see their overview; support has its own screens.
 */
final class PortalPages {
    private final Services services;

    PortalPages(Services services) {
        this.services = services;
    }

    void home(Exchange x) throws IOException {
        Principal principal = x.principal();
        switch (principal.role()) {
            case USER -> userHome(x, principal);
            case ADMIN -> adminHome(x, principal);
            case SUPPORT -> x.redirect("/support/tenants");
        }
    }

    private void userHome(Exchange x, Principal principal) throws IOException {
        String tenant = principal.tenantId();
        List<CustomerAccess> granted;
        try {
            EffectiveAccess access = services.access().effectiveAccess(tenant, principal.accountId());
            granted = access.customers();
        } catch (UnknownResourceException e) {
            // a login the host knows but the suite has no record of: no portfolio, the mailbox only
            granted = List.of();
        }
        Map<String, Customer> names = granted.isEmpty() ? Map.of()
            : services.customers().find(tenant, granted.stream().map(CustomerAccess::id).toList());
        // the rights' titles in the user's language; a right no provider offers any more shows its id
        Map<String, String> titles = granted.isEmpty() ? Map.of() : services.rights().rights().stream()
            .collect(Collectors.toMap(Right::id, r -> r.title(x.language)));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (CustomerAccess customer : granted) {
            Customer known = names.get(customer.id());
            Map<String, Object> row = new HashMap<>();
            row.put("id", customer.id());
            row.put("name", known == null ? customer.id() : known.name());
            row.put("rights", customer.rights().stream().map(id -> titles.getOrDefault(id, id)).toList());
            rows.add(row);
        }
        rows.sort(Comparator.comparing(r -> ((String) r.get("name")).toLowerCase(Locale.ROOT)));
        List<Map<String, Object>> messages = new ArrayList<>();
        for (Message message : services.mailbox().messages(tenant, principal.name())) {
            messages.add(Map.of("at", x.time(message.sentAt()), "from", message.from(), "to", message.to(),
                "subject", message.subject(), "body", message.body()));
        }
        Map<String, Object> model = x.model();
        model.put("access", rows);
        model.put("messages", messages);
        x.render(200, "home", model);
    }

    private void adminHome(Exchange x, Principal principal) throws IOException {
        adminHome(x, principal, 200, null, Map.of());
    }

    private void adminHome(Exchange x, Principal principal, int status, Map<String, String> typedReview, Map<String, String> errors)
        throws IOException {
        Tenant tenant = services.tenants().get(principal.tenantId());
        Map<String, Object> model = x.model();
        model.put("intro", x.format("adminIntro", tenant.name()));
        model.put("feature", x.text(tenant.delegatedAccess() ? "featureOn" : "featureOffAdmin"));
        // the menu "Freischaltungs-Profile" exists only where support switched the feature on
        model.put("profiles", tenant.delegatedAccess() ? services.profiles().list(tenant.id()) : List.of());
        model.put("review", SupportPages.reviewModel(x, tenant, typedReview));
        model.put("errors", errors);
        x.render(status, "admin-home", model);
    }

    /** The broker admin requires the access review ("Zugriffe überprüfen") of their tenant, as support can. */
    void adminReview(Exchange x) throws IOException {
        Principal me = x.principal();
        SupportPages.ReviewForm form = SupportPages.ReviewForm.read(x);
        try {
            services.tenants().configureReview(me.tenantId(), form.days(), form.grace(), form.mode(), "admin:" + me.name());
            x.flash(x.text("reviewSavedAdmin"));
            x.redirect("/");
        } catch (ValidationException e) {
            adminHome(x, me, 400, form.typed(), form.errors(x, e));
        }
    }

}
