package dev.collab.partner.example;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;

import dev.collab.api.mail.InvitationMailModel;
import dev.collab.api.mail.InvitationTemplate;
import dev.collab.api.mail.RenderedMail;

/**
 * The partner's wording of the German invitation mail. Ranked above the suite's default and
 * limited to German, so English mails keep the default wording.
 */
@Component(property = {Constants.SERVICE_RANKING + ":Integer=100", InvitationTemplate.LANGUAGE + "=de"})
public final class GermanInvitationTemplate implements InvitationTemplate {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd.MM.yyyy", Locale.GERMANY);

    @Override
    public RenderedMail render(InvitationMailModel model) {
        String inviter = model.inviter() == null ? "Ihr Makler " + model.brokerName() : model.inviter();
        String text = String.join("\r\n",
            "Hallo,",
            "",
            inviter + " hat Sie als " + model.role() + " in das Portal von " + model.brokerName() + " eingeladen.",
            "",
            "Registrieren: " + model.link(),
            "Gültig bis: " + DAY.format(model.expiresAt().atZone(ZoneId.of(model.timeZone()))),
            "",
            "(Partnervorlage)",
            "");
        return new RenderedMail("Ihre Einladung – " + model.brokerName(), text, null);
    }
}
