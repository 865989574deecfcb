package dev.collab.invitations.internal;

import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;

import dev.collab.api.mail.PasswordResetMailModel;
import dev.collab.api.mail.PasswordResetTemplate;
import dev.collab.api.mail.RenderedMail;

/**
 * The suite's wording of password reset mails, German and English
 * ({@code templates/password_reset_<lang>.*}, see {@link FreemarkerMails}). At the lowest
 * ranking: any partner template replaces it.
 */
@Component(service = PasswordResetTemplate.class, property = Constants.SERVICE_RANKING + ":Integer=" + Integer.MIN_VALUE)
public final class DefaultPasswordResetTemplate implements PasswordResetTemplate {
    private final FreemarkerMails mails = new FreemarkerMails();

    @Override
    public RenderedMail render(PasswordResetMailModel model) {
        Map<String, Object> data = new HashMap<>();
        data.put("broker", model.brokerName());
        data.put("email", model.email());
        data.put("link", model.link());
        data.put("expiresAt", Date.from(model.expiresAt()));
        return mails.render("password_reset", model.language(), model.timeZone(), data);
    }
}
