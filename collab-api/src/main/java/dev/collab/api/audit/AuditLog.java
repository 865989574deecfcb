package dev.collab.api.audit;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Reads the audit trail of a tenant. */
@ProviderType
public interface AuditLog {

    /**
     * @param tenantId the tenant
     * @param afterId return entries with a larger id than this (0 for the start)
     * @param limit at most this many
     * @return entries in id order
     */
    List<AuditEntry> entries(String tenantId, long afterId, int limit);

    /**
     * The entries that match a query, in id order.
     *
     * @param tenantId the tenant
     * @param query the filters; each one given narrows the result
     * @param afterId return entries with a larger id than this (0 for the start)
     * @param limit at most this many (1 to 1000)
     * @return entries in id order
     * @throws dev.collab.api.UnknownResourceException if the tenant does not exist
     * @since 1.1.0
     */
    List<AuditEntry> entries(String tenantId, AuditQuery query, long afterId, int limit);
}
