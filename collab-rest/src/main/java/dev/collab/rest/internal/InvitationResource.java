package dev.collab.rest.internal;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.core.Context;
import dev.collab.api.ForbiddenException;
import dev.collab.api.NotFoundException;
import dev.collab.api.invitations.InvitationGoneException;

import java.util.Arrays;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.collab.api.accounts.Account;
import dev.collab.api.invitations.InvitationInfo;
import dev.collab.api.invitations.InvitationService;

/** Registration with an invitation token; no authentication, the token is the credential. */
@Component(service = InvitationResource.class)
@Path("invitations/{token}")
@Produces(MediaType.APPLICATION_JSON)
public final class InvitationResource {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile InvitationService invitations;

    /** 10 failed redemptions per client address in 10 minutes. */
    private final RedemptionLimiter limiter = new RedemptionLimiter(10, 10 * 60 * 1000L);

    @Context
    HttpServletRequest request;

    @GET
    public InvitationInfo inspect(@PathParam("token") String token) {
        return limited(() -> service().inspect(token));
    }

    @POST
    @Path("accept")
    @Consumes(MediaType.APPLICATION_JSON)
    public Views.AcceptedView accept(@PathParam("token") String token, Bodies.AcceptBody body) {
        char[] password = Bodies.required(Bodies.require(body).password(), "password").toCharArray();
        try {
            Account account = limited(() -> service().accept(token, password, body.displayName()));
            return Views.AcceptedView.of(account);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Refuses a client that failed too often; counts unknown, used, expired tokens and wrong passwords as failures. */
    private <T> T limited(java.util.function.Supplier<T> redemption) {
        String client = request == null ? null : request.getRemoteAddr();
        long wait = limiter.blockedSeconds(client, System.currentTimeMillis());
        if (wait > 0) {
            throw new TooManyAttemptsException(wait);
        }
        try {
            return redemption.get();
        } catch (NotFoundException | InvitationGoneException | ForbiddenException e) {
            limiter.failed(client, System.currentTimeMillis());
            throw e;
        }
    }

    private InvitationService service() {
        return Guard.need(invitations, "invitation");
    }
}
