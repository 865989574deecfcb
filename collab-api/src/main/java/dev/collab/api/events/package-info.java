/**
 * Delegation events for listeners: whiteboard {@link dev.collab.api.events.DelegationListener}
 * services, and the same events posted to EventAdmin under {@code dev/collab/delegation/<TYPE>}.
 */
@Export
@Version("1.0.0")
package dev.collab.api.events;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
