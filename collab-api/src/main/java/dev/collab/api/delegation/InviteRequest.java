package dev.collab.api.delegation;

import java.time.Instant;
import java.util.List;

/**
 * An invitation of a delegate: either explicit customers, or all of the inviter's customers
 * except some ("select all, then deselect").
 *
 * @param email the invitee's e-mail
 * @param profile one of the inviter's delegable profiles, by name
 * @param customers explicit customer ids, or {@code null} with {@code allCustomers}
 * @param allCustomers whether to give all the inviter's effective customers
 * @param exceptCustomers with {@code allCustomers}: customer ids to leave out
 * @param language the invitee's language for mails ({@code de} or {@code en}), or {@code null} if not known
 * @param validUntil the end of the invitee's access ("gültig bis"), or {@code null}: the profile's limit where it has
 *        one, else unlimited (since 2.3)
 */
public record InviteRequest(String email, String profile, List<String> customers, boolean allCustomers,
    List<String> exceptCustomers, String language, Instant validUntil) {

    /** Without a validity of the inviter's choosing (the 2.2 shape). */
    public InviteRequest(String email, String profile, List<String> customers, boolean allCustomers,
        List<String> exceptCustomers, String language) {
        this(email, profile, customers, allCustomers, exceptCustomers, language, null);
    }

    /** An invitation without a known language: mails use the tenant's. */
    public InviteRequest(String email, String profile, List<String> customers, boolean allCustomers,
        List<String> exceptCustomers) {
        this(email, profile, customers, allCustomers, exceptCustomers, null, null);
    }
}
