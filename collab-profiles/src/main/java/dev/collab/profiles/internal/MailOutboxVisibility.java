package dev.collab.profiles.internal;

import java.util.Collection;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.hooks.service.ListenerHook;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Hides the mail outbox service from every bundle but its dispatchers: the outbox's
 * {@code due()} unseals the tokens of every tenant, and a partner bundle that could find it in
 * the service registry would read them all. Lookups (also with {@code getAllServiceReferences})
 * do not return it, and service listeners (hence trackers and other bundles' DS references) are
 * not told of it. {@link MailOutboxImpl} refuses its object to any other bundle as well, for
 * references that reach a bundle in ways the hooks do not see (a bundle's registered services,
 * one bundle handing a reference to another).
 * <p>
 * Without a Java security manager this is no sandbox: code in the framework can use reflection,
 * read the database or the key file. It closes the service registry, the one route a partner
 * bundle is meant to use.
 */
@Component(immediate = true, configurationPid = MailOutboxAccessConfiguration.PID, service = {FindHook.class, EventListenerHook.class})
@Designate(ocd = MailOutboxAccessConfiguration.class)
public final class MailOutboxVisibility implements FindHook, EventListenerHook {
    private final Bundle registrar;
    private volatile MailOutboxAccess access;

    @Activate
    public MailOutboxVisibility(BundleContext context, MailOutboxAccessConfiguration config) {
        this.registrar = context.getBundle();
        this.access = new MailOutboxAccess(registrar, config);
    }

    /** Takes a new list of dispatchers without unregistering the hooks, which would leave the outbox in view for a moment. */
    @Modified
    void modified(MailOutboxAccessConfiguration config) {
        this.access = new MailOutboxAccess(registrar, config);
    }

    @Override
    public void find(BundleContext context, String name, String filter, boolean allServices, Collection<ServiceReference<?>> references) {
        if (!allows(context)) {
            references.removeIf(MailOutboxAccess::isOutbox);
        }
    }

    @Override
    public void event(ServiceEvent event, Map<BundleContext, Collection<ListenerHook.ListenerInfo>> listeners) {
        if (MailOutboxAccess.isOutbox(event.getServiceReference())) {
            listeners.keySet().removeIf(context -> !allows(context));
        }
    }

    private boolean allows(BundleContext context) {
        try {
            return access.allows(context.getBundle());
        } catch (IllegalStateException stopped) {
            return false;
        }
    }
}
