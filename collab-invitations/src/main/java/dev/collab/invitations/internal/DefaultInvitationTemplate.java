package dev.collab.invitations.internal;

import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;

import dev.collab.api.mail.InvitationMailModel;
import dev.collab.api.mail.InvitationTemplate;
import dev.collab.api.mail.RenderedMail;

/**
 * The suite's wording of invitation mails, German and English, as FreeMarker templates in this
 * bundle ({@code templates/invitation_<lang>.*}, see {@link FreemarkerMails}). At the lowest
 * ranking: any partner template replaces it.
 */
@Component(service = InvitationTemplate.class, property = Constants.SERVICE_RANKING + ":Integer=" + Integer.MIN_VALUE)
public final class DefaultInvitationTemplate implements InvitationTemplate {
    private final FreemarkerMails mails = new FreemarkerMails();

    @Override
    public RenderedMail render(InvitationMailModel model) {
        Map<String, Object> data = new HashMap<>();
        data.put("broker", model.brokerName());
        data.put("email", model.email());
        if (model.inviter() != null && !model.inviter().isBlank()) {
            data.put("inviter", model.inviter());
        }
        data.put("role", model.role());
        data.put("link", model.link());
        data.put("expiresAt", Date.from(model.expiresAt()));
        return mails.render("invitation", model.language(), model.timeZone(), data);
    }
}
