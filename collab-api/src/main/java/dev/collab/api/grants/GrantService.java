package dev.collab.api.grants;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Grant administration by a broker admin. Every change is audited and is visible to
 * {@link dev.collab.api.access.AccessDecisions} when the method returns.
 */
@ProviderType
public interface GrantService {

    /**
     * Creates a grant and attaches the e-mail's user; a user without an account in the tenant gets
     * an account without password and a pending invitation.
     *
     * @param tenantId the tenant
     * @param draft the grant
     * @param actor who asks
     * @return the new grant
     * @throws dev.collab.api.ValidationException on unknown profile, rights or customers, or bad names
     * @throws dev.collab.api.ConflictException if the name is taken
     */
    Grant create(String tenantId, GrantDraft draft, String actor);

    /**
     * @param tenantId the tenant
     * @return all grants, ordered by name
     */
    List<Grant> list(String tenantId);

    /**
     * @param tenantId the tenant
     * @param grantId the grant's id
     * @return the grant
     * @throws dev.collab.api.UnknownResourceException if the tenant has no such grant
     */
    Grant get(String tenantId, String grantId);

    /**
     * @param tenantId the tenant
     * @param grantId the grant's id
     * @param patch the change
     * @param actor who asks
     * @return the grant after the change
     */
    Grant patch(String tenantId, String grantId, GrantPatch patch, String actor);

    /**
     * Sets a member's customer scope; people below them are attenuated at once.
     *
     * @param tenantId the tenant
     * @param grantId the grant's id
     * @param userId the member's account id
     * @param customers the new scope
     * @param actor who asks
     * @return the grant after the change
     */
    Grant rescope(String tenantId, String grantId, String userId, List<String> customers, String actor);

    /**
     * Sets or clears the end of a member's own access ("gültig bis"). The admin is not bound by
     * a profile's limit; an inviter's earlier end still bounds the member along the chain. A new
     * end in the future also lets an ended membership's access return (its end is recorded again
     * when it passes). Audited {@code member.validUntil}.
     *
     * @param tenantId the tenant
     * @param grantId the grant
     * @param userId the member's account id
     * @param validUntil the new end, or {@code null} for none
     * @param actor who does it, for the audit trail
     * @return the grant afterwards
     * @throws dev.collab.api.UnknownResourceException for an unknown grant or a user who is not a member
     * @throws dev.collab.api.ValidationException if the end is not in the future
     * @since 2.2
     */
    Grant setValidUntil(String tenantId, String grantId, String userId, Instant validUntil, String actor);

    /**
     * Removes a member and, transitively, everyone they delegated to; voids their pending
     * invitations. Accounts stay.
     *
     * @param tenantId the tenant
     * @param grantId the grant's id
     * @param userId the member's account id
     * @param actor who asks
     */
    void removeMember(String tenantId, String grantId, String userId, String actor);

    /**
     * One page of a grant's members, ordered by e-mail (keyset paging, as the delegates overview).
     *
     * @param tenantId the tenant
     * @param grantId the grant's id
     * @param query filter, page size and cursor
     * @return the page, with the cursor of the next one
     * @throws dev.collab.api.UnknownResourceException if the tenant has no such grant
     * @throws dev.collab.api.ValidationException on a limit out of range, a filter longer than 2,000 characters
     *         (field {@code q}) or a cursor this list did not hand out
     * @since 1.1
     */
    MemberPage members(String tenantId, String grantId, MemberQuery query);

    /**
     * @param tenantId the tenant
     * @param grantId the grant's id
     * @return the grant and, nested, the grants created below it by inviting
     */
    GrantNode tree(String tenantId, String grantId);

