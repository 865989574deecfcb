package dev.collab.profiles.internal;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

import javax.persistence.LockModeType;
import javax.persistence.OptimisticLockException;
import javax.persistence.PersistenceException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

import dev.collab.api.ConflictException;
import dev.collab.api.FieldError;
import dev.collab.api.TooManyAttemptsException;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.accounts.Account;
import dev.collab.api.accounts.PasswordResetInfo;
import dev.collab.api.accounts.PasswordResets;
import dev.collab.api.mail.MailOutboxListener;
import dev.collab.profiles.internal.entities.AccountEntity;
import dev.collab.profiles.internal.entities.OutboxEntity;
import dev.collab.profiles.internal.entities.PasswordResetEntity;
import dev.collab.profiles.internal.entities.RowIds;
import dev.collab.profiles.internal.entities.TenantEntity;
import dev.collab.profiles.internal.persistence.Database;

/**
 * "Passwort vergessen" for the accounts of a tenant (support has no tenant and no reset: its
 * password comes from the launcher). A request records the reset and its mail in one
 * transaction in the outbox the invitation mails use; the token is sealed there until the mail
 * is sent, and otherwise only its SHA-256 is stored; after commit the {@link MailOutboxListener}s
 * (the mailing bundle) are told the mail's outbox id, never the token, so that it goes out at
 * once. A new request voids the previous link.
 * Whether the address has an account shows nowhere: the answer, the throttling and the audit
 * trail (which only the tenant's admins read) are the same either way.
 */
@Component(service = PasswordResets.class, configurationPid = "dev.collab.passwordresets")
@Designate(ocd = PasswordResetsConfiguration.class)
public final class PasswordResetsImpl implements PasswordResets {
    private static final String UNKNOWN = "There is no such password reset link, or it was used, replaced or has expired.";
    private final Database db;
    private final AccountServiceImpl accounts;
    private final TokenSeal seal;
    private final Audit audit;
    private final Duration validity;
    private final FailureLimiter byClient;
    private final FailureLimiter byEmail;
    private final LongSupplier clock;
    private final InvitationTokens tokens = new InvitationTokens(new SecureRandom());

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    volatile List<MailOutboxListener> listeners = new CopyOnWriteArrayList<>();

    @Activate
    public PasswordResetsImpl(PasswordResetsConfiguration config, @Reference Database db, @Reference AccountServiceImpl accounts,
        @Reference TokenSeal seal) {
        this(config, db, accounts, seal, System::currentTimeMillis);
    }

    /** With a clock of its own, so that tests can let links expire. */
    PasswordResetsImpl(PasswordResetsConfiguration config, Database db, AccountServiceImpl accounts, TokenSeal seal, LongSupplier clock) {
        this.db = db;
        this.accounts = accounts;
        this.seal = seal;
        this.audit = new Audit(db);
        this.clock = clock;
        this.validity = Duration.ofMinutes(Math.max(5, Math.min(1440, config.validityMinutes())));
        long window = Math.max(60, config.requestWindowSeconds()) * 1000L;
        this.byClient = new FailureLimiter(config.requestsPerClient(), window, 100_000, clock);
        this.byEmail = new FailureLimiter(config.requestsPerEmail(), window, 100_000, clock);
    }

