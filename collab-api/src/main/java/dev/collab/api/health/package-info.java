/** Health indicators: each suite part reports whether it can serve, for {@code GET /health}. */
@Export
@Version("1.0.0")
package dev.collab.api.health;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
