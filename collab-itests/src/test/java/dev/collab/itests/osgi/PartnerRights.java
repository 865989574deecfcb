package dev.collab.itests.osgi;

import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

import dev.collab.api.profiles.Right;
import dev.collab.api.profiles.RightProvider;

/**
 * What a partner bundle does to add rights: register a {@link RightProvider}. Kept apart from
 * the test class so that the suite's API types are only loaded once the API bundle is there.
 */
final class PartnerRights implements RightProvider {
    private final List<Right> rights;

    private PartnerRights(List<Right> rights) {
        this.rights = rights;
    }

    @Override
    public Collection<Right> rights() {
        return rights;
    }

    static ServiceRegistration<?> register(BundleContext context, int ranking, String id, String title) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_RANKING, ranking);
        return context.registerService(RightProvider.class, new PartnerRights(List.of(new Right(id, title))), props);
    }
}
