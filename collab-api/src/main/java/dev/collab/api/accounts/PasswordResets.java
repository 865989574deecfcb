package dev.collab.api.accounts;

import org.osgi.annotation.versioning.ProviderType;

/**
 * "Passwort vergessen": a single-use reset link by mail, through the same outbox as invitation
 * mails. Tokens are stored only as hashes and expire soon. Asking gives the same answer
 * whether or not the address has an account, so that nobody learns who has one.
 */
@ProviderType
public interface PasswordResets {

    /**
     * Mails a reset link to the account of that e-mail in the tenant, if there is one; does
     * nothing visible otherwise. A new request voids the previous link.
     *
     * @param tenantId the tenant
     * @param email the e-mail as typed
     * @param language the language of the mail ({@code de} or {@code en}), or {@code null} for the account's or tenant's
     * @param clientAddress the requesting client, for throttling
     * @throws dev.collab.api.TooManyAttemptsException if this client or address asked too often
     */
    void request(String tenantId, String email, String language, String clientAddress);

    /**
     * @param token the raw token from the link
     * @param clientAddress the client, for throttling failed look-ups
     * @return what the token resets
     * @throws dev.collab.api.UnknownResourceException for an unknown, used, expired or voided token (all alike)
     * @throws dev.collab.api.TooManyAttemptsException after too many failed look-ups from this client
     */
    PasswordResetInfo inspect(String token, String clientAddress);

    /**
     * Sets a new password and uses the token up.
     *
     * @param token the raw token from the link
     * @param newPassword the new password (the password rules apply)
     * @param clientAddress the client, for throttling failed redemptions
     * @return the account
     * @throws dev.collab.api.UnknownResourceException for an unknown, used, expired or voided token (all alike)
     * @throws dev.collab.api.ValidationException if the password breaks the rules
     * @throws dev.collab.api.TooManyAttemptsException after too many failed redemptions from this client
     */
    Account reset(String token, char[] newPassword, String clientAddress);
}
