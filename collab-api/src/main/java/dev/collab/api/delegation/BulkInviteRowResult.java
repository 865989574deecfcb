package dev.collab.api.delegation;

import java.util.List;

import dev.collab.api.customers.Customer;

/**
 * The result of one row of a bulk invitation.
 *
 * @param row the row's position in the request, from 1
 * @param email the e-mail as given (trimmed), or as stored when valid
 * @param profile the profile the row asks for (its own or the default), or {@code null}
 * @param customers the customers the delegate gets (or would get), by id; empty when the row failed
 * @param outcome what became of the row
 * @param delegateId the new delegate's id when {@link BulkInviteOutcome#INVITED}, else {@code null}
 * @param key the stable key of the refusal's message (as {@link dev.collab.api.FieldError#key()}), or
 *        {@code null} when the row is fine
 * @param message the refusal in English words, or {@code null} when the row is fine
 * @param arguments the values the message names, in the order of the key's placeholders
 * @since 2.1
 */
public record BulkInviteRowResult(int row, String email, String profile, List<Customer> customers, BulkInviteOutcome outcome,
    String delegateId, String key, String message, List<Object> arguments) {
}
