/** Grants (Freischaltungen): named access records with rights, a profile and members. */
@Export
@Version("2.2.0")
package dev.collab.api.grants;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
