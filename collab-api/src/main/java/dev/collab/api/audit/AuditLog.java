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
}
