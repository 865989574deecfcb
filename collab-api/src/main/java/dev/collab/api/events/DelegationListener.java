package dev.collab.api.events;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hears delegation events (whiteboard: register one as a service). Called after the change was
 * committed, on the thread that made it; must return quickly and not throw.
 */
@ConsumerType
public interface DelegationListener {

    /** @param event what happened */
    void delegationEvent(DelegationEvent event);
}
