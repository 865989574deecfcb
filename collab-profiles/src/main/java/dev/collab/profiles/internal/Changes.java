package dev.collab.profiles.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What one write did, collected while it runs: memberships whose customer scope must be read
 * again into the access model, and work that may only happen once the transaction committed
 * (waking the mail dispatcher).
 */
final class Changes {
    final Set<String> rescoped = new HashSet<>();
    final List<Runnable> afterCommit = new ArrayList<>();
    final List<dev.collab.api.events.DelegationEvent> events = new ArrayList<>();

    void event(String type, String tenantId, String actor, String email, String grant, String details) {
        events.add(new dev.collab.api.events.DelegationEvent(type, tenantId, actor, email, grant, details,
            java.time.Instant.now()));
    }

    void rescoped(String membershipId) {
        rescoped.add(membershipId);
    }

    void afterCommit(Runnable action) {
        afterCommit.add(action);
    }
}
