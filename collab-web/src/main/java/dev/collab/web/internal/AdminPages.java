package dev.collab.web.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.collab.api.CollabException;
import dev.collab.api.ConflictException;
import dev.collab.api.FeatureDisabledException;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.accounts.Principal;
import dev.collab.api.audit.AuditEntry;
import dev.collab.api.audit.AuditQuery;
import dev.collab.api.customers.Customer;
import dev.collab.api.delegation.Delegate;
import dev.collab.api.grants.Grant;
import dev.collab.api.grants.GrantDraft;
import dev.collab.api.grants.GrantNode;
import dev.collab.api.grants.GrantPatch;
import dev.collab.api.grants.Member;
import dev.collab.api.grants.MembershipStatus;
import dev.collab.api.profiles.AccessProfile;
import dev.collab.api.profiles.ProfileDraft;
import dev.collab.api.profiles.Right;
import dev.collab.texts.Csv;

/**
 * The broker admin's screens: "Freischaltungs-Profile" (list, "Neuanlage", edit, delete),
 * "Freischaltungen" (list with search, create, edit under "Aktionen und Betreuer", rights
 * customized away from the profile and back, members with "Einladung erneut senden", the
 * delegation tree) and the audit trail (filters, paging, CSV). Every rule is the services';
 * a refusal is shown with the service's reason.
 */
final class AdminPages {
    static final int AUDIT_PAGE = 50;
    private final Services services;

    AdminPages(Services services) {
        this.services = services;
    }

    private static String actor(Principal p) {
        return "admin:" + p.name();
    }

    /** The right's title in the user's language where the screens know it, else the catalog's. */
    /** The catalog's title in the user's language (a partner's right without one: the title its provider gave). */
    private static String title(Exchange x, Right right) {
        return right.title(x.language);
    }

