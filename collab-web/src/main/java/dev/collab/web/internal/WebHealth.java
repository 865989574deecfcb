package dev.collab.web.internal;

import org.osgi.service.component.annotations.Component;

import dev.collab.api.health.HealthIndicator;

/**
 * Tells {@code /health} that the screens are here: while this bundle is out the indicator is
 * gone, and health names "web" as missing.
 */
@Component
public final class WebHealth implements HealthIndicator {
    static final String COMPONENT = "web";

    @Override
    public String component() {
        return COMPONENT;
    }

    @Override
    public boolean isUp() {
        return true;
    }
}
