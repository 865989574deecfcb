package dev.collab.profiles.internal;

import java.util.Arrays;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import dev.collab.api.mail.MailOutbox;

/**
 * Who may use the mail outbox: the configured dispatchers, this bundle (which registers it) and
 * the framework itself (whose view the framework does not let hooks shrink).
 */
final class MailOutboxAccess {
    private final long registrar;
    private final Set<String> dispatchers;

    MailOutboxAccess(Bundle registrar, MailOutboxAccessConfiguration config) {
        this.registrar = registrar.getBundleId();
        this.dispatchers = Set.copyOf(Arrays.asList(config.dispatchers()));
    }

    boolean allows(Bundle bundle) {
        return bundle != null && (bundle.getBundleId() == Constants.SYSTEM_BUNDLE_ID || bundle.getBundleId() == registrar
            || dispatchers.contains(bundle.getSymbolicName()));
    }

    static boolean isOutbox(ServiceReference<?> reference) {
        return reference != null && reference.getProperty(Constants.OBJECTCLASS) instanceof String[] classes
            && Arrays.asList(classes).contains(MailOutbox.class.getName());
    }
}
