package dev.collab.api.delegation;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import dev.collab.api.grants.HandOverOptions;
import dev.collab.api.grants.HandOverResult;

/**
 * Self-service of a portal user acting for themselves. The rules (only delegable profiles,
 * customers within the inviter's own, no duplicates, cascade on removal, feature switch) are
 * enforced here; every change is audited and visible to
 * {@link dev.collab.api.access.AccessDecisions} when the method returns.
 */
@ProviderType
public interface DelegationService {

    /**
     * @param tenantId the tenant
     * @param userId the acting user's account id
     * @return the user and their memberships
     */
    Me me(String tenantId, String userId);

    /**
     * @param tenantId the tenant
     * @param userId the acting user's account id
     * @return the profiles and customers the user may hand out
     */
    DelegationOptions options(String tenantId, String userId);

    /**
     * @param tenantId the tenant
     * @param userId the inviting user's account id
     * @param request whom to invite, with what
     * @return the new delegate
     * @throws dev.collab.api.FeatureDisabledException while the feature is off
     * @throws dev.collab.api.ValidationException on a bad e-mail, a profile not delegable, customers outside the inviter's
     * @throws dev.collab.api.ConflictException if the e-mail is already a member or invited under the same inviter grant
     */
    Delegate invite(String tenantId, String userId, InviteRequest request);

    /**
     * Invites a list of people at once, all or nothing. Every row is checked first with the
     * rules of {@link #invite} (valid and unique e-mail, also within the list; a delegable
     * profile; customers within the inviter's current ones; nobody already invited or a member
     * under the same inviter grant). Only when {@code dryRun} is {@code false} and every row
     * passes are all of them created, in one transaction under the tenant's lock, each exactly
     * like a single invitation (grant naming, audit entry, one invitation mail each); otherwise
     * nothing changes and the result says what is wrong with each row.
     *
     * @param tenantId the tenant
     * @param userId the inviting user's account id
     * @param request the rows and the defaults chosen once for all rows
     * @param dryRun {@code true} to check only
     * @return one result per row; {@link BulkInviteResult#created()} says whether anything was created
     * @throws dev.collab.api.FeatureDisabledException while the feature is off
     * @throws dev.collab.api.ValidationException without rows, with more than {@link BulkInviteRequest#MAX_ROWS},
     *         with a row that is {@code null}, or with an unknown mail language
     * @since 2.1
     */
    BulkInviteResult inviteAll(String tenantId, String userId, BulkInviteRequest request, boolean dryRun);

    /**
     * @param tenantId the tenant
     * @param userId the user's account id
     * @return the people the user invited, ordered by e-mail
     * @deprecated reads every delegate; page with {@link #delegates(String, String, DelegateQuery)}
     */
    @Deprecated
    List<Delegate> delegates(String tenantId, String userId);

    /**
     * One page of the people the user invited, ordered by e-mail, then grant name (keyset
     * paging: a page continues after the last delegate of the page before, so delegates
     * invited or removed meanwhile never make another one appear twice or go missing).
     *
     * @param tenantId the tenant
     * @param userId the user's account id
     * @param query filter, page size and cursor
     * @return the page, with the cursor of the next one
     * @throws dev.collab.api.ValidationException on a limit out of range, a filter longer than 2,000 characters
     *         (field {@code q}) or a cursor this list did not hand out
     * @since 1.2
     */
    DelegatePage delegates(String tenantId, String userId, DelegateQuery query);

    /**
     * @param tenantId the tenant
     * @param userId the user's account id
     * @param delegateId one of the user's delegates
     * @return that delegate, as the overview shows them
     * @throws dev.collab.api.UnknownResourceException if it is not one of the user's delegates
     * @since 1.2
     */
    Delegate delegate(String tenantId, String userId, String delegateId);

    /**
     * Removes a delegate and everything they delegated; voids pending invitations. The
     * accounts, logins and mailboxes stay.
     *
     * @param tenantId the tenant
     * @param userId the user's account id
     * @param delegateId one of the user's delegates
     * @throws dev.collab.api.UnknownResourceException if it is not one of the user's delegates
     */
    void delete(String tenantId, String userId, String delegateId);

    /**
     * Removes several delegates, all or nothing.
     *
     * @param tenantId the tenant
     * @param userId the user's account id
     * @param delegateIds the user's delegates
     * @return the ids removed
     * @throws dev.collab.api.UnknownResourceException if any id is not one of the user's delegates (nothing is removed)
     */
    List<String> delete(String tenantId, String userId, List<String> delegateIds);

    /**
     * Issues a new invitation token to a delegate who has not registered yet; the old one stops working.
     *
     * @param tenantId the tenant
     * @param userId the user's account id
     * @param delegateId one of the user's delegates
     * @throws dev.collab.api.ConflictException if the delegate has registered already
     */
    void resend(String tenantId, String userId, String delegateId);

