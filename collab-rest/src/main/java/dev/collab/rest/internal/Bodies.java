package dev.collab.rest.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
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

    /** "Zugriffe überprüfen": {@code reviewDays} (0 off), {@code reviewGraceDays}, {@code reviewMode}; each absent one is kept. */
    record ReviewSettingsBody(Integer reviewDays, Integer reviewGraceDays, String reviewMode) {
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

    /** {@code maxValidityMonths}: absent or {@code null} for no limit on the validity of invitations with this profile. */
    record ProfileBody(String name, String description, List<String> rights, List<String> delegableProfiles,
        Integer maxValidityMonths) {
    }

    record CustomerBody(String name) {
    }

    record GrantBody(String name, String profile, List<String> rights, List<String> customers,
        Boolean separateDelegateGrants, String email, String language) {
    }

    record MemberBody(List<String> customers) {
    }

    /** {@code validUntil}: an ISO-8601 UTC timestamp ("gültig bis"), optional. */
    record InviteBody(String email, String profile, List<String> customers, Boolean allCustomers,
        List<String> exceptCustomers, String language, String validUntil) {
    }

    /** The admin's end of a member's access, an ISO-8601 UTC timestamp, or {@code null} (absent) for none. */
    record ValidUntilBody(String validUntil) {
    }

    /** The new end of a delegate's access, an ISO-8601 UTC timestamp. */
    record ExtendBody(String validUntil) {
    }

    /**
     * A timestamp field: read here rather than by Jackson, so that a malformed one is a 400
     * naming the field, like every other invalid input.
     *
     * @return the instant, or {@code null} when absent
     */
    static Instant instant(String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new ValidationException(field, "field.timestamp", field + " must be an ISO-8601 UTC timestamp such as"
                + " 2027-06-30T22:00:00Z.", field);
        }
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
