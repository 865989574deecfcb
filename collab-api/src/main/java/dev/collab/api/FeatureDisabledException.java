package dev.collab.api;

/**
 * Delegated access is switched off for the tenant: profile administration and inviting are
 * refused, while existing grants keep working.
 */
public class FeatureDisabledException extends NotPermittedException {
    private static final long serialVersionUID = 1L;

    public FeatureDisabledException(String tenantId) {
        super("feature.disabled", "Delegated access is not enabled for tenant '" + tenantId
            + "'. Ask support to enable the feature.", tenantId);
    }

    @Override
    public String kind() {
        return "feature-disabled";
    }
}
