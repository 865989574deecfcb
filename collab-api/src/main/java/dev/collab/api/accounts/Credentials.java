package dev.collab.api.accounts;

/**
 * What a request presents for authentication.
 *
 * @param tenantId the tenant named in the request's path, or {@code null} outside any tenant
 * @param authorization the raw {@code Authorization} header, or {@code null}
 * @param clientAddress the client's address, for rate limiting and audit
 */
public record Credentials(String tenantId, String authorization, String clientAddress) {
}
