package dev.collab.profiles.internal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.collab.api.profiles.Right;
import dev.collab.api.profiles.RightProvider;
import dev.collab.api.profiles.RightsCatalog;

/**
 * The union of all {@link RightProvider}s present now. Providers come and go with their
 * bundles; the catalog is computed on each call, which is cheap (a handful of rights) and never
 * stale.
 */
@Component(service = RightsCatalog.class)
public final class RightsCatalogImpl implements RightsCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(RightsCatalogImpl.class);
    /** The width of the right id columns. */
    static final int MAX_ID = 100;
    static final Pattern RIGHT_ID = Pattern.compile("[a-z][a-z0-9]*(\\.[a-z][a-z0-9]*)+");

    // DS keeps the list sorted by ranking, lowest first: later (higher-ranked) titles win below.
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY)
    volatile List<RightProvider> providers = new CopyOnWriteArrayList<>();

    public RightsCatalogImpl() {
    }

    /** For tests: a catalog over fixed providers. */
    public RightsCatalogImpl(List<RightProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    @Override
    public List<Right> rights() {
        TreeMap<String, Right> byId = new TreeMap<>();
        for (RightProvider provider : providers) {
            Collection<Right> contributed;
            try {
                contributed = provider.rights();
            } catch (RuntimeException e) {
                LOG.warn("Right provider {} failed; its rights are left out", provider.getClass().getName(), e);
                continue;
            }
            if (contributed == null) {
                continue;
            }
            for (Right right : contributed) {
                if (right != null && right.id() != null && right.id().length() <= MAX_ID && RIGHT_ID.matcher(right.id()).matches()) {
                    byId.put(right.id(), right);
                } else {
                    LOG.warn("Right provider {} contributed an invalid right {}", provider.getClass().getName(), right);
                }
            }
        }
        return List.copyOf(byId.values());
    }

    @Override
    public Optional<Right> find(String rightId) {
        return rights().stream().filter(r -> r.id().equals(rightId)).findFirst();
    }
}
