/** Tenants (broker firms) and their per-tenant feature switch. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.collab.api.tenants;
