package dev.collab.profiles.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable picture of one tenant's grants and memberships, from which access is decided
 * without touching the database. A membership's effective customers are its own scope
 * intersected with those of every inviter above it (attenuation), evaluated on each question by
 * walking the short inviter chain, so that a change to one membership never needs the others
 * to be recomputed.
 */
final class TenantModel {
    /** Inviter chains are short (a few levels); this only stops a corrupt cycle. */
    static final int MAX_DEPTH = 64;

    record Node(String id, String accountId, String grantId, String inviterId, boolean active, Set<String> scope) {
    }

    final Map<String, Node> nodes;
    final Map<String, List<String>> membershipsByAccount;
    final Map<String, String> accountByLogin;
    final Map<String, Set<String>> grantRights;
    final Map<String, String> grantNames;
    private final java.util.Set<String> accountIds;

    TenantModel(Map<String, Node> nodes, Map<String, List<String>> membershipsByAccount,
        Map<String, String> accountByLogin, Map<String, Set<String>> grantRights, Map<String, String> grantNames) {
        this.nodes = nodes;
        this.membershipsByAccount = membershipsByAccount;
        this.accountByLogin = accountByLogin;
        this.grantRights = grantRights;
        this.grantNames = grantNames;
        this.accountIds = java.util.Set.copyOf(accountByLogin.values());
    }

    /** @return the account id for an e-mail (any case) or an account id, or {@code null} */
    String account(String user) {
        if (user == null) {
            return null;
        }
        String byLogin = accountByLogin.get(Rules.loginKey(user.trim()));
        if (byLogin != null) {
            return byLogin;
        }
        return accountIds.contains(user) ? user : null;
    }

    List<Node> memberships(String accountId) {
        List<String> ids = membershipsByAccount.get(accountId);
        if (ids == null) {
            return List.of();
        }
        List<Node> result = new ArrayList<>(ids.size());
        for (String id : ids) {
            Node node = nodes.get(id);
            if (node != null) {
                result.add(node);
            }
        }
        return result;
    }

    /** Whether the membership and every inviter above it are active and see the customer. */
    boolean reaches(Node node, String customerId) {
        Node current = node;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            if (!current.active() || !current.scope().contains(customerId)) {
                return false;
            }
            if (current.inviterId() == null) {
                return true;
            }
            current = nodes.get(current.inviterId());
        }
        return false;
    }

    /** Whether the membership and its whole inviter chain exist and are active. */
    boolean live(Node node) {
        Node current = node;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            if (!current.active()) {
                return false;
            }
            if (current.inviterId() == null) {
                return true;
            }
            current = nodes.get(current.inviterId());
        }
        return false;
    }

    /** The membership's effective customers: its scope, attenuated by every inviter above it. */
    Set<String> effective(Node node) {
        if (!live(node)) {
            return Set.of();
        }
        Set<String> result = new HashSet<>(node.scope());
        Node current = node.inviterId() == null ? null : nodes.get(node.inviterId());
        while (current != null && !result.isEmpty()) {
            result.retainAll(current.scope());
            current = current.inviterId() == null ? null : nodes.get(current.inviterId());
        }
        return result;
    }

    Set<String> rights(Node node) {
        return grantRights.getOrDefault(node.grantId(), Set.of());
    }
}
