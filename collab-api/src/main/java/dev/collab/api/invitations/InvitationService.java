package dev.collab.api.invitations;

import org.osgi.annotation.versioning.ProviderType;

import dev.collab.api.accounts.Account;

/** Registration with an invitation token. */
@ProviderType
public interface InvitationService {

    /**
     * Looks a token up without side effects.
     *
     * @param token the raw token
     * @return what the invitation offers
     * @throws dev.collab.api.NotFoundException for an unknown token
     * @throws InvitationGoneException for a used, expired or voided one
     */
    InvitationInfo inspect(String token);

    /**
     * Accepts an invitation: sets the password of a new account, or checks the current one of
     * an existing account; the membership becomes active. The delegation rules are checked
     * again: the inviter must still hold the grant, profile and customers.
     *
     * @param token the raw token
     * @param password the new password, or the existing account's current one
     * @param displayName optional display name
     * @return the account
     * @throws dev.collab.api.NotFoundException for an unknown token
     * @throws InvitationGoneException for a used, expired or voided one
     * @throws dev.collab.api.ForbiddenException if an existing account's password does not match
     */
    Account accept(String token, char[] password, String displayName);
}
