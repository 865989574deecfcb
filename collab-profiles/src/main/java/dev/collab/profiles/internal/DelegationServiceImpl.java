package dev.collab.profiles.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.persistence.TypedQuery;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.collab.api.ConflictException;
import dev.collab.api.FeatureDisabledException;
import dev.collab.api.FieldError;
import dev.collab.api.NotPermittedException;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.customers.Customer;
import dev.collab.api.customers.CustomerDirectory;
import dev.collab.api.delegation.AccessReview;
import dev.collab.api.delegation.BulkInviteOutcome;
import dev.collab.api.delegation.BulkInviteRequest;
import dev.collab.api.delegation.BulkInviteResult;
import dev.collab.api.delegation.BulkInviteRow;
import dev.collab.api.delegation.BulkInviteRowResult;
import dev.collab.api.delegation.Delegate;
import dev.collab.api.delegation.DelegatePage;
import dev.collab.api.delegation.DelegateQuery;
import dev.collab.api.delegation.DelegationOptions;
import dev.collab.api.delegation.DelegationService;
import dev.collab.api.delegation.InviteRequest;
import dev.collab.api.delegation.Me;
import dev.collab.api.delegation.Membership;
import dev.collab.api.delegation.ProfileOption;
import dev.collab.api.delegation.ReviewResult;
import dev.collab.api.grants.HandOverOptions;
import dev.collab.api.grants.HandOverResult;
import dev.collab.api.grants.MembershipStatus;
import dev.collab.api.mail.MailStatus;
import dev.collab.api.tenants.Tenant;
import dev.collab.api.tenants.TenantService;
import dev.collab.profiles.internal.entities.AccessReviewEntity;
import dev.collab.profiles.internal.entities.AccountEntity;
import dev.collab.profiles.internal.entities.GrantEntity;
import dev.collab.profiles.internal.entities.InvitationEntity;
import dev.collab.profiles.internal.entities.MembershipEntity;
import dev.collab.profiles.internal.entities.ProfileEntity;
import dev.collab.profiles.internal.entities.RowIds;
import dev.collab.profiles.internal.entities.TenantEntity;
import dev.collab.profiles.internal.persistence.Database;

/**
 * The policyholder's self-service, and with it the delegation rules: a user hands out only a
 * profile that one of their grants' profiles lists as delegable, only customers they see
 * themselves now, never twice to the same person under the same grant. Reads go through the
 * access model, so attenuation applies everywhere.
 */
@Component(service = DelegationService.class)
public final class DelegationServiceImpl implements DelegationService {
    /** The width of the grant name column. */
    static final int MAX_GRANT_NAME = 2000;
    private final AccessModel model;
    private final Database db;
    private final TenantService tenants;
    private final InvitationIssuer invitations;
    private final ActivityRecorderImpl activity;
    private final Memberships memberships;
    private final Audit audit;
    private final HandOvers handOvers;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CustomerDirectory directory;

    @Activate
    public DelegationServiceImpl(@Reference AccessModel model, @Reference Database db, @Reference TenantService tenants,
        @Reference InvitationIssuer invitations, @Reference ActivityRecorderImpl activity) {
        this.model = model;
        this.db = db;
        this.tenants = tenants;
        this.invitations = invitations;
        this.activity = activity;
        this.memberships = new Memberships(db, model, invitations);
        this.audit = new Audit(db);
        this.handOvers = new HandOvers(db, model, invitations, memberships);
    }

    @Override
    public Me me(String tenantId, String userId) {
        tenants.get(tenantId);
        TenantModel current = model.model(tenantId);
        return db.supports(() -> {
            AccountEntity account = account(tenantId, userId);
            List<Membership> memberships = new ArrayList<>();
            for (TenantModel.Node node : current.memberships(account.id)) {
                if (!current.live(node)) {
                    continue;
                }
                GrantEntity grant = db.em().find(GrantEntity.class, node.grantId());
                ProfileEntity profile = grant.profileId == null ? null : db.em().find(ProfileEntity.class, grant.profileId);
                memberships.add(new Membership(grant.name, grant.id, profile == null ? null : profile.name,
                    Memberships.customers(directory, tenantId, current.effective(node)),
                    current.rights(node).stream().sorted().toList()));
            }
            memberships.sort(Comparator.comparing(m -> Rules.key(m.grant())));
            return new Me(account.id, account.login, memberships);
        });
    }

    @Override
    public DelegationOptions options(String tenantId, String userId) {
        requireEnabled(tenantId);
        TenantModel current = model.model(tenantId);
        return db.supports(() -> {
            AccountEntity account = account(tenantId, userId);
            Map<String, ProfileOption> profiles = new LinkedHashMap<>();
            Set<String> customers = new TreeSet<>();
            for (Inviting inviting : invitingMemberships(current, account)) {
                for (TenantModel.ProfileRow p : inviting.delegable) {
                    if (!profiles.containsKey(p.id())) {
                        // the description is not in the model: a profile deleted since it was read is not offered
                        ProfileEntity entity = db.em().find(ProfileEntity.class, p.id());
                        if (entity != null) {
                            profiles.put(p.id(), new ProfileOption(p.name(), entity.description, p.maxValidityMonths()));
                        }
                    }
                }
                customers.addAll(inviting.customers);
            }
            List<ProfileOption> sorted = profiles.values().stream().sorted(Comparator.comparing(p -> Rules.key(p.name()))).toList();
            return new DelegationOptions(sorted, Memberships.customers(directory, tenantId, customers));
        });
    }