    private List<Map<String, Object>> rightOptions(Exchange x, Set<String> checked) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Right r : services.rights().rights()) {
            rows.add(Map.of("id", r.id(), "title", title(x, r), "checked", checked.contains(r.id()), "key", r.id().replace('.', '-')));
        }
        return rows;
    }

    private String titles(Exchange x, List<String> ids) {
        Map<String, Right> known = services.rights().rights().stream().collect(Collectors.toMap(Right::id, r -> r, (a, b) -> a));
        return ids.stream().map(id -> known.containsKey(id) ? title(x, known.get(id)) : id).collect(Collectors.joining(", "));
    }

    // --- Freischaltungs-Profile --------------------------------------------------------------

    void profiles(Exchange x) throws IOException {
        Principal me = x.principal();
        Map<String, Object> model = x.model();
        try {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (AccessProfile p : services.profiles().list(me.tenantId())) {
                rows.add(Map.of("id", p.id(), "name", p.name(), "description", p.description() == null ? "" : p.description(),
                    "rights", titles(x, p.rights()), "delegable", String.join(", ", p.delegableProfiles())));
            }
            model.put("rows", rows);
        } catch (FeatureDisabledException e) {
            x.message(403, "featureOffTitle", "featureOffAdmin", "feature-off");
            return;
        }
        x.render(200, "admin-profiles", model);
    }

    void profileForm(Exchange x, String profileId) throws IOException {
        Principal me = x.principal();
        AccessProfile profile;
        try {
            profile = profileId == null ? null : services.profiles().get(me.tenantId(), profileId);
        } catch (UnknownResourceException e) {
            x.message(404, "notFoundTitle", "notFoundText", "not-found");
            return;
        } catch (FeatureDisabledException e) {
            x.message(403, "featureOffTitle", "featureOffAdmin", "feature-off");
            return;
        }
        showProfileForm(x, 200, profile, profile == null ? new ProfileDraft("", "", List.of(), List.of())
            : new ProfileDraft(profile.name(), profile.description(), profile.rights(), profile.delegableProfiles(),
                profile.maxValidityMonths()), null);
    }

    private void showProfileForm(Exchange x, int status, AccessProfile profile, ProfileDraft values, String error)
        throws IOException {
        Principal me = x.principal();
        Map<String, Object> model = x.model();
        model.put("profileId", profile == null ? "" : profile.id());
        model.put("name", values.name() == null ? "" : values.name());
        model.put("description", values.description() == null ? "" : values.description());
        model.put("rights", rightOptions(x, new HashSet<>(values.rights())));
        List<Map<String, Object>> delegable = new ArrayList<>();
        for (AccessProfile p : services.profiles().list(me.tenantId())) {
            delegable.add(Map.of("name", p.name(), "checked", values.delegableProfiles().contains(p.name()), "index", delegable.size()));
        }
        model.put("delegable", delegable);
        model.put("maxValidityMonths", values.maxValidityMonths() == null ? "" : String.valueOf(values.maxValidityMonths()));
        if (error != null) {
            model.put("formError", error);
        }
        x.render(status, "admin-profile", model);
    }

    void saveProfile(Exchange x, String profileId) throws IOException {
        Principal me = x.principal();
        String months = x.param("maxValidityMonths").trim();
        Integer maxValidityMonths = null;
        String monthsError = null;
        if (!months.isEmpty()) {
            try {
                maxValidityMonths = Integer.valueOf(months);
            } catch (NumberFormatException e) {
                monthsError = x.text("profileMaxValidityInvalid");
            }
        }
        ProfileDraft draft = new ProfileDraft(x.param("name"), x.param("description"), x.params("rights"), x.params("delegable"),
            maxValidityMonths);
        AccessProfile existing = null;
        try {
            existing = profileId == null ? null : services.profiles().get(me.tenantId(), profileId);
            if (monthsError != null) {
                showProfileForm(x, 400, existing, draft, monthsError);
                return;
            }
            AccessProfile saved = existing == null ? services.profiles().create(me.tenantId(), draft, actor(me))
                : services.profiles().replace(me.tenantId(), profileId, draft, actor(me));
            x.flash(x.format("profileSaved", saved.name()));
            x.redirect("/admin/profiles");
        } catch (UnknownResourceException e) {
            x.message(404, "notFoundTitle", "notFoundText", "not-found");
        } catch (FeatureDisabledException e) {
            x.message(403, "featureOffTitle", "featureOffAdmin", "feature-off");
        } catch (ValidationException | ConflictException e) {
            showProfileForm(x, e instanceof ConflictException ? 409 : 400, existing, draft, services.reason(x, e));
        }
    }

    void deleteProfile(Exchange x, String profileId) throws IOException {
        Principal me = x.principal();
        try {
            AccessProfile p = services.profiles().get(me.tenantId(), profileId);
            services.profiles().delete(me.tenantId(), profileId, actor(me));
            x.flash(x.format("profileDeleted", p.name()));
            x.redirect("/admin/profiles");
        } catch (UnknownResourceException e) {
            x.message(404, "notFoundTitle", "notFoundText", "not-found");
        } catch (FeatureDisabledException e) {
            x.message(403, "featureOffTitle", "featureOffAdmin", "feature-off");
        } catch (ConflictException e) {
            AccessProfile p = services.profiles().get(me.tenantId(), profileId);
            showProfileForm(x, 409, p, new ProfileDraft(p.name(), p.description(), p.rights(), p.delegableProfiles(), p.maxValidityMonths()),
                x.text("profileInUse") + " " + services.refusal(e, x.language));
        }
    }

    // --- Freischaltungen ---------------------------------------------------------------------

    void grants(Exchange x) throws IOException {
        Principal me = x.principal();
        String q = x.param("q").trim();
        String needle = q.toLowerCase(Locale.ROOT);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Grant g : services.grants().list(me.tenantId())) {
            String members = g.members().stream().map(Member::email).collect(Collectors.joining(", "));
            if (!needle.isEmpty() && !g.name().toLowerCase(Locale.ROOT).contains(needle) && !members.toLowerCase(Locale.ROOT).contains(needle)) {
                continue;
            }
            rows.add(Map.of("id", g.id(), "name", g.name(), "profile", g.profile() == null ? "–" : g.profile(),
                "customized", g.customized(), "members", members, "delegate", g.parentGrantId() != null));
        }
        Map<String, Object> model = x.model();
        model.put("q", q);
        model.put("rows", rows);
        x.render(200, "admin-grants", model);
    }

    void newGrantForm(Exchange x) throws IOException {
        showNewGrant(x, 200, Map.of(), null);
    }

    private void showNewGrant(Exchange x, int status, Map<String, Object> values, String error) throws IOException {
        Principal me = x.principal();
        Map<String, Object> model = x.model();
        model.putAll(Map.of("name", "", "email", "", "profile", "", "separate", false));
        model.putAll(values);
        model.put("profileNames", profileNames(me));
        @SuppressWarnings("unchecked")
        List<String> chosen = (List<String>) values.getOrDefault("customers", List.of());
        model.put("customers", customerOptions(me, new HashSet<>(chosen)));
        @SuppressWarnings("unchecked")
        List<String> rights = (List<String>) values.getOrDefault("rights", List.of());
        model.put("rights", rightOptions(x, new HashSet<>(rights)));
        if (error != null) {
            model.put("formError", error);
        }
        x.render(status, "admin-grant-new", model);
    }

    private List<String> profileNames(Principal me) {
        try {
            return services.profiles().list(me.tenantId()).stream().map(AccessProfile::name).toList();
        } catch (FeatureDisabledException e) {
            return List.of();
        }
    }

    private List<Map<String, Object>> customerOptions(Principal me, Set<String> checked) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Customer c : services.customers().list(me.tenantId())) {
            rows.add(Map.of("id", c.id(), "name", c.name() == null ? c.id() : c.name(), "checked", checked.contains(c.id()),
                "index", rows.size()));
        }
        return rows;
    }

    void createGrant(Exchange x) throws IOException {
        Principal me = x.principal();
        String profile = x.param("profile").isBlank() ? null : x.param("profile");
        boolean separate = "on".equals(x.param("separate"));
        // ticked rights make a classic grant (or one customized from its profile from the start)
        List<String> rights = x.params("rights");
        GrantDraft draft = new GrantDraft(x.param("name"), profile, rights.isEmpty() ? null : rights, x.params("customers"), separate,
            x.param("email"), x.language);
        try {
            Grant created = services.grants().create(me.tenantId(), draft, actor(me));
            x.flash(x.format("grantCreated", created.name()));
            x.redirect("/admin/grants/" + created.id());
        } catch (ValidationException | ConflictException e) {
            Map<String, Object> values = new HashMap<>();
            values.put("name", x.param("name"));
            values.put("email", x.param("email"));
            values.put("profile", x.param("profile"));
            values.put("separate", separate);
            values.put("customers", x.params("customers"));
            values.put("rights", rights);
            showNewGrant(x, e instanceof ConflictException ? 409 : 400, values, services.reason(x, e));
        }
    }

    void grant(Exchange x, String grantId) throws IOException {
        showGrant(x, 200, grantId, null);
    }

    private void showGrant(Exchange x, int status, String grantId, String error) throws IOException {
        Principal me = x.principal();
        Grant g;
        GrantNode tree;
        try {
            g = services.grants().get(me.tenantId(), grantId);
            tree = services.grants().tree(me.tenantId(), grantId);
        } catch (UnknownResourceException e) {
            x.message(404, "notFoundTitle", "notFoundText", "not-found");
            return;
        }
        Map<String, Object> model = x.model();
        model.put("g", Map.of("id", g.id(), "name", g.name(), "profile", g.profile() == null ? "" : g.profile(),
            "customized", g.customized(), "separate", g.separateDelegateGrants(), "parent", g.parentGrant() == null ? "" : g.parentGrant(),
            "parentId", g.parentGrantId() == null ? "" : g.parentGrantId(), "rights", titles(x, g.rights())));
        model.put("profileNames", profileNames(me));
        model.put("rights", rightOptions(x, new HashSet<>(g.rights())));
        List<Map<String, Object>> members = new ArrayList<>();
        for (Member m : g.members()) {
            members.add(Map.of("userId", m.userId(), "email", m.email(), "customers", names(m.customers()),
                "status", x.text(m.status() == MembershipStatus.INVITED ? "statusInvited" : "statusActive"), "pending", m.status() == MembershipStatus.INVITED,
                "invitedBy", m.invitedBy() == null ? "–" : m.invitedBy()));
        }
        model.put("members", members);
        model.put("customers", customerOptions(me, Set.of()));
        model.put("tree", treeRows(x, me, tree));
        if (error != null) {
            model.put("formError", error);
        }
        x.render(status, "admin-grant", model);
    }

    private static String names(List<Customer> customers) {
        return customers.stream().map(c -> c.name() == null ? c.id() : c.name()).collect(Collectors.joining(", "));
    }

    /**
     * The tree as flat rows with a depth, one per person: the effective customers and "zuletzt
     * aktiv" of a delegate are what their inviter's overview shows (the delegation service's
     * answer, attenuation included); a member an admin attached has their own scope.
     */
    private List<Map<String, Object>> treeRows(Exchange x, Principal me, GrantNode root) {
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, Delegate> seen = new LinkedHashMap<>();
        walk(x, me, root, 0, rows, seen);
        return rows;
    }

    private void walk(Exchange x, Principal me, GrantNode node, int depth, List<Map<String, Object>> rows, Map<String, Delegate> known) {
        for (Member m : node.members()) {
            Delegate d = known.get(node.grantId() + "/" + m.userId());
            Map<String, Object> row = new HashMap<>();
            row.put("depth", depth);
            row.put("grant", node.grant());
            row.put("grantId", node.grantId());
            row.put("profile", node.profile() == null ? "–" : node.profile());
            row.put("email", m.email());
            row.put("status", x.text(m.status() == MembershipStatus.INVITED ? "statusInvited" : "statusActive"));
            row.put("customers", d == null ? names(m.customers()) : names(d.customers()));
            row.put("lastActive", d == null || d.lastActiveAt() == null ? "–" : x.time(d.lastActiveAt()));
            rows.add(row);
            try {
                for (Delegate below : services.delegation().delegates(me.tenantId(), m.userId())) {
                    known.put(below.grantId() + "/" + below.userId(), below);
                }
            } catch (CollabException e) {
                // a member who cannot have delegates (no portal user): nothing below to look up
            }
        }
        for (GrantNode child : node.children()) {
            walk(x, me, child, depth + 1, rows, known);
        }
    }

    void changeGrant(Exchange x, String grantId) throws IOException {
        Principal me = x.principal();
        try {
            switch (x.param("action")) {
                case "rename" -> services.grants().rename(me.tenantId(), grantId, x.param("name"), actor(me));
                case "settings" -> services.grants().patch(me.tenantId(), grantId, new GrantPatch(false, null,
                    x.param("profile").isBlank() ? null : x.param("profile"), "on".equals(x.param("separate"))), actor(me));
                case "customize" -> services.grants().patch(me.tenantId(), grantId,
                    new GrantPatch(true, x.params("rights"), null, null), actor(me));
                case "reset" -> services.grants().patch(me.tenantId(), grantId, new GrantPatch(true, null, null, null), actor(me));
                case "add" -> services.grants().addMember(me.tenantId(), grantId, x.param("email"), x.params("customers"),
                    x.language, actor(me));
                default -> {
                    x.message(400, "errorTitle", "errorText", "error");
                    return;
                }
            }
            x.flash(x.text("grantSaved"));
            x.redirect("/admin/grants/" + grantId);
        } catch (UnknownResourceException e) {
            x.message(404, "notFoundTitle", "notFoundText", "not-found");
        } catch (ValidationException | ConflictException e) {
            showGrant(x, e instanceof ConflictException ? 409 : 400, grantId, services.reason(x, e));
        }
    }

    void resendMember(Exchange x, String grantId, String userId) throws IOException {
        Principal me = x.principal();
        try {
            Instant until = services.grants().resendInvitation(me.tenantId(), grantId, userId, actor(me));
            x.flash(x.format("resentUntil", x.time(until)));
            x.redirect("/admin/grants/" + grantId);
        } catch (UnknownResourceException e) {
            x.message(404, "notFoundTitle", "notFoundText", "not-found");
        } catch (ConflictException e) {
            showGrant(x, 409, grantId, services.reason(x, e));
        }
    }

    void removeMember(Exchange x, String grantId, String userId) throws IOException {
        Principal me = x.principal();
        try {
            services.grants().removeMember(me.tenantId(), grantId, userId, actor(me));
            x.flash(x.text("memberRemoved"));
            x.redirect("/admin/grants/" + grantId);
        } catch (UnknownResourceException e) {
            x.message(404, "notFoundTitle", "notFoundText", "not-found");
        }
    }

    void deleteGrant(Exchange x, String grantId) throws IOException {
        Principal me = x.principal();
        try {
            Grant g = services.grants().get(me.tenantId(), grantId);
            if (!"yes".equals(x.param("confirm"))) {
                Map<String, Object> model = x.model();
                model.put("g", Map.of("id", g.id(), "name", g.name()));
                x.render(200, "admin-grant-delete", model);
                return;
            }
            List<String> removed = services.grants().delete(me.tenantId(), grantId, actor(me));
            x.flash(x.format("grantDeleted", g.name(), removed.size()));
            x.redirect("/admin/grants");
        } catch (UnknownResourceException e) {
            x.message(404, "notFoundTitle", "notFoundText", "not-found");
        }
    }

    // --- audit -------------------------------------------------------------------------------

    void audit(Exchange x) throws IOException {
        Principal me = x.principal();
        Map<String, Object> model = x.model();
        for (String f : List.of("from", "to", "actor", "action", "target")) {
            model.put(f, x.param(f));
        }
        AuditQuery query;
        try {
            query = query(x);
        } catch (DateTimeParseException e) {
            model.put("formError", x.text("auditBadDate"));
            model.put("rows", List.of());
            x.render(400, "admin-audit", model);
            return;
        }
        long after = 0;
        try {
            after = x.param("after").isBlank() ? 0 : Long.parseLong(x.param("after"));
        } catch (NumberFormatException e) {
            after = 0;
        }
        List<AuditEntry> read = services.audit().entries(me.tenantId(), query, after, AUDIT_PAGE + 1);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (AuditEntry e : read.subList(0, Math.min(AUDIT_PAGE, read.size()))) {
            rows.add(Map.of("at", x.time(e.at()), "actor", e.actor(), "action", e.action(), "target", e.target(), "details", e.details()));
        }
        model.put("rows", rows);
        String filters = filterQuery(x);
        model.put("csvLink", "/admin/audit.csv" + (filters.isEmpty() ? "" : "?" + filters));
        if (read.size() > AUDIT_PAGE) {
            model.put("nextLink", "/admin/audit?" + (filters.isEmpty() ? "" : filters + "&") + "after=" + read.get(AUDIT_PAGE - 1).id());
        }
        if (after > 0) {
            model.put("firstLink", "/admin/audit" + (filters.isEmpty() ? "" : "?" + filters));
        }
        x.render(200, "admin-audit", model);
    }

    /** The whole filtered trail as CSV, in the tenant's time zone as the screen shows it. */
    void auditCsv(Exchange x) throws IOException {
        Principal me = x.principal();
        AuditQuery query;
        try {
            query = query(x);
        } catch (DateTimeParseException e) {
            x.message(400, "errorTitle", "auditBadDate", "error");
            return;
        }
        StringBuilder csv = new StringBuilder("id,at,actor,action,target,details\r\n");
        long after = 0;
        while (true) {
            List<AuditEntry> chunk = services.audit().entries(me.tenantId(), query, after, 500);
            for (AuditEntry e : chunk) {
                csv.append(e.id()).append(',').append(e.at()).append(',').append(Csv.cell(e.actor())).append(',').append(Csv.cell(e.action()))
                    .append(',').append(Csv.cell(e.target())).append(',').append(Csv.cell(e.details())).append("\r\n");
            }
            if (chunk.size() < 500) {
                break;
            }
            after = chunk.get(chunk.size() - 1).id();
        }
        x.download("text/csv;charset=UTF-8", "audit-" + me.tenantId() + ".csv", csv.toString());
    }

    /** The filters of the form; days are whole days of the screens' time zone, "to" included. */
    private static AuditQuery query(Exchange x) {
        ZoneId zone = x.zone();
        Instant from = x.param("from").isBlank() ? null : LocalDate.parse(x.param("from").trim()).atStartOfDay(zone).toInstant();
        Instant to = x.param("to").isBlank() ? null : LocalDate.parse(x.param("to").trim()).plusDays(1).atStartOfDay(zone).toInstant();
        return new AuditQuery(from, to, blank(x.param("actor")), blank(x.param("action")), blank(x.param("target")));
    }

    private static String blank(String s) {
        return s.isBlank() ? null : s.trim();
    }

    private static String filterQuery(Exchange x) {
        List<String> parts = new ArrayList<>();
        for (String f : List.of("from", "to", "actor", "action", "target")) {
            if (!x.param(f).isBlank()) {
                parts.add(f + "=" + URLEncoder.encode(x.param(f).trim(), StandardCharsets.UTF_8));
            }
        }
        return String.join("&", parts);
    }
}
