package dev.collab.partner.example;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import dev.collab.api.profiles.Right;
import dev.collab.api.profiles.RightProvider;

/** Adds the partner's right to the catalog: admins can put it on profiles while this bundle is there. */
@Component
public final class InvoiceRights implements RightProvider {
    /** The right {@link InvoiceResource} asks the suite about. */
    static final String VIEW = "invoices.view";

    @Override
    public Collection<Right> rights() {
        return List.of(new Right(VIEW, "Rechnungen ansehen", Map.of("de", "Rechnungen ansehen", "en", "View invoices")));
    }
}