    /**
     * Checks the first step of an invitation (whom, with which profile) before customers are
     * chosen, with the same rules {@link #invite} applies: a valid e-mail, not the user
     * themselves, a profile the user may hand out, nobody already invited or a member under
     * the same grant. Changes nothing.
     *
     * @param tenantId the tenant
     * @param userId the inviting user's account id
     * @param email the invitee's e-mail
     * @param profile the profile's name
     * @throws dev.collab.api.FeatureDisabledException while the feature is off
     * @throws dev.collab.api.ValidationException on a bad e-mail or a profile not delegable
     * @throws dev.collab.api.ConflictException if the e-mail is already a member or invited under the same inviter grant
     */
    void check(String tenantId, String userId, String email, String profile);
    /**
     * How many more people deleting these delegates removes: everyone they invited, at every
     * level. Changes nothing.
     *
     * @param tenantId the tenant
     * @param userId the user's account id
     * @param delegateIds the user's delegates
     * @return the number of people below them
     * @throws dev.collab.api.UnknownResourceException if any id is not one of the user's delegates
     * @since 2.2
     */
    int cascadeCount(String tenantId, String userId, List<String> delegateIds);

    /**
     * What the delete confirmation offers for one delegate: how many people deleting them removes
     * too, and who could take over their delegates instead (the user themselves or another of
     * the user's delegates, with a profile that may hand out the delegates' profiles).
     *
     * @param tenantId the tenant
     * @param userId the user's account id
     * @param delegateId one of the user's delegates, the one who leaves
     * @return the cascade's size and the possible successors
     * @throws dev.collab.api.UnknownResourceException if it is not one of the user's delegates
     * @since 2.2
     */
    HandOverOptions handOverOptions(String tenantId, String userId, String delegateId);

    /**
     * "Ansprechpartner wechselt": moves the people a delegate invited to a successor, then ends
     * the delegate's own access; see {@link dev.collab.api.grants.GrantService#handOver} for the
     * rules. The successor is the user themselves (their membership that invited the leaver) or
     * a delegate of theirs, at any level, not below the leaver.
     *
     * @param tenantId the tenant
     * @param userId the user's account id
     * @param delegateId one of the user's delegates, the one who leaves
     * @param successorId the successor's membership id, as {@link #handOverOptions} lists it
     * @return who was moved where
     * @throws dev.collab.api.UnknownResourceException if the leaver is not one of the user's delegates
     * @throws dev.collab.api.ValidationException if the successor cannot take over (see the grant service)
     * @throws dev.collab.api.ConflictException if a moved person is already a delegate under the successor's grant
     * @since 2.2
     */
    HandOverResult handOver(String tenantId, String userId, String delegateId, String successorId);

    /**
     * Extends a delegate's time-bound access ("gültig bis") before it ends. Only the inviter
     * may, only while the delegate's own validity has not passed, only to a later end, within
     * the limit of the delegate's profile ({@link dev.collab.api.profiles.AccessProfile#maxValidityMonths()},
     * counted from now) and never beyond the inviter's own effective end.
     *
     * @param tenantId the tenant
     * @param userId the inviting user's account id
     * @param delegateId one of the user's delegates
     * @param validUntil the new end of the delegate's access
     * @return the delegate as the overview shows them now
     * @throws dev.collab.api.UnknownResourceException if the delegate is not one of the user's
     * @throws dev.collab.api.ValidationException if the new end is missing, not later than the current one, beyond the
     *         profile's limit or the inviter's own end
     * @throws dev.collab.api.ConflictException if the delegate's access is unlimited or has already ended
     * @since 2.3
     */
    Delegate extend(String tenantId, String userId, String delegateId, Instant validUntil);

    /**
     * "Zugriffe überprüfen": the user's direct delegates (registered or invited) with their
     * customers, profile and last activity, and when the user's review falls due. Changes nothing.
     *
     * @param tenantId the tenant
     * @param userId the user's account id
     * @return the review
     * @since 2.3
     */
    AccessReview review(String tenantId, String userId);

    /**
     * Completes the user's access review in one step: the delegates to remove are removed with
     * everything they delegated (as {@link #delete(String, String, List)}), the others are
     * confirmed, and the next review falls due the tenant's interval from now. Every direct
     * delegate must be named, in exactly one of the lists, so that nobody is confirmed by
     * oversight; all or nothing.
     *
     * @param tenantId the tenant
     * @param userId the user's account id
     * @param keep the delegate ids to confirm
     * @param remove the delegate ids to remove
     * @return what was kept and removed, and the next due date
     * @throws dev.collab.api.ValidationException if a delegate is in neither list (field {@code keep}, naming
     *         them) or in both (field {@code remove})
     * @throws dev.collab.api.UnknownResourceException if an id is not one of the user's direct delegates
     * @since 2.3
     */
    ReviewResult completeReview(String tenantId, String userId, List<String> keep, List<String> remove);
}
