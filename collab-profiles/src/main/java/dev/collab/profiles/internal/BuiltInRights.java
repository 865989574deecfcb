package dev.collab.profiles.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;

import dev.collab.api.profiles.Right;
import dev.collab.api.profiles.RightProvider;

/** The portal's own rights, at the lowest ranking so that a partner can retitle any of them. */
@Component(property = Constants.SERVICE_RANKING + ":Integer=" + Integer.MIN_VALUE)
public final class BuiltInRights implements RightProvider {
    private static final List<Right> RIGHTS = List.of(
        right("contracts.view", "View contracts", "Verträge ansehen"),
        right("documents.view", "View documents", "Dokumente ansehen"),
        right("documents.upload", "Upload documents", "Dokumente hochladen"),
        right("claims.view", "View claims", "Schäden ansehen"),
        right("claims.report", "Report claims", "Schäden melden"),
        right("messages.send", "Send messages", "Nachrichten senden"));

    /** English is the title without a language, as the REST API answers by default. */
    private static Right right(String id, String english, String german) {
        return new Right(id, english, Map.of("en", english, "de", german));
    }

    @Override
    public Collection<Right> rights() {
        return RIGHTS;
    }
}
