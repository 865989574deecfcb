/**
 * Rights and access profiles. {@link dev.collab.api.profiles.RightProvider} is an extension
 * point: partner bundles contribute rights to the catalog by registering one.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.collab.api.profiles;
