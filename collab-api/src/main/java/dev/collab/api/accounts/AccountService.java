package dev.collab.api.accounts;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Stores accounts with salted, slow password hashes and checks passwords against them. */
@ProviderType
public interface AccountService {

    /**
     * Creates a broker admin account in a tenant.
     *
     * @param tenantId the tenant
     * @param email the admin's e-mail (login name)
     * @param password the initial password, at least 12 characters
     * @param actor who asks, for the audit trail
     * @return the new account
     * @throws dev.collab.api.UnknownResourceException if the tenant does not exist
     * @throws dev.collab.api.ValidationException if the e-mail or password breaks the rules
     * @throws dev.collab.api.ConflictException if the e-mail already has an account in the tenant
     */
    Account createAdmin(String tenantId, String email, char[] password, String actor);

    /**
     * Checks a password.
     *
     * @param tenantId the tenant, or {@code null} for the tenant-less support account
     * @param login the e-mail, or {@code support}
     * @param password the password presented
     * @return the caller if the account exists and the password matches
     */
    Optional<Principal> verify(String tenantId, String login, char[] password);

    /**
     * Makes sure the built-in support account exists. With a password, the account is set to
     * it; without one, a random password is generated the first time only.
     *
     * @param password the password to set, or {@code null}
     * @return the generated password if one was generated now (to be shown once), else empty
     */
    Optional<String> ensureSupportAccount(char[] password);

    /**
     * Changes the caller's own password ("Passwort ändern").
     *
     * @param tenantId the account's tenant, or {@code null} for support
     * @param accountId the account
     * @param currentPassword the current password, checked first
     * @param newPassword the new password (the password rules apply)
     * @throws dev.collab.api.NotPermittedException if the current password does not match
     * @throws dev.collab.api.ValidationException if the new password breaks the rules
     * @throws dev.collab.api.UnknownResourceException if there is no such account
     * @throws dev.collab.api.TooManyAttemptsException after too many wrong current passwords
     */
    void changePassword(String tenantId, String accountId, char[] currentPassword, char[] newPassword);

    /**
     * @param tenantId the tenant
     * @return the tenant's broker admins, ordered by e-mail
     * @throws dev.collab.api.UnknownResourceException if the tenant does not exist
     * @since 1.2.0
     */
    List<Account> admins(String tenantId);

    /**
     * Removes a broker admin's account: the login stops working at once (on this node; other
     * nodes of a cluster forget a remembered check within its cache time).
     *
     * @param tenantId the tenant
     * @param accountId the admin's account id
     * @param actor who asks, for the audit trail
     * @throws dev.collab.api.UnknownResourceException if the tenant has no admin of that id
     * @throws dev.collab.api.ConflictException if it is the tenant's last admin
     * @since 1.2.0
     */
    void removeAdmin(String tenantId, String accountId, String actor);
}
