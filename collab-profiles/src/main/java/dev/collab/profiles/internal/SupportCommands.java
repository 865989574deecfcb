package dev.collab.profiles.internal;

import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.collab.api.grants.GrantNode;
import dev.collab.api.grants.GrantService;
import dev.collab.api.tenants.Tenant;
import dev.collab.api.tenants.TenantService;

/**
 * Support's shell commands (Gogo): {@code collab:tenants}, {@code collab:enable <tenant>},
 * {@code collab:disable <tenant>}, {@code collab:tree <tenant> <grant>}. They change the same
 * stored state as the REST endpoints and the configuration files, and are audited as
 * {@code shell:support}.
 */
@Component(service = SupportCommands.class, property = {"osgi.command.scope=collab",
    "osgi.command.function=tenants", "osgi.command.function=enable", "osgi.command.function=disable",
    "osgi.command.function=tree"})
public final class SupportCommands {
    private static final String ACTOR = "shell:support";
    private final TenantService tenants;
    private final GrantService grants;

    @Activate
    public SupportCommands(@Reference TenantService tenants, @Reference GrantService grants) {
        this.tenants = tenants;
        this.grants = grants;
    }

    public String tenants() {
        return tenants.list().stream().map(SupportCommands::line).collect(Collectors.joining(System.lineSeparator()));
    }

    public String enable(String tenantId) {
        return line(tenants.setDelegatedAccess(tenantId, true, ACTOR));
    }

    public String disable(String tenantId) {
        return line(tenants.setDelegatedAccess(tenantId, false, ACTOR));
    }

    /** @param grant the grant's id or name */
    public String tree(String tenantId, String grant) {
        String id = grants.list(tenantId).stream().filter(g -> g.id().equals(grant) || g.name().equalsIgnoreCase(grant))
            .map(g -> g.id()).findFirst().orElse(grant);
        StringBuilder out = new StringBuilder();
        print(grants.tree(tenantId, id), 0, out);
        return out.toString().stripTrailing();
    }

    private static void print(GrantNode node, int depth, StringBuilder out) {
        String indent = "  ".repeat(depth);
        out.append(indent).append(node.grant()).append(node.profile() == null ? "" : " [" + node.profile() + "]")
            .append(System.lineSeparator());
        node.members().forEach(m -> out.append(indent).append("  - ").append(m.email()).append(" (").append(m.status())
            .append(") ").append(m.customers().stream().map(c -> c.id()).toList()).append(System.lineSeparator()));
        node.children().forEach(child -> print(child, depth + 1, out));
    }

    private static String line(Tenant tenant) {
        return tenant.id() + "\t" + tenant.name() + "\tdelegatedAccess=" + (tenant.delegatedAccess() ? "on" : "off");
    }
}
