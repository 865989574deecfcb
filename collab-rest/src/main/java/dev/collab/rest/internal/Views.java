package dev.collab.rest.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.collab.api.accounts.Account;
import dev.collab.api.audit.AuditEntry;
import dev.collab.api.customers.Customer;
import dev.collab.api.delegation.BulkInviteOutcome;
import dev.collab.api.tenants.Tenant;

/** Answers of the contract that differ in shape from the API's records. */
final class Views {
    private Views() {
    }

    /**
     * {@code timeZone}: the zone of the tenant's mails and screens; the API's own times stay UTC.
     * {@code reminderLeadHours}: {@code null} for the container's default, 0 for no reminders.
     * {@code reviewDays}: {@code null} for no access reviews.
     */
    record TenantView(String id, String name, Map<String, Boolean> features, String language, Integer invitationValidityHours,
        String timeZone, Integer reminderLeadHours, boolean removalMail, Integer reviewDays, int reviewGraceDays,
        String reviewMode) {
        static TenantView of(Tenant tenant) {
            return new TenantView(tenant.id(), tenant.name(), Map.of("delegatedAccess", tenant.delegatedAccess()),
                tenant.language(), tenant.invitationValidityHours(), tenant.timeZone(), tenant.reminderLeadHours(), tenant.removalMail(),
                tenant.reviewDays(), tenant.reviewGraceDays(), tenant.reviewMode());
        }
    }

    record AccountView(String id, String email) {
        static AccountView of(Account account) {
            return new AccountView(account.id(), account.email());
        }
    }

    /** An audit entry; its id is shown as an opaque string, as every id of the contract. */
    record AuditEntryView(String id, Instant at, String actor, String action, String target, String details) {
        static AuditEntryView of(AuditEntry entry) {
            return new AuditEntryView(Long.toString(entry.id()), entry.at(), entry.actor(), entry.action(),
                entry.target(), entry.details());
        }
    }

    /** The account that accepted an invitation. */
    record AcceptedView(String userId, String email) {
        static AcceptedView of(Account account) {
            return new AcceptedView(account.id(), account.email());
        }
    }

    /** The delegates removed by one bulk deletion. */
    record DeletedView(List<String> deleted) {
    }

    /** A new invitation of a pending member. */
    record ResentView(Instant expiresAt) {
    }

    /**
     * The answer to a bulk invitation: {@code created} whether the delegates exist now,
     * {@code dryRun} whether it was a check only, and each row's result.
     */
    record BulkView(boolean created, boolean dryRun, int invited, int failed, List<BulkRowView> rows) {
    }

    /**
     * One row's result. {@code line}: the line of the CSV text the row came from (CSV only);
     * {@code messageKey} and {@code message}: why the row fails, the message in the caller's language.
     */
    record BulkRowView(int row, Integer line, String email, String profile, List<Customer> customers, BulkInviteOutcome outcome,
        String delegateId, String messageKey, String message) {
    }
}
