package dev.collab.api.delegation;

import java.util.List;

/**
 * The answer to a bulk invitation: one result per row, in the request's order.
 *
 * @param created whether the delegates were created (every row {@link BulkInviteOutcome#INVITED});
 *        {@code false} after a check only or when any row failed, and then nothing was created
 * @param rows the rows' results
 * @since 2.1
 */
public record BulkInviteResult(boolean created, List<BulkInviteRowResult> rows) {

    /** @return how many rows failed their checks */
    public long failed() {
        return rows.stream().filter(r -> !r.outcome().ok()).count();
    }
}
