package dev.collab.api.accounts;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Remembers each authenticated request's user as active now, for the delegates overview.
 * Cheap: kept in memory and written to storage in batches.
 */
@ProviderType
public interface ActivityRecorder {

    /** @param principal the caller of a request that just authenticated */
    void active(Principal principal);
}
