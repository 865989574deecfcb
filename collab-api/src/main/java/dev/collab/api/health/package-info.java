/** Health indicators: each suite part reports whether it can serve, for {@code GET /health}. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.collab.api.health;
