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
     * @throws dev.collab.api.UnknownResourceException for an unknown token
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
     * @throws dev.collab.api.UnknownResourceException for an unknown token
     * @throws InvitationGoneException for a used, expired or voided one
     * @throws dev.collab.api.NotPermittedException if an existing account's password does not match
     */
    Account accept(String token, char[] password, String displayName);

    /**
     * Like {@link #inspect(String)}, counting a failed look-up against the client: after too
     * many failures from one client its look-ups of unknown or spent tokens are refused for a
     * while. A valid token is never refused for others' failures.
     *
     * @param token the raw token
     * @param clientAddress the client's address
     * @return what the invitation offers
     * @throws dev.collab.api.TooManyAttemptsException while the client is throttled
     */
    InvitationInfo inspect(String token, String clientAddress);

    /**
     * Like {@link #accept(String, char[], String)}, counting a failed redemption (unknown or
     * spent token, wrong password of an existing account) against the client.
     *
     * @param token the raw token
     * @param password the new password, or the existing account's current one
     * @param displayName optional display name
     * @param clientAddress the client's address
     * @return the account
     * @throws dev.collab.api.TooManyAttemptsException while the client is throttled
     */
    Account accept(String token, char[] password, String displayName, String clientAddress);
}