    @Override
    public Delegate invite(String tenantId, String userId, InviteRequest request) {
        requireEnabled(tenantId);
        if (request == null) {
            throw new ValidationException("body", "invite.bodyRequired", "An invitation is required.");
        }
        List<FieldError> errors = new ArrayList<>();
        String email = validate(request, errors);
        if (Memberships.language(request.language()) != null) {
            errors.add(Memberships.language(request.language()));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Invited invited = model.change(tenantId, () -> new ConflictException("invite.duplicate",
            "'" + email + "' is already invited or a member under the same grant.", email), () -> {
            TenantEntity tenant = enabledTenant(tenantId);
            TenantModel current = model.model(tenantId);
            AccountEntity inviter = account(tenantId, userId);
            Planned planned = plan(tenantId, current, inviter, invitingMemberships(current, inviter), email, request);
            Invited result = create(tenantId, tenant, inviter, planned, request.language(), new HashMap<>());
            db.em().flush();
            return result;
        });
        // The customers' names come from the host's directory after the tenant's lock is released:
        // they only describe the answer, and looking them up under the lock held up every other invite.
        return new Delegate(invited.membershipId, invited.accountId, invited.email, invited.profile, invited.grant, invited.grantId,
            Memberships.customers(directory, tenantId, invited.customers), MembershipStatus.INVITED, invited.invitedAt, null,
            MailStatus.PENDING, invited.expiresAt, invited.validUntil);
    }

    /**
     * The checks of an invitation that need no database: e-mail, profile named, customers chosen.
     *
     * @return the e-mail as stored, or {@code null} when it is not valid (then {@code errors} says why)
     */
    private static String validate(InviteRequest request, List<FieldError> errors) {
        String email = Rules.email("email", request.email(), errors);
        if (request.profile() == null || request.profile().isBlank()) {
            errors.add(FieldError.of("profile", "invite.profileRequired", "Choose one of the profiles you may hand out."));
        }
        if (!request.allCustomers() && (request.customers() == null || request.customers().isEmpty())) {
            errors.add(FieldError.of("customers", "invite.customersRequired", "Choose at least one customer, or all customers."));
        }
        if (request.allCustomers() && request.customers() != null && !request.customers().isEmpty()) {
            errors.add(FieldError.of("customers", "invite.customersOrAll", "Give either customers or allCustomers, not both."));
        }
        return email;
    }

    /** An invitation that passed every rule, to be created in the same change. */
    private record Planned(String email, Inviting from, TenantModel.ProfileRow profile, Set<String> scope, String grantName,
        GrantEntity existingGrant, AccountEntity existingAccount, Instant validUntil) {
    }

    /**
     * Every rule of one invitation that needs the database, in the current scope, without
     * changing anything: the single invite and each row of a bulk invite go through here, so
     * both refuse alike.
     *
     * @throws ValidationException on the inviter's own e-mail, a profile not delegable, customers outside the inviter's
     * @throws ConflictException on a duplicate under the inviter grant, an account that cannot be invited, a chain at
     *         its deepest, a grant name taken
     */
    private Planned plan(String tenantId, TenantModel current, AccountEntity inviter, List<Inviting> inviting, String email,
        InviteRequest request) {
        if (Rules.loginKey(email).equals(inviter.loginKey)) {
            throw new ValidationException("email", "invite.yourself", "You cannot invite yourself.");
        }
        String wanted = Rules.key(request.profile().trim());
        List<Inviting> candidates = inviting.stream()
            .filter(i -> i.delegable.stream().anyMatch(p -> Rules.key(p.name()).equals(wanted))).toList();
        if (candidates.isEmpty()) {
            throw new ValidationException("profile", "invite.profileNotDelegable", "'" + request.profile() + "' is not a profile you may hand out.", request.profile());
        }
        List<FieldError> errors = new ArrayList<>();
        Inviting from = null;
        Set<String> scope = null;
        for (Inviting candidate : candidates) {
            Set<String> chosen = chooseCustomers(request, candidate.customers, candidates.size() == 1 ? errors : new ArrayList<>());
            if (chosen != null && !chosen.isEmpty()) {
                from = candidate;
                scope = chosen;
                break;
            }
        }
        if (from == null) {
            if (errors.isEmpty()) {
                errors.add(FieldError.of("customers", "invite.customersNotVisible", "You may only hand out customers you can see yourself."));
            }
            throw new ValidationException(errors);
        }
        TenantModel.ProfileRow profile = from.delegable.stream().filter(p -> Rules.key(p.name()).equals(wanted)).findFirst().orElseThrow();
        // "gültig bis": within the profile's limit and never beyond the inviter's own end
        List<FieldError> validity = new ArrayList<>();
        Instant validUntil = Validity.choose("validUntil", request.validUntil(), profile.maxValidityMonths(),
            current.effectiveEnd(from.membership), model.clock.instant(), zone(tenantId), validity);
        if (!validity.isEmpty()) {
            throw new ValidationException(validity);
        }
        AccountEntity existing = memberships.account(tenantId, email).orElse(null);
        if (existing != null) {
            if (!"USER".equals(existing.role)) {
                // The same answer for every kind of account: an inviter must not learn who is an admin.
                throw new ConflictException("invite.notPossible", "'" + email + "' cannot be invited.", email);
            }
            requireNotUnder(tenantId, existing, from.grant);
        }
        if (chainLength(current, from.membership) >= TenantModel.MAX_DEPTH) {
            // Access is decided along the inviter chain, which the model follows this far only.
            throw new ConflictException("invite.tooDeep", "The delegation chain is at its deepest (" + TenantModel.MAX_DEPTH
                + " levels): people you invite could not use their access, so you cannot invite further.", TenantModel.MAX_DEPTH);
        }
        // An existing account keeps the e-mail it was stored with, and the grant is named after that.
        String grantName = delegateGrantName(from.grant, profile, existing == null ? email : existing.login);
        return new Planned(email, from, profile, scope, grantName, existingDelegateGrant(current, from.grant, profile, grantName),
            existing, validUntil);
    }

    /**
     * Creates a planned invitation: the account (new or existing), the delegate grant, the
     * membership, the invitation with its mail, the audit entry and the event.
     *
     * @param created delegate grants created earlier in the same change, by name key: rows of one
     *        bulk invite that share a grant all join the one the first of them created
     */
    private Invited create(String tenantId, TenantEntity tenant, AccountEntity inviter, Planned planned, String language,
        Map<String, GrantEntity> created) {
        // The plan looked the account up already, under the same lock: no second query (and no flush before it).
        AccountEntity invitee = planned.existingAccount != null ? memberships.withLanguage(planned.existingAccount, language)
            : memberships.newAccount(tenantId, planned.email, language);
        GrantEntity grant = planned.existingGrant != null ? planned.existingGrant
            : created.computeIfAbsent(Rules.key(planned.grantName),
                k -> newDelegateGrant(tenantId, planned.from.grant, planned.profile, planned.grantName));
        TenantModel.ProfileRow profile = planned.profile;
        Set<String> scope = planned.scope;
        MembershipEntity member = MembershipEntity.invited(grant, invitee, scope);
        member.inviterId = planned.from.membership.id();
        member.validUntil = planned.validUntil;
        db.em().persist(member);
        model.touched().rescoped(member.id);
        Instant expiresAt = invitations.issue(member, invitee, tenant, profile.name(), grant.name, inviter.login);
        audit.record(tenantId, "user:" + inviter.login, "delegate.invited", invitee.login,
            "profile " + profile.name() + ", grant " + grant.name + ", customers " + scope.stream().sorted().toList()
                + (planned.validUntil == null ? "" : ", valid until " + planned.validUntil));
        model.touched().event("INVITED", tenantId, "user:" + inviter.login, invitee.login, grant.name, "profile " + profile.name());
        // the answer shows the end that applies: the inviter's, where it comes first
        long inviterEnd = model.model(tenantId).effectiveEnd(planned.from.membership);
        return new Invited(member.id, invitee.id, invitee.login, profile.name(), grant.name, grant.id, scope, member.invitedAt, expiresAt,
            shown(Math.min(TenantModel.end(planned.validUntil), inviterEnd)));
    }

    @Override
    public BulkInviteResult inviteAll(String tenantId, String userId, BulkInviteRequest request, boolean dryRun) {
        requireEnabled(tenantId);
        if (request == null) {
            throw new ValidationException("body", "invite.bodyRequired", "An invitation is required.");
        }
        List<FieldError> errors = new ArrayList<>();
        List<BulkInviteRow> rows = request.rows();
        if (rows == null || rows.isEmpty()) {
            errors.add(FieldError.of("rows", "bulk.rowsRequired", "Give at least one person to invite."));
        } else if (rows.size() > BulkInviteRequest.MAX_ROWS) {
            errors.add(FieldError.of("rows", "bulk.tooManyRows", "At most " + BulkInviteRequest.MAX_ROWS
                + " people can be invited at once; the list has " + rows.size() + ".", BulkInviteRequest.MAX_ROWS, rows.size()));
        } else {
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i) == null) {
                    errors.add(FieldError.of("rows[" + i + "]", "bulk.rowRequired", "A row is empty."));
                }
            }
        }
        if (request.allCustomers() && request.customers() != null && !request.customers().isEmpty()) {
            errors.add(FieldError.of("customers", "invite.customersOrAll", "Give either customers or allCustomers, not both."));
        }
        if (Memberships.language(request.language()) != null) {
            errors.add(Memberships.language(request.language()));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        // Each row is one invitation with the defaults filled in: checked and created by the single invite's steps.
        List<InviteRequest> invites = rows.stream().map(row -> {
            boolean ownCustomers = row.customers() != null && !row.customers().isEmpty();
            return new InviteRequest(row.email(), row.profile() == null || row.profile().isBlank() ? request.profile() : row.profile(),
                ownCustomers ? row.customers() : request.customers(), !ownCustomers && request.allCustomers(), null,
                request.language());
        }).toList();
        BulkInviteResult result;
        if (dryRun) {
            TenantModel current = model.model(tenantId);
            result = db.supports(() -> new BulkInviteResult(false,
                checkRows(tenantId, current, account(tenantId, userId), invites).stream().map(Checked::result).toList()));
        } else {
            result = createAll(tenantId, userId, request, invites);
        }
        // As for a single invite: the customers' names are looked up once, after the tenant's lock.
        Map<String, Customer> names = Memberships.named(directory, tenantId, result.rows().stream()
            .flatMap(r -> r.customers().stream()).map(Customer::id).collect(Collectors.toSet()));
        return new BulkInviteResult(result.created(), result.rows().stream().map(r -> new BulkInviteRowResult(r.row(), r.email(),
            r.profile(), r.customers().stream().map(c -> names.getOrDefault(c.id(), c)).toList(), r.outcome(), r.delegateId(), r.key(),
            r.message(), r.arguments())).toList());
    }

    private BulkInviteResult createAll(String tenantId, String userId, BulkInviteRequest request, List<InviteRequest> invites) {
        return model.change(tenantId, () -> new ConflictException("bulk.concurrent",
            "The delegates changed while the list was invited; nothing was invited. Check the list again."), () -> {
            TenantEntity tenant = enabledTenant(tenantId);
            TenantModel current = model.model(tenantId);
            AccountEntity inviter = account(tenantId, userId);
            List<Checked> checked = checkRows(tenantId, current, inviter, invites);
            if (checked.stream().anyMatch(c -> c.planned == null)) {
                // All checked before any is created: one failed row leaves the whole list uncreated.
                return new BulkInviteResult(false, checked.stream().map(Checked::result).toList());
            }
            Map<String, GrantEntity> created = new HashMap<>();
            List<BulkInviteRowResult> results = new ArrayList<>(checked.size());
            for (Checked c : checked) {
                Invited invited = create(tenantId, tenant, inviter, c.planned, request.language(), created);
                BulkInviteRowResult r = c.result;
                results.add(new BulkInviteRowResult(r.row(), invited.email, r.profile(), r.customers(), BulkInviteOutcome.INVITED,
                    invited.membershipId, null, null, List.of()));
            }
            audit.record(tenantId, "user:" + inviter.login, "delegates.bulkInvited", inviter.login,
                results.size() + " delegates invited in one step");
            db.em().flush();
            return new BulkInviteResult(true, results);
        });
    }

    /** One row of a bulk invite after its checks: its result, and its plan when it passed. */
    private record Checked(BulkInviteRowResult result, Planned planned) {
    }

    /** Checks every row, in the current scope, changing nothing; a row whose e-mail came before is a duplicate. */
    private List<Checked> checkRows(String tenantId, TenantModel current, AccountEntity inviter, List<InviteRequest> invites) {
        List<Inviting> inviting = invitingMemberships(current, inviter);
        Map<String, Integer> seen = new HashMap<>();
        List<Checked> result = new ArrayList<>(invites.size());
        for (int i = 0; i < invites.size(); i++) {
            InviteRequest invite = invites.get(i);
            int row = i + 1;
            List<FieldError> errors = new ArrayList<>();
            String email = validate(invite, errors);
            String shown = email != null ? email : invite.email() == null ? null : invite.email().trim();
            String profile = invite.profile() == null || invite.profile().isBlank() ? null : invite.profile().trim();
            if (email != null && seen.containsKey(Rules.loginKey(email))) {
                int first = seen.get(Rules.loginKey(email));
                result.add(new Checked(refused(row, shown, profile, BulkInviteOutcome.DUPLICATE, "bulk.duplicateRow",
                    "'" + email + "' is in the list already (row " + first + ").", email, first), null));
                continue;
            }
            if (email != null) {
                seen.put(Rules.loginKey(email), row);
            }
            if (!errors.isEmpty()) {
                result.add(new Checked(refused(row, shown, profile, errors.get(0)), null));
                continue;
            }
            try {
                Planned planned = plan(tenantId, current, inviter, inviting, email, invite);
                result.add(new Checked(new BulkInviteRowResult(row, email, planned.profile.name(),
                    planned.scope.stream().sorted().map(id -> new Customer(id, null)).toList(), BulkInviteOutcome.INVITABLE, null,
                    null, null, List.of()), planned));
            } catch (ValidationException e) {
                result.add(new Checked(refused(row, shown, profile, e.errors().get(0)), null));
            } catch (ConflictException e) {
                BulkInviteOutcome outcome = switch (String.valueOf(e.key())) {
                    case "invite.duplicateInvited" -> BulkInviteOutcome.DUPLICATE;
                    case "invite.duplicateActive" -> BulkInviteOutcome.ALREADY_MEMBER;
                    default -> BulkInviteOutcome.NOT_POSSIBLE;
                };
                result.add(new Checked(new BulkInviteRowResult(row, shown, profile, List.of(), outcome, null, e.key(), e.getMessage(),
                    e.arguments()), null));
            }
        }
        return result;
    }

    private static BulkInviteRowResult refused(int row, String email, String profile, FieldError error) {
        BulkInviteOutcome outcome;
        if ("invite.yourself".equals(error.key()) || "invite.nameTooDeep".equals(error.key())) {
            outcome = BulkInviteOutcome.NOT_POSSIBLE;
        } else if (error.field().startsWith("email")) {
            outcome = BulkInviteOutcome.INVALID_ADDRESS;
        } else if (error.field().startsWith("profile")) {
            outcome = BulkInviteOutcome.PROFILE_NOT_DELEGABLE;
        } else if (error.field().startsWith("customers") || error.field().startsWith("exceptCustomers")) {
            outcome = BulkInviteOutcome.CUSTOMER_NOT_ALLOWED;
        } else {
            outcome = BulkInviteOutcome.NOT_POSSIBLE;
        }
        return new BulkInviteRowResult(row, email, profile, List.of(), outcome, null, error.key(), error.message(), error.arguments());
    }

    private static BulkInviteRowResult refused(int row, String email, String profile, BulkInviteOutcome outcome, String key,
        String message, Object... arguments) {
        FieldError error = FieldError.of("email", key, message, arguments);
        return new BulkInviteRowResult(row, email, profile, List.of(), outcome, null, key, message, error.arguments());
    }

    /** The tenant, read again under its lock: a switch-off that returned stops every later invite. */
    private TenantEntity enabledTenant(String tenantId) {
        TenantEntity tenant = db.em().find(TenantEntity.class, tenantId);
        if (!tenant.delegatedAccess) {
            throw new FeatureDisabledException(tenantId);
        }
        return tenant;
    }

    /** What an invite's transaction decided, for the answer built after it. */
    private record Invited(String membershipId, String accountId, String email, String profile, String grant, String grantId,
        Set<String> customers, Instant invitedAt, Instant expiresAt, Instant validUntil) {
    }

    /** The tenant's time zone: a day chosen as "gültig bis" and a profile's months are counted in it. */
    private ZoneId zone(String tenantId) {
        TenantEntity tenant = db.em().find(TenantEntity.class, tenantId);
        return ZoneId.of(tenant == null || tenant.timeZone == null ? Tenant.DEFAULT_TIME_ZONE : tenant.timeZone);
    }

    /** An end in epoch milliseconds as the API shows it: {@code null} for unlimited. */
    private static Instant shown(long end) {
        return end == TenantModel.UNLIMITED ? null : Instant.ofEpochMilli(end);
    }

    @Override
    public void check(String tenantId, String userId, String email, String profile) {
        requireEnabled(tenantId);
        List<FieldError> errors = new ArrayList<>();
        String valid = Rules.email("email", email, errors);
        if (profile == null || profile.isBlank()) {
            errors.add(FieldError.of("profile", "invite.profileRequired", "Choose one of the profiles you may hand out."));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        TenantModel current = model.model(tenantId);
        db.supports(() -> {
            AccountEntity inviter = account(tenantId, userId);
            if (Rules.loginKey(valid).equals(inviter.loginKey)) {
                throw new ValidationException("email", "invite.yourself", "You cannot invite yourself.");
            }
            String wanted = Rules.key(profile.trim());
            List<Inviting> candidates = invitingMemberships(current, inviter).stream()
                .filter(i -> i.delegable.stream().anyMatch(p -> Rules.key(p.name()).equals(wanted))).toList();
            if (candidates.isEmpty()) {
                throw new ValidationException("profile", "invite.profileNotDelegable", "'" + profile + "' is not a profile you may hand out.", profile);
            }
            // invite() picks the first candidate grant that covers the chosen customers: only a
            // person already under every candidate is sure to be refused there
            AccountEntity invitee = memberships.account(tenantId, valid).orElse(null);
            if (invitee != null) {
                ConflictException last = null;
                for (Inviting candidate : candidates) {
                    try {
                        requireNotUnder(tenantId, invitee, candidate.grant);
                        return null;
                    } catch (ConflictException e) {
                        last = e;
                    }
                }
                throw last;
            }
            return null;
        });
    }

    /** The duplicate rule: one membership or pending invitation per person under one inviter grant. */
    private void requireNotUnder(String tenantId, AccountEntity invitee, TenantModel.GrantRow inviterGrant) {
        for (MembershipEntity existing : memberships.ofAccount(tenantId, invitee.id)) {
            GrantEntity grant = db.em().find(GrantEntity.class, existing.grantId);
            if (grant != null && inviterGrant.id().equals(grant.parentGrantId)) {
                throw new ConflictException(MembershipEntity.ACTIVE.equals(existing.status) ? "invite.duplicateActive" : "invite.duplicateInvited",
                    "'" + invitee.login + "' is already " + (MembershipEntity.ACTIVE.equals(existing.status) ? "a delegate" : "invited")
                    + " under '" + inviterGrant.name() + "' (grant '" + grant.name + "').", invitee.login, inviterGrant.name(), grant.name);
            }
        }
    }

    @Override
    @Deprecated
    public List<Delegate> delegates(String tenantId, String userId) {
        List<Delegate> all = new ArrayList<>();
        String cursor = null;
        do {
            DelegatePage page = delegates(tenantId, userId, new DelegateQuery(null, DelegateQuery.MAX_LIMIT, cursor));
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }

    @Override
    public DelegatePage delegates(String tenantId, String userId, DelegateQuery query) {
        tenants.get(tenantId);
        if (query == null) {
            throw new ValidationException("query", "list.queryRequired", "A query is required.");
        }
        int limit = Keyset.limit(query.limit(), DelegateQuery.MAX_LIMIT);
        List<String> after = Keyset.decode(query.cursor(), 3);
        String like = Keyset.like(query.filter());
        TenantModel current = model.model(tenantId);
        return db.supports(() -> {
            AccountEntity account = account(tenantId, userId);
            List<String> mine = current.memberships(account.id).stream().map(TenantModel.Node::id).toList();
            if (mine.isEmpty()) {
                return new DelegatePage(List.of(), null);
            }
            // Only the columns of the index MEMBERSHIP_OVERVIEW: the page is one range scan of it,
            // the redundant ">=" giving the scan its start.
            StringBuilder jpql = new StringBuilder("SELECT m.id, m.accountLoginKey, m.grantNameKey FROM MembershipEntity m"
                + " WHERE m.inviterId IN :mine");
            if (like != null) {
                jpql.append(" AND (m.accountLoginKey LIKE :q ESCAPE '\\' OR m.grantNameKey LIKE :q ESCAPE '\\')");
            }
            if (after != null) {
                jpql.append(" AND m.accountLoginKey >= :k1 AND (m.accountLoginKey > :k1 OR m.grantNameKey > :k2"
                    + " OR (m.grantNameKey = :k2 AND m.id > :k3))");
            }
            jpql.append(" ORDER BY m.accountLoginKey, m.grantNameKey, m.id");
            TypedQuery<Object[]> page = db.em().createQuery(jpql.toString(), Object[].class)
                .setParameter("mine", mine);
            if (like != null) {
                page.setParameter("q", like);
            }
            if (after != null) {
                page.setParameter("k1", after.get(0)).setParameter("k2", after.get(1)).setParameter("k3", after.get(2));
            }
            List<Object[]> keys = page.setMaxResults(limit + 1).getResultList();
            List<Object[]> shown = keys.subList(0, Math.min(limit, keys.size()));
            List<Delegate> items = overview(tenantId, current, shown.stream().map(k -> (String) k[0]).toList());
            Object[] last = shown.isEmpty() ? null : shown.get(shown.size() - 1);
            return new DelegatePage(items, keys.size() > limit
                ? Keyset.encode((String) last[1], (String) last[2], (String) last[0]) : null);
        });
    }

    @Override
    public Delegate delegate(String tenantId, String userId, String delegateId) {
        tenants.get(tenantId);
        TenantModel current = model.model(tenantId);
        return db.supports(() -> {
            AccountEntity account = account(tenantId, userId);
            MembershipEntity m = delegateId == null ? null : db.em().find(MembershipEntity.class, delegateId);
            boolean mine = m != null && tenantId.equals(m.tenantId) && m.inviterId != null
                && current.memberships(account.id).stream().anyMatch(n -> n.id().equals(m.inviterId));
            if (!mine) {
                throw new UnknownResourceException("delegate.notFound", "There is no delegate '" + delegateId + "' of yours.", delegateId);
            }
            return overview(tenantId, current, List.of(m.id)).get(0);
        });
    }

    /**
     * The overview's rows of these memberships, in the order given: a fixed number of batch
     * queries whatever their number, and one look-up of customer names for all of them.
     */
    private List<Delegate> overview(String tenantId, TenantModel current, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Object[]> members = new HashMap<>();
        for (Object[] row : db.em().createQuery("SELECT m.id, m.accountId, m.grantId, m.inviterId, m.status, m.invitedAt"
            + " FROM MembershipEntity m WHERE m.id IN :ids", Object[].class).setParameter("ids", ids).getResultList()) {
            members.put((String) row[0], row);
        }
        Map<String, Set<String>> scopes = new HashMap<>();
        for (Object[] row : db.em().createQuery("SELECT m.id, c FROM MembershipEntity m JOIN m.customers c WHERE m.id IN :ids",
            Object[].class).setParameter("ids", ids).getResultList()) {
            scopes.computeIfAbsent((String) row[0], k -> new HashSet<>()).add((String) row[1]);
        }
        Set<String> accountIds = new HashSet<>();
        Set<String> grantIds = new HashSet<>();
        List<String> invited = new ArrayList<>();
        for (Object[] m : members.values()) {
            accountIds.add((String) m[1]);
            grantIds.add((String) m[2]);
            if (MembershipEntity.INVITED.equals(m[4])) {
                invited.add((String) m[0]);
            }
        }
        Map<String, Object[]> accounts = byId(db.em().createQuery("SELECT a.id, a.login, a.lastActiveAt FROM AccountEntity a"
            + " WHERE a.id IN :ids", Object[].class).setParameter("ids", List.copyOf(accountIds)).getResultList());
        Map<String, Object[]> grants = byId(db.em().createQuery("SELECT g.id, g.name, g.profileId FROM GrantEntity g"
            + " WHERE g.id IN :ids", Object[].class).setParameter("ids", List.copyOf(grantIds)).getResultList());
        Set<String> profileIds = new HashSet<>();
        grants.values().forEach(g -> {
            if (g[2] != null) {
                profileIds.add((String) g[2]);
            }
        });
        Map<String, Object[]> profiles = profileIds.isEmpty() ? Map.of() : byId(db.em().createQuery("SELECT p.id, p.name"
            + " FROM ProfileEntity p WHERE p.id IN :ids", Object[].class).setParameter("ids", List.copyOf(profileIds)).getResultList());
        Map<String, MailStatus> mail = new HashMap<>();
        Map<String, Instant> expiry = new HashMap<>();
        if (!invited.isEmpty()) {
            // the newest mail and the newest pending link of each, as a resend leaves older ones behind
            Map<String, Instant> newest = new HashMap<>();
            for (Object[] row : db.em().createQuery("SELECT o.membershipId, o.status, o.createdAt FROM OutboxEntity o"
                + " WHERE o.membershipId IN :ids AND o.status <> 'CANCELLED'", Object[].class).setParameter("ids", invited)
                .getResultList()) {
                if (newer(newest, (String) row[0], (Instant) row[2])) {
                    mail.put((String) row[0], MailStatus.valueOf((String) row[1]));
                }
            }
            newest.clear();
            for (Object[] row : db.em().createQuery("SELECT i.membershipId, i.expiresAt, i.createdAt FROM InvitationEntity i"
                + " WHERE i.membershipId IN :ids AND i.status = :pending", Object[].class).setParameter("ids", invited)
                .setParameter("pending", InvitationEntity.PENDING).getResultList()) {
                if (newer(newest, (String) row[0], (Instant) row[2])) {
                    expiry.put((String) row[0], (Instant) row[1]);
                }
            }
        }
        long now = model.clock.millis();
        Map<String, Set<String>> inviterSees = new HashMap<>();
        Map<String, Set<String>> visible = new HashMap<>();
        Set<String> allCustomers = new HashSet<>();
        for (String id : ids) {
            Object[] m = members.get(id);
            if (m == null) {
                continue;
            }
            Set<String> sees = new HashSet<>(scopes.getOrDefault(id, Set.of()));
            TenantModel.Node inviter = current.nodes.get((String) m[3]);
            if (inviter != null) {
                sees.retainAll(inviterSees.computeIfAbsent(inviter.id(), k -> current.effective(inviter)));
            } else if (current.nodes.get(id) == null) {
                sees.clear();
            }
            visible.put(id, sees);
            allCustomers.addAll(sees);
        }
        Map<String, Customer> names = Memberships.named(directory, tenantId, allCustomers);
        List<Delegate> result = new ArrayList<>(ids.size());
        for (String id : ids) {
            Object[] m = members.get(id);
            if (m == null) {
                continue;
            }
            Object[] a = accounts.get((String) m[1]);
            Object[] g = grants.get((String) m[2]);
            Object[] p = g == null || g[2] == null ? null : profiles.get((String) g[2]);
            List<Customer> customers = Memberships.sorted(visible.get(id), names);
            TenantModel.Node node = current.nodes.get(id);
            long end = node == null ? TenantModel.UNLIMITED : current.effectiveEnd(node);
            // past the earliest end along the chain the delegate has no access, whoever's end it was
            MembershipStatus status = end != TenantModel.UNLIMITED && now >= end ? MembershipStatus.EXPIRED
                : MembershipStatus.valueOf((String) m[4]);
            result.add(new Delegate(id, (String) m[1], (String) a[1], p == null ? null : (String) p[1], (String) g[1],
                (String) m[2], customers, status, (Instant) m[5], activity.lastActive((String) m[1], (Instant) a[2]), mail.get(id),
                expiry.get(id), shown(end)));
        }
        return result;
    }

    private static Map<String, Object[]> byId(List<Object[]> rows) {
        Map<String, Object[]> result = new HashMap<>();
        rows.forEach(r -> result.put((String) r[0], r));
        return result;
    }

    private static boolean newer(Map<String, Instant> newest, String key, Instant at) {
        Instant before = newest.get(key);
        if (before != null && at != null && !at.isAfter(before)) {
            return false;
        }
        newest.put(key, at);
        return true;
    }

    @Override
    public void delete(String tenantId, String userId, String delegateId) {
        delete(tenantId, userId, Collections.singletonList(delegateId));
    }

    @Override
    public List<String> delete(String tenantId, String userId, List<String> delegateIds) {
        tenants.get(tenantId);
        if (delegateIds == null || delegateIds.isEmpty() || delegateIds.stream().anyMatch(Objects::isNull)) {
            throw new ValidationException("ids", "delegate.idsRequired", "Name at least one delegate.");
        }
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(delegateIds));
        return model.change(tenantId, () -> new ConflictException("delegates.concurrent", "The delegates changed concurrently; retry."),
            () -> {
            AccountEntity account = account(tenantId, userId);
            Set<String> mine = new HashSet<>();
            memberships.ofAccount(tenantId, account.id).forEach(m -> mine.add(m.id));
            List<MembershipEntity> targets = new ArrayList<>();
            for (String id : ids) {
                MembershipEntity m = db.em().find(MembershipEntity.class, id);
                if (m == null || !tenantId.equals(m.tenantId) || m.inviterId == null || !mine.contains(m.inviterId)) {
                    throw new UnknownResourceException("delegate.notFoundNothingDeleted", "'" + id + "' is not one of your delegates; nothing was deleted.", id);
                }
                targets.add(m);
            }
            for (MembershipEntity m : targets) {
                if (db.em().contains(m)) {
                    memberships.removeCascade(m, "user:" + account.login);
                }
            }
            return ids;
        });
    }

    @Override
    public void resend(String tenantId, String userId, String delegateId) {
        requireEnabled(tenantId);
        model.change(tenantId, () -> new ConflictException("delegate.concurrent", "The delegate changed concurrently; retry."),
            () -> {
            AccountEntity account = account(tenantId, userId);
            Set<String> mine = new HashSet<>();
            memberships.ofAccount(tenantId, account.id).forEach(m -> mine.add(m.id));
            MembershipEntity m = delegateId == null ? null : db.em().find(MembershipEntity.class, delegateId);
            if (m == null || !tenantId.equals(m.tenantId) || m.inviterId == null || !mine.contains(m.inviterId)) {
                throw new UnknownResourceException("delegate.notYours", "'" + delegateId + "' is not one of your delegates.", delegateId);
            }
            if (!MembershipEntity.INVITED.equals(m.status)) {
                throw new ConflictException("delegate.registered", "The delegate has registered already; there is nothing to resend.");
            }
            AccountEntity delegate = db.em().find(AccountEntity.class, m.accountId);
            GrantEntity grant = db.em().find(GrantEntity.class, m.grantId);
            ProfileEntity profile = grant.profileId == null ? null : db.em().find(ProfileEntity.class, grant.profileId);
            invitations.reissue(m, delegate, db.em().find(TenantEntity.class, tenantId), profile == null ? null : profile.name,
                grant.name, account.login);
            audit.record(tenantId, "user:" + account.login, "delegate.invitation.resent", delegate.login,
                "grant " + grant.name + "; the previous link no longer works");
            return null;
        });
    }

    /** One of the user's live memberships that may hand out profiles, with what it may hand out. */
    /** @return how many memberships the chain from this one up to its root holds (itself included) */
    static int chainLength(TenantModel current, TenantModel.Node membership) {
        int length = 0;
        TenantModel.Node node = membership;
        while (node != null && length <= TenantModel.MAX_DEPTH) {
            length++;
            node = node.inviterId() == null ? null : current.nodes.get(node.inviterId());
        }
        return length;
    }

    private record Inviting(TenantModel.Node membership, TenantModel.GrantRow grant, List<TenantModel.ProfileRow> delegable,
        Set<String> customers) {
    }

    /**
     * The account's live memberships whose profile lets them hand out profiles, by grant name:
     * from the access model, which holds every grant and profile as committed (and, inside a
     * change, up to date under the tenant's lock), so that an invite reads none of them again.
     */
    private static List<Inviting> invitingMemberships(TenantModel current, AccountEntity account) {
        List<Inviting> result = new ArrayList<>();
        for (TenantModel.Node node : current.memberships(account.id)) {
            if (!current.live(node)) {
                continue;
            }
            TenantModel.GrantRow grant = current.grant(node.grantId());
            TenantModel.ProfileRow profile = grant == null ? null : current.profile(grant.profileId());
            if (profile == null || profile.delegableIds().isEmpty()) {
                continue;
            }
            List<TenantModel.ProfileRow> delegable = profile.delegableIds().stream().map(current::profile).filter(p -> p != null).toList();
            if (!delegable.isEmpty()) {
                result.add(new Inviting(node, grant, delegable, current.effective(node)));
            }
        }
        result.sort(Comparator.comparing(i -> Rules.key(i.grant.name())));
        return result;
    }

    /** The customers asked for, if all are within what the inviter sees; {@code null} after adding errors. */
    private static Set<String> chooseCustomers(InviteRequest request, Set<String> visible, List<FieldError> errors) {
        Set<String> chosen = new LinkedHashSet<>();
        if (request.allCustomers()) {
            chosen.addAll(new TreeSet<>(visible));
            List<String> except = request.exceptCustomers() == null ? List.of() : request.exceptCustomers();
            for (int i = 0; i < except.size(); i++) {
                if (except.get(i) == null || !visible.contains(except.get(i))) {
                    errors.add(FieldError.of("exceptCustomers[" + i + "]", "customer.notYours", "'" + except.get(i) + "' is not one of your customers.", except.get(i)));
                }
                chosen.remove(except.get(i));
            }
            if (errors.isEmpty() && chosen.isEmpty()) {
                errors.add(FieldError.of("exceptCustomers", "invite.leaveOneCustomer", "Leave at least one customer."));
            }
        } else {
            for (int i = 0; i < request.customers().size(); i++) {
                String id = request.customers().get(i);
                if (id == null || !visible.contains(id)) {
                    errors.add(FieldError.of("customers[" + i + "]", "customer.notYours", "'" + id + "' is not one of your customers.", id));
                } else {
                    chosen.add(id);
                }
            }
        }
        return errors.isEmpty() ? chosen : null;
    }

    /**
     * The name of the grant a new delegate joins: one of their own ({@code <grant>/<e-mail>})
     * when the inviter's grant asks for separate grants, else the grant shared by everyone that
     * grant's members invite with this profile ({@code <grant>/<profile>}).
     */
    private static String delegateGrantName(TenantModel.GrantRow parent, TenantModel.ProfileRow profile, String email) {
        String name = parent.name() + "/" + (parent.separateDelegateGrants() ? email : profile.name());
        // The stored key is checked too: lower-casing may lengthen a name (e.g. "İ").
        if (name.length() > MAX_GRANT_NAME || Rules.key(name).length() > MAX_GRANT_NAME) {
            throw new ValidationException("email", "invite.nameTooDeep", "The delegation is nested too deeply: the new grant's name would exceed "
                + MAX_GRANT_NAME + " characters.", MAX_GRANT_NAME);
        }
        return name;
    }

    /**
     * @return the shared delegate grant of that name to join, or {@code null} when it is to be created
     * @throws ConflictException when another grant has the name, or the shared one has another profile now
     */
    private GrantEntity existingDelegateGrant(TenantModel current, TenantModel.GrantRow parent, TenantModel.ProfileRow profile,
        String name) {
        // The model knows every committed grant's name; grants this change creates itself are in
        // create()'s map (a bulk invite plans all its rows before it creates any).
        String id = current.grantNamed(Rules.key(name));
        GrantEntity grant = id == null ? null : db.em().find(GrantEntity.class, id);
        if (grant == null) {
            return null;
        }
        if (parent.separateDelegateGrants() || !parent.id().equals(grant.parentGrantId)) {
            throw new ConflictException("grant.exists", "A grant named '" + name + "' exists already.", name);
        }
        if (!profile.id().equals(grant.profileId)) {
            // The broker changed the shared grant's profile: joining it would give a role nobody chose.
            throw new ConflictException("invite.sharedGrantProfile", "The shared grant '" + name + "' has another profile now; ask the broker.", name);
        }
        return grant;
    }

    private GrantEntity newDelegateGrant(String tenantId, TenantModel.GrantRow parent, TenantModel.ProfileRow profile, String name) {
        GrantEntity grant = new GrantEntity();
        grant.id = RowIds.next();
        grant.tenantId = tenantId;
        grant.name = name;
        grant.nameKey = Rules.key(name);
        grant.profileId = profile.id();
        grant.parentGrantId = parent.id();
        // Multi-level structures behave alike at every level unless an admin changes the grant.
        grant.separateDelegateGrants = parent.separateDelegateGrants();
        grant.createdAt = Instant.now();
        db.em().persist(grant);
        return grant;
    }

    private AccountEntity account(String tenantId, String userId) {
        AccountEntity account = userId == null ? null : db.em().find(AccountEntity.class, userId);
        if (account == null || !tenantId.equals(account.tenantKey)) {
            throw new UnknownResourceException("user.notFound", "There is no such user in this tenant.");
        }
        if (!"USER".equals(account.role)) {
            throw new NotPermittedException("delegate.onlyPortalUsers", "Only portal users have delegates.");
        }
        return account;
    }

    private void requireEnabled(String tenantId) {
        Tenant tenant = tenants.get(tenantId);
        if (!tenant.delegatedAccess()) {
            throw new FeatureDisabledException(tenantId);
        }
    }
    // --- "gültig bis": time-bound access (issue 13, item 2) ----------------------------------------

    @Override
    public Delegate extend(String tenantId, String userId, String delegateId, Instant validUntil) {
        requireEnabled(tenantId);
        if (validUntil == null) {
            throw new ValidationException("validUntil", "validity.required", "Give the new end of the access.");
        }
        model.change(tenantId, () -> new ConflictException("delegates.concurrent", "The delegates changed concurrently; retry."), () -> {
            enabledTenant(tenantId);
            TenantModel current = model.model(tenantId);
            AccountEntity account = account(tenantId, userId);
            MembershipEntity m = delegateId == null ? null : db.em().find(MembershipEntity.class, delegateId);
            TenantModel.Node inviter = m == null || !tenantId.equals(m.tenantId) || m.inviterId == null ? null
                : current.memberships(account.id).stream().filter(n -> n.id().equals(m.inviterId)).findFirst().orElse(null);
            if (inviter == null) {
                throw new UnknownResourceException("delegate.notFound", "There is no delegate '" + delegateId + "' of yours.", delegateId);
            }
            AccountEntity delegate = db.em().find(AccountEntity.class, m.accountId);
            Instant now = model.clock.instant();
            TenantModel.Node node = current.nodes.get(m.id);
            if (m.validUntil == null) {
                throw new ConflictException("validity.unlimited", "The access of '" + delegate.login + "' does not end by itself.",
                    delegate.login);
            }
            if (!now.isBefore(m.validUntil) || node == null || current.expired(node)) {
                // "before it ends": past the end the access is over, as the audit recorded; a new invitation starts afresh
                throw new ConflictException("validity.ended", "The access of '" + delegate.login
                    + "' has ended: remove and invite again.", delegate.login);
            }
            ZoneId zone = zone(tenantId);
            if (!validUntil.isAfter(m.validUntil)) {
                throw new ValidationException("validUntil", "validity.notLater", "The new end must be later than the current one ("
                    + Validity.lastDay(m.validUntil, zone) + ").", Validity.lastDay(m.validUntil, zone).toString());
            }
            GrantEntity grant = db.em().find(GrantEntity.class, m.grantId);
            ProfileEntity profile = grant == null || grant.profileId == null ? null : db.em().find(ProfileEntity.class, grant.profileId);
            List<FieldError> errors = new ArrayList<>();
            Validity.choose("validUntil", validUntil, profile == null ? null : profile.maxValidityMonths,
                current.effectiveEnd(inviter), now, zone, errors);
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
            Instant before = m.validUntil;
            m.validUntil = Validity.stored(validUntil);
            model.touched().membership(m.id);
            audit.record(tenantId, "user:" + account.login, "member.extended", delegate.login,
                "grant " + (grant == null ? m.grantId : grant.name) + ", valid until " + before + " -> " + m.validUntil);
            return null;
        });
        return delegate(tenantId, userId, delegateId);
    }

    // --- "Ansprechpartner wechselt": the hand-over (issue 13) ------------------------------------

    @Override
    public int cascadeCount(String tenantId, String userId, List<String> delegateIds) {
        tenants.get(tenantId);
        if (delegateIds == null || delegateIds.isEmpty() || delegateIds.stream().anyMatch(Objects::isNull)) {
            throw new ValidationException("ids", "delegate.idsRequired", "Name at least one delegate.");
        }
        return db.supports(() -> {
            AccountEntity account = account(tenantId, userId);
            List<MembershipEntity> targets = new ArrayList<>();
            for (String id : new LinkedHashSet<>(delegateIds)) {
                targets.add(mine(tenantId, account, id));
            }
            return handOvers.cascade(targets);
        });
    }

    @Override
    public HandOverOptions handOverOptions(String tenantId, String userId, String delegateId) {
        tenants.get(tenantId);
        return db.supports(() -> {
            AccountEntity account = account(tenantId, userId);
            MembershipEntity leaver = mine(tenantId, account, delegateId);
            // The user themselves and their other delegates: the people the overview shows them.
            List<MembershipEntity> candidates = new ArrayList<>(memberships.ofAccount(tenantId, account.id));
            candidates.addAll(memberships.invitedBy(candidates.stream().map(m -> m.id).toList()));
            return handOvers.options(tenantId, leaver, candidates);
        });
    }

    @Override
    public HandOverResult handOver(String tenantId, String userId, String delegateId, String successorId) {
        tenants.get(tenantId);
        if (successorId == null || successorId.isBlank()) {
            throw new ValidationException("successorId", "handover.successorRequired", "Choose who takes over.");
        }
        return model.change(tenantId, () -> new ConflictException("handover.concurrent",
            "The delegates changed while they were handed over; nothing was moved. Retry."), () -> {
            AccountEntity account = account(tenantId, userId);
            MembershipEntity leaver = mine(tenantId, account, delegateId);
            MembershipEntity successor = db.em().find(MembershipEntity.class, successorId);
            if (successor == null || !tenantId.equals(successor.tenantId) || !withinMine(tenantId, account, successor)) {
                throw new ValidationException("successorId", "handover.successorNotYours", "'" + successorId
                    + "' is neither you nor one of your delegates.", successorId);
            }
            return handOvers.handOver(tenantId, leaver, successor, "user:" + account.login);
        });
    }

    /** One of the user's delegates (invited from one of the user's memberships). */
    private MembershipEntity mine(String tenantId, AccountEntity account, String delegateId) {
        MembershipEntity m = delegateId == null ? null : db.em().find(MembershipEntity.class, delegateId);
        Set<String> mine = new HashSet<>();
        memberships.ofAccount(tenantId, account.id).forEach(x -> mine.add(x.id));
        if (m == null || !tenantId.equals(m.tenantId) || m.inviterId == null || !mine.contains(m.inviterId)) {
            throw new UnknownResourceException("delegate.notFound", "There is no delegate '" + delegateId + "' of yours.", delegateId);
        }
        return m;
    }

    /** Whether the membership is the user's own or below one of the user's memberships, at any level. */
    private boolean withinMine(String tenantId, AccountEntity account, MembershipEntity m) {
        Set<String> mine = new HashSet<>();
        memberships.ofAccount(tenantId, account.id).forEach(x -> mine.add(x.id));
        MembershipEntity current = m;
        for (int i = 0; current != null && i <= TenantModel.MAX_DEPTH; i++) {
            if (mine.contains(current.id)) {
                return true;
            }
            current = current.inviterId == null ? null : db.em().find(MembershipEntity.class, current.inviterId);
        }
        return false;
    }

    // --- "Zugriffe überprüfen": the access review (issue 13) ---------------------------------------

    @Override
    public AccessReview review(String tenantId, String userId) {
        Tenant tenant = tenants.get(tenantId);
        TenantModel current = model.model(tenantId);
        AccessReviews reviews = new AccessReviews(db, invitations);
        return db.supports(() -> {
            AccountEntity account = account(tenantId, userId);
            List<String> mine = memberships.ofAccount(tenantId, account.id).stream().map(m -> m.id).toList();
            List<MembershipEntity> direct = new ArrayList<>(memberships.invitedBy(mine));
            direct.sort(Comparator.comparing((MembershipEntity m) -> m.accountLoginKey == null ? "" : m.accountLoginKey)
                .thenComparing(m -> m.id));
            List<Delegate> delegates = overview(tenantId, current, direct.stream().map(m -> m.id).toList());
            AccessReviewEntity row = reviews.row(tenantId, account.id);
            Instant reviewedAt = row == null ? null : row.reviewedAt;
            Instant oldest = direct.stream().map(m -> m.invitedAt).min(Comparator.naturalOrder()).orElse(null);
            Instant dueAt = row != null && row.notifiedAt != null ? row.dueAt
                : ReviewRule.dueAt(tenant.reviewDays(), reviewedAt, oldest);
            Instant deadlineAt = row == null ? null : row.deadlineAt;
            // acted on by the pass, or past the deadline before the pass came by
            boolean overdue = row != null && row.notifiedAt != null && (row.overdueAt != null
                || deadlineAt != null && !Instant.now().isBefore(deadlineAt));
            return new AccessReview(tenant.reviewDays() != null, tenant.reviewDays(), tenant.reviewMode(), reviewedAt, dueAt,
                deadlineAt, overdue, delegates);
        });
    }

    @Override
    public ReviewResult completeReview(String tenantId, String userId, List<String> keep, List<String> remove) {
        Tenant tenant = tenants.get(tenantId);
        // mutable copies: List.of() answers contains(null) with a NullPointerException
        List<String> kept = keep == null ? new ArrayList<>() : new ArrayList<>(new LinkedHashSet<>(keep));
        List<String> removing = remove == null ? new ArrayList<>() : new ArrayList<>(new LinkedHashSet<>(remove));
        if (kept.contains(null) || removing.contains(null)) {
            throw new ValidationException(kept.contains(null) ? "keep" : "remove", "review.undecided",
                "Decide for every delegate whether to keep or remove them; undecided: null.", "null");
        }
        AccessReviews reviews = new AccessReviews(db, invitations);
        return model.change(tenantId, () -> new ConflictException("review.concurrent",
            "The delegates changed during the review; nothing was saved. Retry."), () -> {
            AccountEntity account = account(tenantId, userId);
            List<String> mine = memberships.ofAccount(tenantId, account.id).stream().map(m -> m.id).toList();
            Map<String, MembershipEntity> direct = new LinkedHashMap<>();
            memberships.invitedBy(mine).forEach(m -> direct.put(m.id, m));
            for (String id : kept) {
                if (!direct.containsKey(id)) {
                    throw new UnknownResourceException("review.notYours", "'" + id + "' is not one of your delegates; nothing was saved.", id);
                }
            }
            for (String id : removing) {
                if (!direct.containsKey(id)) {
                    throw new UnknownResourceException("review.notYours", "'" + id + "' is not one of your delegates; nothing was saved.", id);
                }
                if (kept.contains(id)) {
                    throw new ValidationException("remove", "review.both", "'" + id + "' cannot be both kept and removed.", id);
                }
            }
            List<String> undecided = new ArrayList<>();
            for (MembershipEntity m : direct.values()) {
                if (!kept.contains(m.id) && !removing.contains(m.id)) {
                    AccountEntity delegate = db.em().find(AccountEntity.class, m.accountId);
                    undecided.add(delegate == null ? m.id : delegate.login);
                }
            }
            if (!undecided.isEmpty()) {
                Collections.sort(undecided);
                String names = String.join(", ", undecided);
                throw new ValidationException("keep", "review.undecided", "Decide for every delegate whether to keep or remove them;"
                    + " undecided: " + names + ".", names);
            }
            String actor = "user:" + account.login;
            int cascade = 0;
            for (String id : removing) {
                MembershipEntity m = direct.get(id);
                if (db.em().contains(m)) {
                    cascade += memberships.removeCascade(m, actor).size() - 1;
                }
            }
            Instant now = Instant.now();
            reviews.completed(tenantId, account.id, now);
            audit.record(tenantId, actor, "review.completed", account.login, "kept " + kept.size() + ", removed " + removing.size()
                + (cascade > 0 ? " (and " + cascade + " people below them)" : ""));
            Instant next = tenant.reviewDays() == null || kept.isEmpty() ? null : now.plus(java.time.Duration.ofDays(tenant.reviewDays()));
            return new ReviewResult(kept, removing, cascade, now, next);
        });
    }
}
