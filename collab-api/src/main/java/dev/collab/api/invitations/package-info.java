/**
 * Invitations to register. {@link dev.collab.api.invitations.InvitationSink} is how the raw
 * token leaves the suite's core: once, in-process, to whoever delivers it (the mailing bundle).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.collab.api.invitations;
