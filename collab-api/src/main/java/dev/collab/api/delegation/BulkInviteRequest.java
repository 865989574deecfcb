package dev.collab.api.delegation;

import java.util.List;

/**
 * A list of people to invite at once ("Mehrere Mitarbeiter einladen"), each row like one
 * {@link InviteRequest}; a row without a profile or customers of its own takes those chosen
 * once for all rows here.
 *
 * @param rows the people to invite, 1 to {@link #MAX_ROWS}
 * @param profile the profile of rows that name none, or {@code null}
 * @param customers the customer ids of rows that name none, or {@code null} with {@code allCustomers}
 * @param allCustomers whether rows that name no customers get all the inviter's effective customers
 * @param language the invitees' language for mails ({@code de} or {@code en}), or {@code null} if not known
 * @since 2.1
 */
public record BulkInviteRequest(List<BulkInviteRow> rows, String profile, List<String> customers, boolean allCustomers,
    String language) {
    /** The most rows one request may hold. */
    public static final int MAX_ROWS = 500;
}