    /**
     * Renames a grant. The grants created below it by inviting carry its name as their prefix
     * ({@code <grant>/<e-mail>} or {@code <grant>/<profile>}) and are renamed with it, at every
     * level. A delegate grant's own name follows that rule and cannot be set.
     *
     * @param tenantId the tenant
     * @param grantId the grant's id
     * @param name the new name, unique in the tenant, no {@code /}
     * @param actor who asks
     * @return the grant after the change
     * @throws dev.collab.api.UnknownResourceException if the tenant has no such grant
     * @throws dev.collab.api.ValidationException if the name breaks the rules
     * @throws dev.collab.api.ConflictException if the grant is a delegate grant, or a resulting name is taken
     * @since 1.1.0
     */
    Grant rename(String tenantId, String grantId, String name, String actor);

    /**
     * Deletes a grant with everything below it: its members and, transitively, the people they
     * delegated to and the delegate grants created by inviting; pending invitations are voided.
     * Every removal is audited. Accounts stay: logins and mailboxes survive.
     *
     * @param tenantId the tenant
     * @param grantId the grant's id
     * @param actor who asks
     * @return the e-mails of the people who lost a membership
     * @throws dev.collab.api.UnknownResourceException if the tenant has no such grant
     * @since 1.1.0
     */
    List<String> delete(String tenantId, String grantId, String actor);

    /**
     * Attaches one more person to an existing grant, with the customers chosen for them; an
     * e-mail without an account in the tenant gets an account without password and a pending
     * invitation, as with {@link #create}.
     *
     * @param tenantId the tenant
     * @param grantId the grant's id
     * @param email the person's e-mail
     * @param customers customer ids the person gets
     * @param language the person's mail language ({@code de} or {@code en}), or {@code null}
     * @param actor who asks
     * @return the grant after the change
     * @throws dev.collab.api.UnknownResourceException if the tenant has no such grant
     * @throws dev.collab.api.ValidationException on a bad e-mail, unknown customers or language
     * @throws dev.collab.api.ConflictException if the person is a member of the grant already, or cannot be a member
     * @since 1.1.0
     */
    Grant addMember(String tenantId, String grantId, String email, List<String> customers, String language, String actor);

    /**
     * Sends a member who has not registered yet a new invitation: a new token, the previous
     * link stops working. Works for every pending member, also one a portal user invited, and
     * whether or not delegated access is switched on (an admin's grant works without it).
     *
     * @param tenantId the tenant
     * @param grantId the grant's id
     * @param userId the member's account id
     * @param actor who asks
     * @return when the new invitation expires
     * @throws dev.collab.api.UnknownResourceException if the grant or the member does not exist
     * @throws dev.collab.api.ConflictException if the member has registered already
     * @since 1.1.0
     */
    Instant resendInvitation(String tenantId, String grantId, String userId, String actor);
    /**
     * What the confirmation of removing a member offers: how many people a removal takes with
     * it, and who in the same company could take over the member's delegates instead.
     *
     * @param tenantId the tenant
     * @param grantId the grant's id
     * @param userId the member's account id
     * @return the cascade's size and the possible successors
     * @throws dev.collab.api.UnknownResourceException if the grant or the member does not exist
     * @since 2.1
     */
    HandOverOptions handOverOptions(String tenantId, String grantId, String userId);

    /**
     * "Ansprechpartner wechselt": moves everyone the member invited to a successor in the same
     * company, in one step, and then ends the member's own membership. Each moved delegate keeps
     * only customers the successor sees now, their grant is named for the new inviter, and the
     * people they invited follow them. All or nothing; audited.
     *
     * @param tenantId the tenant
     * @param grantId the leaving member's grant
     * @param userId the leaving member's account id
     * @param successorGrantId the grant of the successor's membership
     * @param successorUserId the successor's account id
     * @param actor who asks
     * @return who was moved where
     * @throws dev.collab.api.UnknownResourceException if a grant or member does not exist
     * @throws dev.collab.api.ValidationException if the successor is the leaver, not registered, in another company,
     *         below the leaver, may not hand out a delegate's profile, or sees none of a delegate's customers
     * @throws dev.collab.api.ConflictException if a moved person is already a delegate under the successor's grant,
     *         or a grant name is taken
     * @since 2.1
     */
    HandOverResult handOver(String tenantId, String grantId, String userId, String successorGrantId, String successorUserId,
        String actor);
}
