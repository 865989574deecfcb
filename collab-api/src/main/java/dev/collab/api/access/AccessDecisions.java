package dev.collab.api.access;

import org.osgi.annotation.versioning.ProviderType;

/**
 * "May user U use right R on customer C in tenant T?" Answered from memory in microseconds;
 * after any change to grants, members, profiles or the feature returns, the next decision
 * reflects it.
 */
@ProviderType
public interface AccessDecisions {

    /**
     * @param tenantId the tenant
     * @param user the user's e-mail (case-insensitive) or account id
     * @param rightId the right
     * @param customerId the customer
     * @return whether it is allowed
     */
    boolean isAllowed(String tenantId, String user, String rightId, String customerId);

    /**
     * Like {@link #isAllowed} but naming the grants that allow it.
     *
     * @param tenantId the tenant
     * @param user the user's e-mail or account id
     * @param rightId the right
     * @param customerId the customer
     * @return the decision
     */
    Decision decide(String tenantId, String user, String rightId, String customerId);

    /**
     * @param tenantId the tenant
     * @param user the user's e-mail or account id
     * @return everything the user may do now
     * @throws dev.collab.api.UnknownResourceException if the tenant has no such user
     */
    EffectiveAccess effectiveAccess(String tenantId, String user);
}
