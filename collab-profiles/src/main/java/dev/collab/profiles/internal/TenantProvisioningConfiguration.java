package dev.collab.profiles.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "collab tenant", description = "A tenant provisioned from configuration, e.g. <data>/config/dev.collab.tenant-acme.cfg.")
@interface TenantProvisioningConfiguration {

    @AttributeDefinition(name = "Tenant id")
    String tenant();

    @AttributeDefinition(name = "Name")
    String name();

    @AttributeDefinition(name = "Delegated access", description = "The feature switch; the file wins over earlier changes whenever it is (re)read.")
    boolean delegatedAccess() default false;
}
