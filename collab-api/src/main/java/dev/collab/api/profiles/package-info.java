/**
 * Rights and access profiles. {@link dev.collab.api.profiles.RightProvider} is an extension
 * point: partner bundles contribute rights to the catalog by registering one.
 */
@Export
@Version("1.2.0")
package dev.collab.api.profiles;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
