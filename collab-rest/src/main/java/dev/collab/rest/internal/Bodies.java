package dev.collab.rest.internal;

import java.util.List;

import dev.collab.api.ValidationException;

/** Request bodies of the contract, as Jackson reads them. */
final class Bodies {
    private Bodies() {
    }

    static <T> T require(T body) {
        if (body == null) {
            throw new ValidationException("body", "body.required", "A JSON body is required.");
        }
        return body;
    }

    /**
     * {@code language}, {@code invitationValidityHours}, {@code timeZone}, {@code reminderLeadHours},
     * {@code removalMail}, {@code reviewDays} (0 off), {@code reviewGraceDays} and {@code reviewMode}
     * are optional: absent keeps them.
     */
    record TenantBody(String name, String language, Integer invitationValidityHours, String timeZone, Integer reminderLeadHours,
        Boolean removalMail, Integer reviewDays, Integer reviewGraceDays, String reviewMode) {
    }

    record FeatureBody(Boolean enabled) {
    }

    record AdminBody(String email, String password) {
    }

    /**
     * @return {@code value}
     * @throws ValidationException naming {@code field} when it is absent
     */
    static <T> T required(T value, String field) {
        if (value == null) {
            throw new ValidationException(field, "field.required", field + " is required.", field);
        }
        return value;
    }

    record ProfileBody(String name, String description, List<String> rights, List<String> delegableProfiles) {
    }

    record CustomerBody(String name) {
    }

    record GrantBody(String name, String profile, List<String> rights, List<String> customers,
        Boolean separateDelegateGrants, String email, String language) {
    }

    record MemberBody(List<String> customers) {
    }

    record InviteBody(String email, String profile, List<String> customers, Boolean allCustomers,
        List<String> exceptCustomers, String language) {
    }

    /** A bulk invitation: the rows, the defaults for rows without profile or customers, and whether to check only. */
    record BulkInviteBody(List<BulkRowBody> rows, String profile, List<String> customers, Boolean allCustomers, String language,
        Boolean dryRun) {
    }

    record BulkRowBody(String email, String profile, List<String> customers) {
    }

    record DeleteDelegatesBody(List<String> ids) {
    }

    record AcceptBody(String password, String displayName) {
    }

    /** A grant's new name. */
    record NameBody(String name) {
    }

    /** One more person for an existing grant. */
    record NewMemberBody(String email, List<String> customers, String language) {
    }
    /** The GF's hand-over: the successor's membership id, as the hand-over options list it. */
    record HandOverBody(String successorId) {
    }

    /** "Zugriffe überprüfen": every direct delegate in exactly one of the lists. */
    record ReviewBody(List<String> keep, List<String> remove) {
    }

    /** The admin's hand-over: the successor's membership, by its grant and account. */
    record SuccessorBody(String grantId, String userId) {
    }
}
