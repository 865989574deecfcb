package dev.collab.api.mail;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Words a password reset mail ("Passwort vergessen"). Chosen like {@link InvitationTemplate}:
 * the suite's default covers German and English at the lowest ranking; a template with a higher
 * ranking replaces it, optionally for the one language named in its {@link #LANGUAGE} property.
 */
@ConsumerType
public interface PasswordResetTemplate {

    /** Service property naming the one language a template is for; absent means all. */
    String LANGUAGE = "language";

    /**
     * @param model what to say
     * @return the subject and bodies; the text body must contain {@code model.link()}
     */
    RenderedMail render(PasswordResetMailModel model);
}
