package dev.collab.rest.internal;

import java.util.Set;

import javax.ws.rs.core.Application;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationBase;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

import dev.collab.api.CollabRest;

/**
 * The suite's JAX-RS application with all its resources and extensions inside. Publishing them
 * as one application (instead of one whiteboard service each) makes starting, stopping and
 * updating this bundle one publication for the whiteboard: there is no moment in which the
 * application is served half-built (without its authentication filter, its problem mapper or
 * some resources). Partner bundles still add resources by selecting the application's name;
 * they get its JSON provider and problem mapping with it.
 */
@Component(service = Application.class)
@JaxrsName(CollabRest.APP)
@JaxrsApplicationBase(CollabRest.BASE)
public final class CollabApplication extends Application {
    private final Set<Object> singletons;

    @Activate
    public CollabApplication(@Reference JsonProvider json, @Reference ProblemMapper problems,
        @Reference AuthenticationFilter authentication, @Reference HealthResource health,
        @Reference OpenApiResource openApi, @Reference TenantResource tenants, @Reference RightsResource rights,
        @Reference ProfileResource profiles, @Reference CustomerResource customers, @Reference GrantResource grants,
        @Reference AuditResource audit, @Reference AccessResource access, @Reference SelfServiceResource me,
        @Reference InvitationResource invitations) {
        this.singletons = Set.of(json, problems, authentication, health, openApi, tenants, rights, profiles, customers,
            grants, audit, access, me, invitations);
    }

    @Override
    public Set<Object> getSingletons() {
        return singletons;
    }
}
