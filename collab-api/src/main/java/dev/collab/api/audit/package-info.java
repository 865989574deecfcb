/** The audit trail: every change, with time, actor, action, target and details. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.collab.api.audit;