    @Override
    public void request(String tenantId, String email, String language, String clientAddress) {
        List<FieldError> errors = new ArrayList<>();
        String address = Rules.email("email", email, errors);
        if (Memberships.language(language) != null) {
            errors.add(Memberships.language(language));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        String emailKey = (tenantId == null ? "" : tenantId) + '\n' + Rules.loginKey(address);
        long wait = Math.max(byClient.blockedSeconds(clientAddress), byEmail.blockedSeconds(emailKey));
        if (wait > 0) {
            throw new TooManyAttemptsException("attempts.resets", "Too many password reset requests; try again later.", wait);
        }
        // Every request counts, found or not, so that the limits tell nothing either.
        byClient.failed(clientAddress);
        byEmail.failed(emailKey);
        if (tenantId == null || !Rules.isTenantId(tenantId)) {
            return;
        }
        String token = tokens.newToken();
        Instant now = Instant.ofEpochMilli(clock.getAsLong());
        try {
            record(tenantId, address, language, token, now);
        } catch (PersistenceException e) {
            if (!concurrent(e)) {
                throw e;
            }
            // Another request for the same account committed first: its link is the one that counts.
        }
    }

    /** Records the reset and its mail, if there is an account to reset, and wakes the outbox listeners once they committed. */
    private void record(String tenantId, String address, String language, String token, Instant now) {
        db.required(() -> new ConflictException("reset.requestedConcurrently", "A password reset was requested concurrently."), () -> {
            Optional<AccountEntity> account = accounts.find(tenantId, address);
            TenantEntity tenant = db.em().find(TenantEntity.class, tenantId);
            // An account invited but not registered has no password to reset: its way in is the invitation.
            if (tenant == null || account.isEmpty() || account.get().passwordHash == null) {
                return null;
            }
            AccountEntity owner = account.get();
            // Bumps the account's version: of two simultaneous requests one fails, so that "a new
            // request voids the previous link" holds without a second pending link.
            db.em().lock(owner, LockModeType.OPTIMISTIC_FORCE_INCREMENT);
            voidPending(owner.id);
            PasswordResetEntity reset = new PasswordResetEntity();
            reset.id = RowIds.next();
            reset.tenantId = tenantId;
            reset.accountId = owner.id;
            reset.tokenHash = InvitationTokens.hash(token);
            reset.status = PasswordResetEntity.PENDING;
            reset.createdAt = now;
            reset.expiresAt = now.plus(validity);
            db.em().persist(reset);

            OutboxEntity mail = MailSignal.pending(OutboxEntity.PASSWORD_RESET, tenantId, owner.login,
                language != null ? language : owner.language != null ? owner.language : tenant.language, now);
            mail.resetId = reset.id;
            mail.sealedToken = seal.seal(token);
            mail.expiresAt = reset.expiresAt;
            MailSignal.queue(db, listeners, mail);
            audit.record(tenantId, "anonymous", "password.reset.requested", owner.login, "");
            return null;
        });
    }

    @Override
    public PasswordResetInfo inspect(String token, String clientAddress) {
        try {
            return db.supports(() -> {
                PasswordResetEntity reset = usable(token);
                AccountEntity account = db.em().find(AccountEntity.class, reset.accountId);
                return new PasswordResetInfo(reset.tenantId, account.login, reset.expiresAt);
            });
        } catch (UnknownResourceException e) {
            throw refused(clientAddress, e);
        }
    }

    @Override
    public Account reset(String token, char[] newPassword, String clientAddress) {
        try {
            db.supports(() -> usable(token));
        } catch (UnknownResourceException e) {
            throw refused(clientAddress, e);
        }
        List<FieldError> errors = new ArrayList<>();
        Rules.password("password", newPassword, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        String hash = accounts.hash(newPassword);
        AccountEntity account;
        try {
            // The version of the reset row makes the token single-use also against a concurrent redemption.
            account = db.required(() -> new ConflictException("reset.usedConcurrently",
                "This password reset link was used concurrently."), () -> {
                PasswordResetEntity reset = usable(token);
                AccountEntity owner = db.em().find(AccountEntity.class, reset.accountId);
                owner.passwordHash = hash;
                reset.status = PasswordResetEntity.USED;
                reset.usedAt = Instant.ofEpochMilli(clock.getAsLong());
                cancelMails(reset.id);
                audit.record(reset.tenantId, owner.role.toLowerCase(Locale.ROOT) + ":" + owner.login,
                    "password.reset", owner.login, "");
                return owner;
            });
        } catch (UnknownResourceException e) {
            throw refused(clientAddress, e);
        } catch (PersistenceException e) {
            if (!concurrent(e)) {
                throw e;
            }
            // The same link was redeemed at the same moment and the other redemption won.
            throw refused(clientAddress, new UnknownResourceException("reset.unknown", UNKNOWN));
        }
        accounts.passwordReplaced(account);
        return account.toDTO();
    }

    private static boolean concurrent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OptimisticLockException) {
                return true;
            }
        }
        return false;
    }

    private RuntimeException refused(String clientAddress, RuntimeException failure) {
        return accounts.tokenLookups().refuse(clientAddress, failure, "Too many failed link look-ups from this address; try again later.");
    }

    /** Unknown, used, voided or expired: all alike. */
    private PasswordResetEntity usable(String token) {
        if (!InvitationTokens.isWellFormed(token)) {
            throw new UnknownResourceException(UNKNOWN);
        }
        PasswordResetEntity reset = db.em().createQuery("SELECT r FROM PasswordResetEntity r WHERE r.tokenHash = :h", PasswordResetEntity.class)
            .setParameter("h", InvitationTokens.hash(token)).getResultList().stream().findFirst().orElse(null);
        if (reset == null || !PasswordResetEntity.PENDING.equals(reset.status)
            || !Instant.ofEpochMilli(clock.getAsLong()).isBefore(reset.expiresAt)
            || db.em().find(AccountEntity.class, reset.accountId) == null) {
            throw new UnknownResourceException(UNKNOWN);
        }
        return reset;
    }

    /** Voids the account's pending resets and cancels their unsent mails, erasing the sealed tokens. */
    private void voidPending(String accountId) {
        List<PasswordResetEntity> pending = db.em().createQuery(
            "SELECT r FROM PasswordResetEntity r WHERE r.accountId = :a AND r.status = :pending", PasswordResetEntity.class)
            .setParameter("a", accountId).setParameter("pending", PasswordResetEntity.PENDING).getResultList();
        for (PasswordResetEntity reset : pending) {
            reset.status = PasswordResetEntity.VOID;
            cancelMails(reset.id);
        }
    }

    private void cancelMails(String resetId) {
        db.em().createQuery("UPDATE OutboxEntity o SET o.status = :cancelled, o.sealedToken = NULL WHERE o.resetId = :r AND o.status = :pending")
            .setParameter("cancelled", OutboxEntity.CANCELLED).setParameter("r", resetId)
            .setParameter("pending", OutboxEntity.PENDING).executeUpdate();
    }
}
