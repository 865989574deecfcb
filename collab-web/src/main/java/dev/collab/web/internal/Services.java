package dev.collab.web.internal;

import java.util.stream.Collectors;

import dev.collab.api.CollabException;
import dev.collab.api.FieldError;
import dev.collab.api.ValidationException;
import dev.collab.api.access.AccessDecisions;
import dev.collab.api.accounts.AccountService;
import dev.collab.api.accounts.Authenticator;
import dev.collab.api.accounts.PasswordResets;
import dev.collab.api.audit.AuditLog;
import dev.collab.api.customers.CustomerDirectory;
import dev.collab.api.delegation.DelegationService;
import dev.collab.api.grants.GrantService;
import dev.collab.api.invitations.InvitationService;
import dev.collab.api.mailbox.Mailbox;
import dev.collab.api.profiles.ProfileService;
import dev.collab.api.profiles.RightsCatalog;
import dev.collab.api.tenants.TenantService;

/**
 * The suite's services as the screens find them now. Each may come and go with its bundle;
 * asking for one that is away throws {@link dev.collab.api.TemporarilyUnavailableException}, which
 * the servlet answers with a 503 page.
 */
interface Services {
    TenantService tenants();

    AccountService accounts();

    Authenticator authenticator();

    PasswordResets resets();

    InvitationService invitations();

    DelegationService delegation();

    AccessDecisions access();

    CustomerDirectory customers();

    Mailbox mailbox();

    ProfileService profiles();

    GrantService grants();

    AuditLog audit();

    RightsCatalog rights();

    /**
     * A service's refusal in the user's language, worded from the suite's catalog (the same the
     * REST API's problem details use); the English message it was thrown with while the catalog's
     * bundle is away. Never throws: a refusal is shown whatever happens.
     *
     * @param language {@code de} or {@code en}
     */
    String refusal(CollabException failure, String language);

    /** One rejected field in the user's language, as {@link #refusal(CollabException, String)}. */
    String refusal(FieldError error, String language);

    /** The reason of a refusal in the user's language, prefixed by the screen's heading "refused". */
    default String reason(Exchange x, CollabException e) {
        if (e instanceof ValidationException v && !v.errors().isEmpty()) {
            return x.text("refused") + " " + v.errors().stream().map(f -> refusal(f, x.language)).collect(Collectors.joining(" "));
        }
        return x.text("refused") + " " + refusal(e, x.language);
    }
}
