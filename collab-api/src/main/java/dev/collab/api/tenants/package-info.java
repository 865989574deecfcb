/** Tenants (broker firms) and their per-tenant feature switch. */
@Export
@Version("1.3.0")
package dev.collab.api.tenants;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
