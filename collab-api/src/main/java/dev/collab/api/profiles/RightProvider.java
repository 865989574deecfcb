package dev.collab.api.profiles;

import java.util.Collection;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Contributes rights to the catalog. Implemented by the suite (the built-in rights) and by
 * partner bundles; the catalog is the union of all providers present. When two providers
 * name the same id, the one with the higher service ranking gives the title.
 */
@ConsumerType
public interface RightProvider {

    /** @return the rights this provider contributes; ids match {@code [a-z][a-z0-9]*(\.[a-z][a-z0-9]*)+} */
    Collection<Right> rights();
}
