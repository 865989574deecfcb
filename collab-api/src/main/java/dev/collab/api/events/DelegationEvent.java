package dev.collab.api.events;

import java.time.Instant;

/**
 * Something that happened to delegated access, delivered after it was committed.
 *
 * @param type {@code INVITED}, {@code ACCEPTED}, {@code REMOVED}, {@code CASCADED} (removed because
 *        the person who invited them was removed) or {@code FEATURE_SWITCHED}
 * @param tenantId the tenant
 * @param actor who caused it, as in the audit trail
 * @param email the person it happened to ({@code null} for {@code FEATURE_SWITCHED})
 * @param grant the grant's name ({@code null} for {@code FEATURE_SWITCHED})
 * @param details free text, e.g. the profile or the new state of the switch
 * @param at when
 */
public record DelegationEvent(String type, String tenantId, String actor, String email, String grant, String details,
    Instant at) {

    /** The EventAdmin topic prefix; the topic is this plus the type. */
    public static final String TOPIC_PREFIX = "dev/collab/delegation/";
}
