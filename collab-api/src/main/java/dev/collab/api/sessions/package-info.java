/**
 * The web screens' sign-in sessions, kept where every node of a cluster reads them: a store the
 * core implements on the suite's database, so that a browser stays signed in whichever node
 * serves its next request.
 */
@Export
@Version("1.0.0")
package dev.collab.api.sessions;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
