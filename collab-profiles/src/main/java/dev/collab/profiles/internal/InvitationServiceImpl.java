package dev.collab.profiles.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.collab.api.ConflictException;
import dev.collab.api.FieldError;
import dev.collab.api.NotPermittedException;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.accounts.Account;
import dev.collab.api.customers.Customer;
import dev.collab.api.customers.CustomerDirectory;
import dev.collab.api.invitations.InvitationGoneException;
import dev.collab.api.invitations.InvitationInfo;
import dev.collab.api.invitations.InvitationService;
import dev.collab.profiles.internal.entities.AccountEntity;
import dev.collab.profiles.internal.entities.GrantEntity;
import dev.collab.profiles.internal.entities.InvitationEntity;
import dev.collab.profiles.internal.entities.MembershipEntity;
import dev.collab.profiles.internal.entities.ProfileEntity;
import dev.collab.profiles.internal.entities.TenantEntity;
import dev.collab.profiles.internal.persistence.Database;

/**
 * Registration with a token. Accepting re-checks the delegation rules at that moment, runs
 * under the tenant's write lock (so of many simultaneous accepts exactly one wins), and
 * activates the membership. Failed look-ups and redemptions count against the client
 * ({@link AccountServiceImpl#tokenLookups()}); the token is always checked first, so that a
 * valid token is served even to a client that failed often (behind one address may sit a whole
 * office), and only failing look-ups are refused while the client is throttled.
 */
@Component(service = InvitationService.class)
public final class InvitationServiceImpl implements InvitationService {
    private final AccessModel model;
    private final Database db;
    private final AccountServiceImpl accounts;
    private final InvitationIssuer invitations;
    private final Audit audit;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CustomerDirectory directory;

    @Activate
    public InvitationServiceImpl(@Reference AccessModel model, @Reference Database db, @Reference AccountServiceImpl accounts,
        @Reference InvitationIssuer invitations) {
        this.model = model;
        this.db = db;
        this.accounts = accounts;
        this.invitations = invitations;
        this.audit = new Audit(db);
    }

    @Override
    public InvitationInfo inspect(String token) {
        return inspect(token, null);
    }

    @Override
    public InvitationInfo inspect(String token, String clientAddress) {
        try {
            return db.supports(() -> {
                InvitationEntity invitation = usable(find(token));
                MembershipEntity member = db.em().find(MembershipEntity.class, invitation.membershipId);
                AccountEntity account = db.em().find(AccountEntity.class, member.accountId);
                GrantEntity grant = db.em().find(GrantEntity.class, member.grantId);
                ProfileEntity profile = grant.profileId == null ? null : db.em().find(ProfileEntity.class, grant.profileId);
                TenantEntity tenant = db.em().find(TenantEntity.class, invitation.tenantId);
                return new InvitationInfo(invitation.tenantId, account.login, profile == null ? null : profile.name,
                    inviterEmail(member), invitation.expiresAt, tenant == null ? null : tenant.name,
                    customers(invitation.tenantId, member), account.passwordHash != null);
            });
        } catch (UnknownResourceException | InvitationGoneException e) {
            throw refused(clientAddress, e);
        }
    }

    /** The customers the invitation gives, as far as the inviter still sees them now. */
    private List<Customer> customers(String tenantId, MembershipEntity member) {
        Set<String> scope = new HashSet<>(member.customers);
        if (member.inviterId != null) {
            TenantModel current = model.model(tenantId);
            TenantModel.Node inviter = current.nodes.get(member.inviterId);
            if (inviter == null || !current.live(inviter)) {
                scope.clear();
            } else {
                scope.retainAll(current.effective(inviter));
            }
        }
        return Memberships.customers(directory, tenantId, scope);
    }

    @Override
    public Account accept(String token, char[] password, String displayName) {
        return accept(token, password, displayName, null);
    }

    @Override
    public Account accept(String token, char[] password, String displayName, String clientAddress) {
        try {
            return redeem(token, password, displayName, clientAddress);
        } catch (UnknownResourceException | InvitationGoneException | NotPermittedException e) {
            throw refused(clientAddress, e);
        }
    }

    private RuntimeException refused(String clientAddress, RuntimeException failure) {
        return accounts.tokenLookups().refuse(clientAddress, failure,
            "Too many failed invitation look-ups from this address; try again later.");
    }

