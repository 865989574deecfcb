package dev.collab.profiles.internal.entities;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.Version;

import dev.collab.api.tenants.Tenant;

@Entity
@Table(name = "TENANT")
public class TenantEntity {
    @Id
    @Column(length = 64)
    public String id;

    @Column(nullable = false, length = 200)
    public String name;

    @Column(nullable = false)
    public boolean delegatedAccess;

    @Version
    public long version;

    public Tenant toDTO() {
        return new Tenant(id, name, delegatedAccess);
    }
}
