/** The audit trail: every change, with time, actor, action, target and details. */
@Export
@Version("1.1.0")
package dev.collab.api.audit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
