package dev.collab.profiles.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.collab.api.CollabException;
import dev.collab.api.tenants.Tenant;
import dev.collab.api.tenants.TenantService;

/**
 * Support's third way to manage tenants, beside REST and the shell: a factory configuration per
 * tenant (FileInstall reads {@code <data>/config/dev.collab.tenant-<name>.cfg}). It changes the
 * same stored state as the other two; removing the file leaves the tenant as it is.
 */
@Component(configurationPid = "dev.collab.tenant", configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = TenantProvisioningConfiguration.class, factory = true)
public final class TenantProvisioning {
    private static final Logger LOG = LoggerFactory.getLogger(TenantProvisioning.class);
    private final TenantService tenants;

    @Activate
    public TenantProvisioning(TenantProvisioningConfiguration config, @Reference TenantService tenants) {
        this.tenants = tenants;
        apply(config);
    }

    @Modified
    void apply(TenantProvisioningConfiguration config) {
        try {
            tenants.put(config.tenant(), config.name(), "config:" + config.tenant());
            Tenant tenant = tenants.setDelegatedAccess(config.tenant(), config.delegatedAccess(), "config:" + config.tenant());
            LOG.info("Tenant {} provisioned from configuration (delegated access {})", tenant.id(),
                tenant.delegatedAccess() ? "on" : "off");
        } catch (CollabException e) {
            LOG.error("The configuration of tenant '{}' was refused: {}", config.tenant(), e.getMessage());
        }
    }
}
