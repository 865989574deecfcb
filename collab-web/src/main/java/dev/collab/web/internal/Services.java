package dev.collab.web.internal;

import dev.collab.api.accounts.AccountService;
import dev.collab.api.accounts.Authenticator;
import dev.collab.api.accounts.PasswordResets;
import dev.collab.api.access.AccessDecisions;
import dev.collab.api.customers.CustomerDirectory;
import dev.collab.api.delegation.DelegationService;
import dev.collab.api.invitations.InvitationService;
import dev.collab.api.mailbox.Mailbox;
import dev.collab.api.profiles.ProfileService;
import dev.collab.api.tenants.TenantService;

/**
 * The suite's services as the screens find them now. Each may come and go with its bundle;
 * asking for one that is away throws {@link dev.collab.api.ServiceUnavailableException}, which
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

    dev.collab.api.grants.GrantService grants();

    dev.collab.api.audit.AuditLog audit();

    dev.collab.api.profiles.RightsCatalog rights();
}
