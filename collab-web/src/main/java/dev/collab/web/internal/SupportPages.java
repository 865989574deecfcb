package dev.collab.web.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.collab.api.ConflictException;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.accounts.Account;
import dev.collab.api.accounts.Principal;
import dev.collab.api.tenants.Tenant;

/**
 * The support staff's screens: the tenants with a search, "create a tenant", one tenant's page
 * with the switch for delegated access (turning it off states its consequences first and asks
 * again) and its broker admins, where support adds the first one. Every rule is the services'.
 */
final class SupportPages {
    private final Services services;

    SupportPages(Services services) {
        this.services = services;
    }

    private static String actor(Principal p) {
        return "support:" + p.name();
    }

    void tenants(Exchange x) throws IOException {
        showTenants(x, 200, "", "", null);
    }

    private void showTenants(Exchange x, int status, String newId, String newName, String error) throws IOException {
        String q = x.param("q").trim();
        String needle = q.toLowerCase(Locale.ROOT);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Tenant t : services.tenants().list()) {
            if (needle.isEmpty() || t.id().toLowerCase(Locale.ROOT).contains(needle) || t.name().toLowerCase(Locale.ROOT).contains(needle)) {
                rows.add(Map.of("id", t.id(), "name", t.name(), "on", t.delegatedAccess()));
            }
        }
        Map<String, Object> model = x.model();
        model.put("q", q);
        model.put("rows", rows);
        model.put("newId", newId);
        model.put("newName", newName);
        if (error != null) {
            model.put("formError", error);
        }
        x.render(status, "support-tenants", model);
    }

    /** "Create a tenant": an id that is taken is refused here, since the service's put would rename it. */
    void createTenant(Exchange x) throws IOException {
        Principal me = x.principal();
        String id = x.param("id").trim();
        String name = x.param("name").trim();
        try {
            if (!id.isEmpty() && services.tenants().find(id).isPresent()) {
                showTenants(x, 409, id, name, x.format("tenantExists", id));
                return;
            }
            Tenant created = services.tenants().put(id, name, actor(me)).tenant();
            x.flash(x.format("tenantCreated", created.name()));
            x.redirect("/support/tenants/" + created.id());
        } catch (ValidationException | ConflictException e) {
            showTenants(x, e instanceof ConflictException ? 409 : 400, id, name, services.reason(x, e));
        }
    }

    void tenant(Exchange x, String tenantId) throws IOException {
        showTenant(x, 200, tenantId, "", null);
    }

    private void showTenant(Exchange x, int status, String tenantId, String adminEmail, String error) throws IOException {
        showTenant(x, status, tenantId, adminEmail, error, null, Map.of());
    }

    private void showTenant(Exchange x, int status, String tenantId, String adminEmail, String error, String zone,
        Map<String, String> errors) throws IOException {
        showTenant(x, status, tenantId, adminEmail, error, zone, null, errors);
    }

    private void showTenant(Exchange x, int status, String tenantId, String adminEmail, String error, String zone,
        String lead, Map<String, String> errors) throws IOException {
        showTenant(x, status, tenantId, adminEmail, error, zone, lead, null, errors);
    }

    private void showTenant(Exchange x, int status, String tenantId, String adminEmail, String error, String zone,
        String lead, Map<String, String> review, Map<String, String> errors) throws IOException {
        Tenant t;
        try {
            t = services.tenants().get(tenantId);
        } catch (UnknownResourceException e) {
            x.message(404, "notFoundTitle", "notFoundText", "not-found");
            return;
        }
        List<Map<String, Object>> admins = new ArrayList<>();
        for (Account a : services.accounts().admins(tenantId)) {
            admins.add(Map.of("email", a.email()));
        }
        Map<String, Object> model = x.model();
        model.put("tn", Map.of("id", t.id(), "name", t.name(), "on", t.delegatedAccess(), "timeZone", t.timeZone()));
        model.put("zoneValue", zone == null ? t.timeZone() : zone);
        model.put("leadValue", lead != null ? lead : t.reminderLeadHours() == null ? "" : t.reminderLeadHours().toString());
        model.put("leadText", t.reminderLeadHours() == null ? x.text("reminderLeadDefault")
            : t.reminderLeadHours() == 0 ? x.text("reminderLeadOff") : x.format("reminderLeadValue", t.reminderLeadHours()));
        model.put("removalMail", t.removalMail());
        model.put("review", reviewModel(x, t, review));
        model.put("errors", errors);
        model.put("admins", admins);
        model.put("adminEmail", adminEmail);
        if (error != null) {
            model.put("formError", error);
        }
        x.render(status, "support-tenant", model);
    }

    /**
     * Switches delegated access. Turning it off without {@code confirm=yes} shows what follows
     * (existing access is kept, inviting and profile administration stop) and asks again.
     */
    void feature(Exchange x, String tenantId) throws IOException {
        Principal me = x.principal();
        boolean enable = "on".equals(x.param("enabled"));
        try {
            Tenant t = services.tenants().get(tenantId);
            if (!enable && t.delegatedAccess() && !"yes".equals(x.param("confirm"))) {
                Map<String, Object> model = x.model();
                model.put("tn", Map.of("id", t.id(), "name", t.name()));
                x.render(200, "support-feature-off", model);
                return;
            }
            Tenant after = services.tenants().setDelegatedAccess(tenantId, enable, actor(me));
            x.flash(x.format(after.delegatedAccess() ? "tenantSwitchedOn" : "tenantSwitchedOff", after.name()));
            x.redirect("/support/tenants/" + tenantId);
        } catch (UnknownResourceException e) {
            x.message(404, "notFoundTitle", "notFoundText", "not-found");
        }
    }

    void createAdmin(Exchange x, String tenantId) throws IOException {
        Principal me = x.principal();
        String email = x.param("email").trim();
        char[] password = x.param("password").toCharArray();
        try {
            Account a = services.accounts().createAdmin(tenantId, email, password, actor(me));
            x.flash(x.format("adminCreated", a.email()));
            x.redirect("/support/tenants/" + tenantId);
        } catch (UnknownResourceException e) {
            x.message(404, "notFoundTitle", "notFoundText", "not-found");
        } catch (ValidationException | ConflictException e) {
            showTenant(x, e instanceof ConflictException ? 409 : 400, tenantId, email, services.reason(x, e));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Sets the zone of the tenant's mails and screens; an unknown one is refused at the field. */
    void timeZone(Exchange x, String tenantId) throws IOException {
        Principal me = x.principal();
        String zone = x.param("timeZone").trim();
        try {
            Tenant after = services.tenants().configure(tenantId, null, null, zone, actor(me));
            x.flash(x.format("tenantTimeZoneSaved", after.name(), after.timeZone()));
            x.redirect("/support/tenants/" + tenantId);
        } catch (UnknownResourceException e) {
            x.message(404, "notFoundTitle", "notFoundText", "not-found");
        } catch (ValidationException e) {
            showTenant(x, 400, tenantId, "", null, zone, Map.of("timeZone", x.text("timeZoneInvalid")));
        }
    }

    /**
     * Sets the reminder's lead time (empty: the container's default) and whether removed
     * delegates are told by mail; a lead time that is no number from 0 to 720 is refused at the field.
     */
    void mails(Exchange x, String tenantId) throws IOException {
        Principal me = x.principal();
        String lead = x.param("reminderLeadHours").trim();
        boolean removalMail = "on".equals(x.param("removalMail"));
        Integer hours = null;
        if (!lead.isEmpty()) {
            try {
                hours = Integer.valueOf(lead);
            } catch (NumberFormatException e) {
                hours = -1;
            }
        }
        try {
            Tenant after = services.tenants().configureMails(tenantId, hours, lead.isEmpty(), removalMail, actor(me));
            x.flash(x.format("tenantMailsSaved", after.name()));
            x.redirect("/support/tenants/" + tenantId);
        } catch (UnknownResourceException e) {
            x.message(404, "notFoundTitle", "notFoundText", "not-found");
        } catch (ValidationException e) {
            showTenant(x, 400, tenantId, "", null, null, lead, Map.of("reminderLeadHours", x.text("reminderLeadInvalid")));
        }
    }

    /** The access review's settings as the screen shows them, or as typed when refused. */
    static Map<String, Object> reviewModel(Exchange x, Tenant t, Map<String, String> typed) {
        Map<String, Object> model = new java.util.HashMap<>();
        boolean revoke = Tenant.REVIEW_REVOKE.equals(typed == null ? t.reviewMode() : typed.get("mode"));
        model.put("days", typed != null ? typed.get("days") : t.reviewDays() == null ? "" : t.reviewDays().toString());
        model.put("grace", typed != null ? typed.get("grace") : Integer.toString(t.reviewGraceDays()));
        model.put("revoke", revoke);
        model.put("text", t.reviewDays() == null ? x.text("reviewOff") : x.format("reviewEvery", t.reviewDays(), t.reviewGraceDays(),
            x.text(Tenant.REVIEW_REVOKE.equals(t.reviewMode()) ? "reviewModeRevoke" : "reviewModeNotify")));
        return model;
    }

    /**
     * Sets the access review ("Zugriffe überprüfen"): every how many days (empty or 0: off), the
     * days to the deadline and what the deadline does; a number out of range is refused at its field.
     */
    void review(Exchange x, String tenantId) throws IOException {
        ReviewForm form = ReviewForm.read(x);
        try {
            Tenant after = services.tenants().configureReview(tenantId, form.days(), form.grace(), form.mode(), actor(x.principal()));
            x.flash(x.format("reviewSaved", after.name()));
            x.redirect("/support/tenants/" + tenantId);
        } catch (UnknownResourceException e) {
            x.message(404, "notFoundTitle", "notFoundText", "not-found");
        } catch (ValidationException e) {
            showTenant(x, 400, tenantId, "", null, null, null, form.typed(), form.errors(x, e));
        }
    }

    /** The review settings' form as typed, on the support's tenant screen and the broker admin's home alike. */
    record ReviewForm(Integer days, Integer grace, String mode, Map<String, String> typed) {
        static ReviewForm read(Exchange x) {
            String days = x.param("reviewDays").trim();
            String grace = x.param("reviewGraceDays").trim();
            String mode = Tenant.REVIEW_REVOKE.equals(x.param("reviewMode")) ? Tenant.REVIEW_REVOKE : Tenant.REVIEW_NOTIFY;
            return new ReviewForm(days.isEmpty() ? Integer.valueOf(0) : number(days), grace.isEmpty() ? null : number(grace), mode,
                Map.of("days", days, "grace", grace, "mode", mode));
        }

        /** The refusal at the fields it names. */
        Map<String, String> errors(Exchange x, ValidationException e) {
            Map<String, String> errors = new java.util.HashMap<>();
            for (var error : e.errors()) {
                if ("reviewDays".equals(error.field())) {
                    errors.put("reviewDays", x.text("reviewDaysInvalid"));
                } else if ("reviewGraceDays".equals(error.field())) {
                    errors.put("reviewGraceDays", x.text("reviewGraceInvalid"));
                }
            }
            return errors;
        }
    }

    /** A number as typed; anything else becomes -1, which the service refuses at the field. */
    private static Integer number(String text) {
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
