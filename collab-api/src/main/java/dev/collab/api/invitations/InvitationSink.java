package dev.collab.api.invitations;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives each new invitation token once, after its invitation was committed: the mailing
 * bundle turns it into a registration mail. Implementations must not block for long.
 */
@ConsumerType
public interface InvitationSink {

    /** @param invitation the new invitation with its raw token */
    void issued(InvitationIssued invitation);
}
