package dev.collab.api.mail;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Delivers a message. The suite ships an SMTP transport (when SMTP is configured) and a default
 * that writes {@code .eml} files; the highest-ranked transport present is used.
 */
@ConsumerType
public interface MailTransport {

    /**
     * @param mail the message
     * @throws MailDeliveryException if it could not be handed over
     */
    void send(OutgoingMail mail) throws MailDeliveryException;
}
