package dev.collab.api.delegation;

/**
 * What became of one row of a bulk invitation.
 *
 * @since 2.1
 */
public enum BulkInviteOutcome {
    /** The row passed every check; nothing was created (a check only, or another row failed). */
    INVITABLE,
    /** The delegate was created and their invitation mail queued. */
    INVITED,
    /** The e-mail is missing or not a valid address. */
    INVALID_ADDRESS,
    /** The e-mail is in the list before (compared case-insensitively), or already invited under the same inviter grant. */
    DUPLICATE,
    /** The e-mail is already a registered delegate under the same inviter grant. */
    ALREADY_MEMBER,
    /** No profile was given, or the profile is not one the inviter may hand out. */
    PROFILE_NOT_DELEGABLE,
    /** No customers were given, or a customer is not one the inviter sees now. */
    CUSTOMER_NOT_ALLOWED,
    /**
     * Any other refusal of a single invitation, e.g. the inviter's own address, an account that
     * cannot be invited, a delegation chain at its deepest; the row's message key says which.
     */
    NOT_POSSIBLE;

    /** @return whether the row can be (or was) created */
    public boolean ok() {
        return this == INVITABLE || this == INVITED;
    }
}
