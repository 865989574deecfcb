package dev.collab.profiles.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.collab.api.events.DelegationEvent;

/**
 * What one change of a tenant did, collected while it runs and found through its transaction
 * ({@link AccessModel#touched()}): the memberships, grants and profiles it changed (the access
 * model reads exactly these back, see {@link AccessModel#change}) and the events to publish
 * once it committed. A membership's account and grant are read back with it: creating a
 * delegate's account or grant needs no mark of its own.
 */
final class Changes {
    /** Memberships added, removed or changed in anything but their customers. */
    final Set<String> memberships = new HashSet<>();
    /** Memberships whose customers changed (or that are new). */
    final Set<String> rescoped = new HashSet<>();
    /**
     * Customers a change wrote past the entity (the difference only, in SQL): the model takes
     * them from here, as the entity's collection, if loaded at all, would not show them.
     */
    final Map<String, Written> scopes = new HashMap<>();

    /**
     * A membership's customers as a re-scope wrote them, and what it took away and gave against
     * what the membership held when the change began (which the model applies to what it holds).
     */
    record Written(Collection<String> customers, Collection<String> removed, Collection<String> added) {
    }
    /**
     * Accounts to read back besides those of the memberships a model holds: another node that
     * follows several changes at once may never have held a membership that one created and the
     * next removed, while the account it created stays (see {@link AccessModel#catchUp}).
     */
    final Set<String> accounts = new HashSet<>();
    /** Grants whose name, profile or rights changed. */
    final Set<String> grants = new HashSet<>();
    /** Profiles created, removed or with changed rights. */
    final Set<String> profiles = new HashSet<>();
    final List<DelegationEvent> events = new ArrayList<>();

    void event(String type, String tenantId, String actor, String email, String grant, String details) {
        events.add(new DelegationEvent(type, tenantId, actor, email, grant, details, Instant.now()));
    }

    void rescoped(String membershipId) {
        rescoped.add(membershipId);
    }

    /**
     * The customers as written (an id may repeat), and the difference to what the membership held
     * when the change began: the caller hands over collections it no longer changes.
     */
    void rescoped(String membershipId, Collection<String> customers, Collection<String> removed, Collection<String> added) {
        rescoped.add(membershipId);
        scopes.put(membershipId, new Written(Collections.unmodifiableCollection(customers), removed, added));
    }

    void membership(String membershipId) {
        memberships.add(membershipId);
    }

    void grant(String grantId) {
        grants.add(grantId);
    }

    void profile(String profileId) {
        profiles.add(profileId);
    }

    boolean touchesNothing() {
        return memberships.isEmpty() && rescoped.isEmpty() && grants.isEmpty() && profiles.isEmpty();
    }
}
