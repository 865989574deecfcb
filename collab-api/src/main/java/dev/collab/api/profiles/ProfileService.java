package dev.collab.api.profiles;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Access profile administration of a tenant. Every method refuses with
 * {@link dev.collab.api.FeatureDisabledException} while delegated access is off for the tenant.
 */
@ProviderType
public interface ProfileService {

    /**
     * @param tenantId the tenant
     * @param draft the new profile
     * @param actor who asks, for the audit trail
     * @return the stored profile
     * @throws dev.collab.api.ValidationException on unknown rights or profiles, or a bad name
     * @throws dev.collab.api.ConflictException if the name is taken
     */
    AccessProfile create(String tenantId, ProfileDraft draft, String actor);

    /**
     * @param tenantId the tenant
     * @return the tenant's profiles, ordered by name
     */
    List<AccessProfile> list(String tenantId);

    /**
     * @param tenantId the tenant
     * @param profileId the profile's id
     * @return the profile
     * @throws dev.collab.api.UnknownResourceException if the tenant has no such profile
     */
    AccessProfile get(String tenantId, String profileId);

    /**
     * Replaces name, description, rights and delegable profiles.
     *
     * @param tenantId the tenant
     * @param profileId the profile's id
     * @param draft the new content
     * @param actor who asks, for the audit trail
     * @return the stored profile
     */
    AccessProfile replace(String tenantId, String profileId, ProfileDraft draft, String actor);

    /**
     * @param tenantId the tenant
     * @param profileId the profile's id
     * @param actor who asks, for the audit trail
     * @throws dev.collab.api.ConflictException while grants use it or other profiles list it as delegable
     */
    void delete(String tenantId, String profileId, String actor);
}
