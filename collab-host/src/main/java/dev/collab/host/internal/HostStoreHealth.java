package dev.collab.host.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.collab.api.health.HealthIndicator;

/** Reports the host defaults' database to {@code GET /health}. */
@Component(service = HealthIndicator.class)
public final class HostStoreHealth implements HealthIndicator {
    static final String COMPONENT = "host-store";
    private final HostStore store;

    @Activate
    public HostStoreHealth(@Reference HostStore store) {
        this.store = store;
    }

    @Override
    public String component() {
        return COMPONENT;
    }

    @Override
    public boolean isUp() {
        return store.isHealthy();
    }
}