    private Account redeem(String token, char[] password, String displayName, String clientAddress) {
        String tenantId = db.supports(() -> find(token).tenantId);
        if (password == null || password.length == 0) {
            throw new ValidationException("password", "password.required", "A password is required.");
        }
        List<FieldError> errors = new ArrayList<>();
        String name = displayName == null || displayName.isBlank() ? null : Rules.name("displayName", displayName, 200, true, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return model.change(tenantId, () -> new ConflictException("invitation.acceptedConcurrently", "The invitation was accepted concurrently."),
            () -> {
            InvitationEntity invitation = usable(find(token));
            MembershipEntity member = db.em().find(MembershipEntity.class, invitation.membershipId);
            AccountEntity account = db.em().find(AccountEntity.class, member.accountId);
            if (account.passwordHash == null) {
                List<FieldError> passwordErrors = new ArrayList<>();
                Rules.password("password", password, passwordErrors);
                if (!passwordErrors.isEmpty()) {
                    throw new ValidationException(passwordErrors);
                }
                account.passwordHash = accounts.hash(password);
            } else if (!accounts.matches(account, password, clientAddress)) {
                throw new NotPermittedException("invitation.accountExists", "'" + account.login + "' has an account already: give its current password.", account.login);
            }
            if (name != null) {
                account.displayName = name;
            }
            recheck(tenantId, member);
            member.status = MembershipEntity.ACTIVE;
            member.acceptedAt = Instant.now();
            invitation.status = InvitationEntity.ACCEPTED;
            invitation.usedAt = member.acceptedAt;
            invitation.reminderToken = null;
            // A mail still waiting for this (now used) invitation is moot.
            invitations.cancelMails(member);
            model.touched().membership(member.id);
            GrantEntity grant = db.em().find(GrantEntity.class, member.grantId);
            audit.record(tenantId, "user:" + account.login, "invitation.accepted", account.login, "grant " + grant.name);
            model.touched().event("ACCEPTED", tenantId, "user:" + account.login, account.login, grant.name, "");
            return account.toDTO();
        });
    }

    /** The delegation rules again, now: the inviter still there, still allowed this profile, still seeing a customer. */
    private void recheck(String tenantId, MembershipEntity member) {
        if (member.inviterId == null) {
            return;
        }
        TenantModel current = model.model(tenantId);
        TenantModel.Node inviter = current.nodes.get(member.inviterId);
        if (inviter == null || !current.live(inviter)) {
            throw new InvitationGoneException("invitation.inviterGone", "The person who invited you no longer has access; ask them or the broker again.");
        }
        GrantEntity inviterGrant = db.em().find(GrantEntity.class, inviter.grantId());
        ProfileEntity inviterProfile = inviterGrant.profileId == null ? null : db.em().find(ProfileEntity.class, inviterGrant.profileId);
        GrantEntity grant = db.em().find(GrantEntity.class, member.grantId);
        if (inviterProfile == null || grant.profileId == null || !inviterProfile.delegableIds.contains(grant.profileId)) {
            throw new ConflictException("invitation.roleGone", "The inviter may no longer hand out this role; ask them to invite you again.");
        }
        Set<String> visible = current.effective(inviter);
        if (member.customers.stream().noneMatch(visible::contains)) {
            throw new ConflictException("invitation.customersGone", "The inviter no longer sees any of the customers they chose for you.");
        }
    }

    private InvitationEntity find(String token) {
        if (!InvitationTokens.isWellFormed(token)) {
            throw new UnknownResourceException("invitation.notFound", "There is no such invitation.");
        }
        List<InvitationEntity> found = db.em().createQuery("SELECT i FROM InvitationEntity i WHERE i.tokenHash = :h", InvitationEntity.class)
            .setParameter("h", InvitationTokens.hash(token)).getResultList();
        if (found.isEmpty()) {
            throw new UnknownResourceException("invitation.notFound", "There is no such invitation.");
        }
        return found.get(0);
    }

    private InvitationEntity usable(InvitationEntity invitation) {
        if (InvitationEntity.ACCEPTED.equals(invitation.status)) {
            throw new InvitationGoneException("invitation.used", "This invitation was used already.");
        }
        if (InvitationEntity.VOID.equals(invitation.status) || db.em().find(MembershipEntity.class, invitation.membershipId) == null) {
            throw new InvitationGoneException("invitation.void", "This invitation was withdrawn or replaced by a newer one.");
        }
        if (Instant.now().isAfter(invitation.expiresAt)) {
            throw new InvitationGoneException("invitation.expired", "This invitation has expired; ask for a new one.");
        }
        return invitation;
    }

    private String inviterEmail(MembershipEntity member) {
        if (member.inviterId == null) {
            return null;
        }
        return Optional.ofNullable(db.em().find(MembershipEntity.class, member.inviterId))
            .map(inviter -> db.em().find(AccountEntity.class, inviter.accountId)).map(a -> a.login).orElse(null);
    }
}
