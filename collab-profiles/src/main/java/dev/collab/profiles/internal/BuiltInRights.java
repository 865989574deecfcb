package dev.collab.profiles.internal;

import java.util.Collection;
import java.util.List;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;

import dev.collab.api.profiles.Right;
import dev.collab.api.profiles.RightProvider;

/** The portal's own rights, at the lowest ranking so that a partner can retitle any of them. */
@Component(property = Constants.SERVICE_RANKING + ":Integer=" + Integer.MIN_VALUE)
public final class BuiltInRights implements RightProvider {
    private static final List<Right> RIGHTS = List.of(
        new Right("contracts.view", "View contracts"),
        new Right("documents.view", "View documents"),
        new Right("documents.upload", "Upload documents"),
        new Right("claims.view", "View claims"),
        new Right("claims.report", "Report claims"),
        new Right("messages.send", "Send messages"));

    @Override
    public Collection<Right> rights() {
        return RIGHTS;
    }
}
