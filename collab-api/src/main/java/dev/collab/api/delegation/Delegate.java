package dev.collab.api.delegation;

import java.time.Instant;
import java.util.List;

import dev.collab.api.customers.Customer;
import dev.collab.api.grants.MembershipStatus;
import dev.collab.api.mail.MailStatus;

/**
 * A person the user invited, as the overview shows them.
 *
 * @param id the delegate's id (stable; used to delete)
 * @param userId the delegate's account id
 * @param email the delegate's e-mail
 * @param profile the profile given
 * @param grant the delegate's grant name
 * @param grantId the delegate's grant id
 * @param customers the customers chosen for them, as far as the inviter still sees them
 * @param status invited or registered
 * @param invitedAt when they were invited
 * @param lastActiveAt their last authenticated request, or {@code null}
 * @param mailStatus delivery of the newest invitation mail, or {@code null} once registered
 * @param expiresAt while {@code INVITED}: when the newest invitation link stops working; {@code null} once registered
 * @param validUntil when the delegate's access ends by itself: the earliest "gültig bis" of their membership and of every
 *        inviter above it; {@code null} for unlimited (since 2.3)
 */
public record Delegate(String id, String userId, String email, String profile, String grant, String grantId,
    List<Customer> customers, MembershipStatus status, Instant invitedAt, Instant lastActiveAt, MailStatus mailStatus,
    Instant expiresAt, Instant validUntil) {

    /** Without the validity (the 2.2 shape). */
    public Delegate(String id, String userId, String email, String profile, String grant, String grantId,
        List<Customer> customers, MembershipStatus status, Instant invitedAt, Instant lastActiveAt, MailStatus mailStatus,
        Instant expiresAt) {
        this(id, userId, email, profile, grant, grantId, customers, status, invitedAt, lastActiveAt, mailStatus, expiresAt, null);
    }

    /** Without the link's expiry (the 1.0 shape). */
    public Delegate(String id, String userId, String email, String profile, String grant, String grantId,
        List<Customer> customers, MembershipStatus status, Instant invitedAt, Instant lastActiveAt, MailStatus mailStatus) {
        this(id, userId, email, profile, grant, grantId, customers, status, invitedAt, lastActiveAt, mailStatus, null, null);
    }
}
