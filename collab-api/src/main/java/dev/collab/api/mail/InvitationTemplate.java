package dev.collab.api.mail;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Words an invitation mail. The suite's default covers German and English at the lowest
 * ranking; a partner overrides it by registering a template with a higher ranking, optionally
 * with the service property {@code language} (e.g. {@code de}) to override one language only.
 */
@ConsumerType
public interface InvitationTemplate {

    /** Service property naming the one language a template is for; absent means all. */
    String LANGUAGE = "language";

    /**
     * @param model what to say
     * @return the subject and bodies; the text body must contain {@code model.link()}
     */
    RenderedMail render(InvitationMailModel model);
}
