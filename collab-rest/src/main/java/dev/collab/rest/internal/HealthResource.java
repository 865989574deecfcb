package dev.collab.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.CacheControl;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.collab.api.access.AccessDecisions;
import dev.collab.api.accounts.AccountService;
import dev.collab.api.accounts.Authenticator;
import dev.collab.api.audit.AuditLog;
import dev.collab.api.customers.CustomerDirectory;
import dev.collab.api.delegation.DelegationService;
import dev.collab.api.grants.GrantService;
import dev.collab.api.health.HealthIndicator;
import dev.collab.api.invitations.InvitationService;
import dev.collab.api.mail.MailTransport;
import dev.collab.api.mailbox.Mailbox;
import dev.collab.api.profiles.ProfileService;
import dev.collab.api.profiles.RightsCatalog;
import dev.collab.api.tenants.TenantService;

/**
 * Liveness and readiness in one: 200 when every part of the suite is present and every
 * {@link HealthIndicator} is up, otherwise 503 naming what is missing. A part whose bundle is
 * stopped simply has no service, which the optional references below observe.
 */
@Component(service = HealthResource.class)
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {
    private static final Logger LOG = LoggerFactory.getLogger(HealthResource.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile TenantService tenants;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile AccountService accounts;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile ProfileService profiles;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile RightsCatalog rights;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Authenticator authentication;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile GrantService grants;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile DelegationService delegation;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile AccessDecisions access;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile InvitationService invitations;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile AuditLog audit;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CustomerDirectory customers;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Mailbox mailbox;
    /** The mailing bundle: while it is out invitations are still recorded, and mailed when it returns. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile MailTransport mailing;
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile List<HealthIndicator> indicators = new CopyOnWriteArrayList<>();

    record Health(String status, Map<String, String> components, List<String> missing) {
    }

    @GET
    public Response health() {
        Map<String, String> components = new LinkedHashMap<>();
        components.put("tenants", tenants != null ? "UP" : "MISSING");
        components.put("accounts", accounts != null ? "UP" : "MISSING");
        components.put("profiles", profiles != null ? "UP" : "MISSING");
        components.put("rights", rights != null ? "UP" : "MISSING");
        components.put("authentication", authentication != null ? "UP" : "MISSING");
        components.put("grants", grants != null ? "UP" : "MISSING");
        components.put("delegation", delegation != null ? "UP" : "MISSING");
        components.put("access", access != null ? "UP" : "MISSING");
        components.put("invitations", invitations != null ? "UP" : "MISSING");
        components.put("audit", audit != null ? "UP" : "MISSING");
        components.put("customers", customers != null ? "UP" : "MISSING");
        components.put("mailbox", mailbox != null ? "UP" : "MISSING");
        components.put("mailing", mailing != null ? "UP" : "MISSING");
        components.put("database", "MISSING");
        // the screens' bundle announces itself with an indicator: without one it is out
        components.put("web", "MISSING");
        for (HealthIndicator indicator : indicators) {
            components.put(indicator.component(), isUp(indicator) ? "UP" : "DOWN");
        }
        List<String> missing = new ArrayList<>();
        components.forEach((name, state) -> {
            if (!"UP".equals(state)) {
                missing.add(name);
            }
        });
        Health health = new Health(missing.isEmpty() ? "UP" : "DOWN", components, missing);
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.status(missing.isEmpty() ? 200 : 503).entity(health).cacheControl(noStore).build();
    }

    private static boolean isUp(HealthIndicator indicator) {
        try {
            return indicator.isUp();
        } catch (RuntimeException e) {
            LOG.warn("Health indicator {} failed", indicator.component(), e);
            return false;
        }
    }
}
