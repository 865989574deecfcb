/**
 * Access decisions: the fast path the host asks on every page view. Decisions always reflect
 * every change that has returned.
 */
@Export
@Version("1.0.0")
package dev.collab.api.access;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
