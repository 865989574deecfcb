package dev.collab.api.profiles;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** The rights currently known: built-in ones plus those partner bundles contribute. */
@ProviderType
public interface RightsCatalog {

    /** @return every right, ordered by id */
    List<Right> rights();

    /**
     * @param rightId a right's id
     * @return the right, or empty if no provider contributes it now
     */
    Optional<Right> find(String rightId);
}
