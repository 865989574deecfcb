/**
 * Self-service of a portal user: what they can see, whom they may invite, and their delegates
 * (Mitarbeiter einladen, Freigeschaltete Mitarbeiter verwalten).
 */
@Export
@Version("2.3.0")
package dev.collab.api.delegation;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
