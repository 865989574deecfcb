package dev.collab.api.grants;

/** Where a person's membership of a grant stands. */
public enum MembershipStatus {
    /** Invited; the invitation is not redeemed yet, so the person has no access. */
    INVITED,
    /** Registered: the person has the grant's access (bounded by their inviter's). */
    ACTIVE,
    /**
     * The access ended by itself: the membership's validity ("gültig bis"), or that of an inviter
     * above it, has passed. The membership stays (the inviter may remove it or invite again).
     *
     * @since 2.2
     */
    EXPIRED
}
