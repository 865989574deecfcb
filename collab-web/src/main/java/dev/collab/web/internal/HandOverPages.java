package dev.collab.web.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import dev.collab.api.CollabException;
import dev.collab.api.ConflictException;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.accounts.Principal;
import dev.collab.api.grants.HandOverOptions;
import dev.collab.api.grants.HandOverResult;
import dev.collab.api.grants.Successor;

/**
 * "Ansprechpartner wechselt" on the screens: the delete confirmation says how many more people a
 * deletion removes and offers to hand the leaver's delegates to a successor first; the admin's
 * member list offers the same for any member. Every rule is the services'; a refusal shows their
 * reason in the user's words.
 */
final class HandOverPages {
    private final Services services;

    HandOverPages(Services services) {
        this.services = services;
    }

    /**
     * Adds to the GF's delete confirmation: how many more people the deletion removes
     * ({@code cascadeText}) and, when one delegate who invited others is marked, the hand-over
     * offer ({@code handOver}).
     */
    void offer(Exchange x, List<String> ids, Map<String, Object> model) {
        Principal me = x.principal();
        List<String> marked = new ArrayList<>(new LinkedHashSet<>(ids));
        int cascade = services.delegation().cascadeCount(me.tenantId(), me.accountId(), marked);
        if (cascade > 0) {
            model.put("cascadeText", x.format("cascadeWarning", cascade));
        }
        if (marked.size() == 1) {
            HandOverOptions options = services.delegation().handOverOptions(me.tenantId(), me.accountId(), marked.get(0));
            if (options.delegates() > 0) {
                String leaver = services.delegation().delegate(me.tenantId(), me.accountId(), marked.get(0)).email();
                model.put("handOver", offerModel(x, leaver, options, s -> s.id()));
                model.put("handOverAction", "/delegates/" + marked.get(0) + "/hand-over");
            }
        }
    }

    /** The GF's hand-over of one of their delegates to the successor chosen on the confirmation. */
    void handOverDelegate(Exchange x, String delegateId) throws IOException {
        Principal me = x.principal();
        try {
            HandOverResult result = services.delegation().handOver(me.tenantId(), me.accountId(), delegateId, x.param("successorId"));
            x.flash(x.format("handedOver", result.count(), result.successor(), result.leaver()));
            x.redirect("/delegates");
        } catch (UnknownResourceException e) {
            x.flash(x.text("deleteFailed"));
            x.redirect("/delegates");
        } catch (ValidationException | ConflictException e) {
            Map<String, Object> model = x.model();
            model.put("formError", services.reason(x, e));
            String leaver;
            HandOverOptions options;
            try {
                leaver = services.delegation().delegate(me.tenantId(), me.accountId(), delegateId).email();
                options = services.delegation().handOverOptions(me.tenantId(), me.accountId(), delegateId);
            } catch (UnknownResourceException gone) {
                x.redirect("/delegates");
                return;
            }
            model.put("marked", List.of(Map.of("id", delegateId, "email", leaver)));
            if (options.cascade() > 0) {
                model.put("cascadeText", x.format("cascadeWarning", options.cascade()));
            }
            model.put("handOver", offerModel(x, leaver, options, s -> s.id()));
            model.put("handOverAction", "/delegates/" + delegateId + "/hand-over");
            x.render(e instanceof ConflictException ? 409 : 400, "delete-confirm", model);
        }
    }

    /** The admin's page for a member: what a removal takes with it, and the hand-over instead. */
    void memberPage(Exchange x, String grantId, String userId) throws IOException {
        memberPage(x, 200, grantId, userId, null);
    }

    /** The admin's hand-over of a member to the successor chosen ({@code grantId:userId}). */
    void handOverMember(Exchange x, String grantId, String userId) throws IOException {
        Principal me = x.principal();
        String chosen = x.param("successor");
        int colon = chosen.indexOf(':');
        try {
            HandOverResult result = services.grants().handOver(me.tenantId(), grantId, userId,
                colon < 0 ? chosen : chosen.substring(0, colon), colon < 0 ? "" : chosen.substring(colon + 1), "admin:" + me.name());
            x.flash(x.format("handedOver", result.count(), result.successor(), result.leaver()));
            x.redirect("/admin/grants/" + grantId);
        } catch (UnknownResourceException e) {
            x.message(404, "notFoundTitle", "notFoundText", "not-found");
        } catch (ValidationException | ConflictException e) {
            memberPage(x, e instanceof ConflictException ? 409 : 400, grantId, userId, e);
        }
    }

    private void memberPage(Exchange x, int status, String grantId, String userId, CollabException refused) throws IOException {
        Principal me = x.principal();
        HandOverOptions options;
        String leaver;
        String grant;
        try {
            options = services.grants().handOverOptions(me.tenantId(), grantId, userId);
            var g = services.grants().get(me.tenantId(), grantId);
            grant = g.name();
            leaver = g.members().stream().filter(m -> m.userId().equals(userId)).map(m -> m.email()).findFirst().orElse(userId);
        } catch (UnknownResourceException e) {
            x.message(404, "notFoundTitle", "notFoundText", "not-found");
            return;
        }
        Map<String, Object> model = x.model();
        if (refused != null) {
            model.put("formError", services.reason(x, refused));
        }
        model.put("grant", Map.of("id", grantId, "name", grant));
        model.put("leaver", Map.of("userId", userId, "email", leaver));
        model.put("cascadeText", options.cascade() > 0 ? x.format("cascadeWarning", options.cascade()) : x.text("cascadeNone"));
        model.put("handOver", offerModel(x, leaver, options, s -> s.grantId() + ":" + s.userId()));
        x.render(status, "admin-handover", model);
    }

    private interface Value {
        String of(Successor successor);
    }

    private static Map<String, Object> offerModel(Exchange x, String leaver, HandOverOptions options, Value value) {
        List<Map<String, String>> successors = new ArrayList<>();
        Principal me = x.principal();
        for (Successor s : options.successors()) {
            // The GF may take over themselves: say so rather than show them their own address.
            String who = me != null && s.userId().equals(me.accountId()) ? x.text("successorYourself") : s.email();
            successors.add(Map.of("value", value.of(s), "label", who + " (" + s.grant()
                + (s.profile() == null ? "" : ", " + s.profile()) + ")"));
        }
        return Map.of("intro", x.format("handOverIntro", leaver, options.delegates()), "successors", successors,
            "none", options.successors().isEmpty());
    }
}
