package dev.collab.api.mailbox;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/** The messages users of a tenant sent and received. Implemented by the host CRM. */
@ConsumerType
public interface Mailbox {

    /**
     * @param tenantId the tenant
     * @param email the user's e-mail (case-insensitive)
     * @return the messages the user sent or received, newest first
     */
    List<Message> messages(String tenantId, String email);

    /**
     * Delivers a message from one user of the tenant to another.
     *
     * @param tenantId the tenant
     * @param from sender's e-mail
     * @param to recipient's e-mail
     * @param subject subject line
     * @param body plain text
     * @return the stored message
     */
    Message deliver(String tenantId, String from, String to, String subject, String body);
}
