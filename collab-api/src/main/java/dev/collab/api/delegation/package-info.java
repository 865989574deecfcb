/**
 * Self-service of a portal user: what they can see, whom they may invite, and their delegates
 * (Mitarbeiter einladen, Freigeschaltete Mitarbeiter verwalten).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package dev.collab.api.delegation;
