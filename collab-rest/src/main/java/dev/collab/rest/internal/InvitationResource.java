package dev.collab.rest.internal;

import java.util.Arrays;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.collab.api.accounts.Account;
import dev.collab.api.invitations.InvitationInfo;
import dev.collab.api.invitations.InvitationService;

/**
 * Registration with an invitation token; no authentication, the token is the credential.
 * Failed redemptions are throttled per client address by the invitation service itself, so
 * that every front end shares one limit.
 */
@Component(service = InvitationResource.class)
@Path("invitations/{token}")
@Produces(MediaType.APPLICATION_JSON)
public final class InvitationResource {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile InvitationService invitations;

    // The request is a parameter, not an injected field: the whiteboard re-injects a singleton's
    // fields when it rebuilds the application (a late extension, a bundle update), and a request
    // in flight then met a proxy bound to no request (a NullPointerException, seen in CI).
    @GET
    public InvitationInfo inspect(@PathParam("token") String token, @Context HttpServletRequest request) {
        return service().inspect(token, client(request));
    }

    @POST
    @Path("accept")
    @Consumes(MediaType.APPLICATION_JSON)
    public Views.AcceptedView accept(@PathParam("token") String token, Bodies.AcceptBody body, @Context HttpServletRequest request) {
        char[] password = Bodies.required(Bodies.require(body).password(), "password").toCharArray();
        try {
            Account account = service().accept(token, password, body.displayName(), client(request));
            return Views.AcceptedView.of(account);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static String client(HttpServletRequest request) {
        return request == null ? null : request.getRemoteAddr();
    }

    private InvitationService service() {
        return Guard.need(invitations, "invitation");
    }
}
