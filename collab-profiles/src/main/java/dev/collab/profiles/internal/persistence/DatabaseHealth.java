package dev.collab.profiles.internal.persistence;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.collab.api.health.HealthIndicator;

@Component
public final class DatabaseHealth implements HealthIndicator {
    private final Database db;

    @Activate
    public DatabaseHealth(@Reference Database db) {
        this.db = db;
    }

    @Override
    public String component() {
        return "database";
    }

    @Override
    public boolean isUp() {
        return db.isHealthy();
    }
}
