/** Grants (Freischaltungen): named access records with rights, a profile and members. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.collab.api.grants;
