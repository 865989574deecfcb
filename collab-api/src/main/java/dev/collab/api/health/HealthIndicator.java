package dev.collab.api.health;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Reports whether one part of the suite (or of a partner's extension) can serve now. The
 * health endpoint answers 503 while any registered indicator is down.
 */
@ConsumerType
public interface HealthIndicator {

    /** @return a short stable name, e.g. {@code database} */
    String component();

    /** @return whether the part can serve now; must return within a second */
    boolean isUp();
}
