package dev.collab.profiles.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.persistence.LockModeType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import dev.collab.api.ConflictException;
import dev.collab.api.FieldError;
import dev.collab.api.NotPermittedException;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.accounts.Account;
import dev.collab.api.accounts.AccountService;
import dev.collab.api.accounts.Principal;
import dev.collab.api.accounts.Role;
import dev.collab.api.tenants.TenantService;
import dev.collab.profiles.internal.entities.AccountEntity;
import dev.collab.profiles.internal.entities.RowIds;
import dev.collab.profiles.internal.entities.TenantEntity;
import dev.collab.profiles.internal.persistence.Database;

/**
 * Accounts with PBKDF2 hashes. A successful check is remembered for a few minutes as an HMAC of
 * the password under a key that lives only in this component instance, so that HTTP Basic
 * requests do not pay a deliberately slow hash each time, while the cache never holds anything
 * from which a password could be recovered. A wrong password never evicts a cached check:
 * otherwise every guess would cost the real user the slow hash at their next request.
 *
 * <p>Checks are throttled per account and per client ({@link LoginThrottle}), and the slow
 * hash runs in a bounded number of slots ({@link PasswordHasher}).
 *
 * <p>The support login's password given at a start (COLLAB_SUPPORT_PASSWORD) is checked in memory
 * (its HMAC under this instance's key) until its slow hash is stored, which happens
 * {@code supportHashDelaySeconds} after the start or at the stop: checking the stored hash at each
 * start cost a whole PBKDF2 on the start's critical path, and on a two-core machine a third of the
 * start's CPU, for a check whose answer is nearly always "same". A start that ends before loses
 * nothing: the password is given again at the next. A generated password is hashed at once.
 */
@Component(service = {AccountService.class, AccountServiceImpl.class}, configurationPid = "dev.collab.accounts")
@Designate(ocd = AccountServiceConfiguration.class)
public final class AccountServiceImpl implements AccountService {
    public static final String SUPPORT_LOGIN = "support";
    private static final String SUPPORT_CACHE_ID = AccountEntity.NO_TENANT + '\n' + SUPPORT_LOGIN;
    private static final int CACHE_LIMIT = 10_000;

    private final Database db;
    private final TenantService tenants;
    private final PasswordHasher hasher;
    private final long cacheMillis;
    private final byte[] cacheKey = new byte[32];
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    /** Checks running now, by login and password MAC: identical parallel requests share one hash. */
    private final Map<String, CompletableFuture<Optional<Principal>>> inFlight = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final LongSupplier clock;
    private final LoginThrottle throttle;
    private final FailureLimiter tokenLookups;
    private final Audit audit;
    private final Logger log = Logger.getLogger(AccountServiceImpl.class.getName());
    /** The support password set at this start whose hash is not stored yet, else {@code null}. */
    private final AtomicReference<PendingSupport> pendingSupport = new AtomicReference<>();
    private final ScheduledThreadPoolExecutor supportHashing;
    private final long supportHashDelayMillis;

    private record PendingSupport(byte[] mac, char[] password) {
    }

    private record Verified(byte[] mac, Principal principal, long expiresAt) {
    }

    @Activate
    public AccountServiceImpl(AccountServiceConfiguration config, @Reference Database db, @Reference TenantService tenants) {
        this(config, db, tenants, System::currentTimeMillis);
    }

    /** With a clock of its own, so that tests can let back-off periods pass. */
    AccountServiceImpl(AccountServiceConfiguration config, Database db, TenantService tenants, LongSupplier clock) {
        this.db = db;
        this.tenants = tenants;
        this.audit = new Audit(db);
        this.hasher = new PasswordHasher(config.hashIterations(), config.maxConcurrentHashes(), config.hashWaitMillis());
        this.cacheMillis = config.verifiedCacheSeconds() * 1000L;
        this.clock = clock;
        this.throttle = new LoginThrottle(config, clock);
        this.tokenLookups = new FailureLimiter(config.tokenFailuresPerClient(), config.tokenFailureWindowSeconds() * 1000L,
            config.throttleTrackedKeys(), clock);
        random.nextBytes(cacheKey);
        this.supportHashDelayMillis = TimeUnit.SECONDS.toMillis(Math.max(0, config.supportHashDelaySeconds()));
        this.supportHashing = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "collab-support-hash");
            thread.setDaemon(true);
            return thread;
        });
        supportHashing.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** The support password's hash is stored before the component goes, if it was not yet. */
    @Deactivate
    void deactivate() {
        supportHashing.shutdownNow();
        try {
            storeSupportHash();
        } catch (RuntimeException e) {
            log.log(Level.WARNING, "Could not store the support login's password hash; it is set again at the next start.", e);
        }
    }

    /**
     * Failed look-ups of invitation and reset tokens per client: one limiter for both, as
     * whoever guesses one kind of token may guess the other.
     */
    FailureLimiter tokenLookups() {
        return tokenLookups;
    }

    @Override
    public Account createAdmin(String tenantId, String email, char[] password, String actor) {
        tenants.get(tenantId);
        List<FieldError> errors = new ArrayList<>();
        String login = Rules.email("email", email, errors);
        Rules.password("password", password, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        String hash = hasher.hash(password);
        return db.required(() -> new ConflictException("account.exists",
            "'" + login + "' already has an account in tenant '" + tenantId + "'.", login, tenantId), () -> {
            AccountEntity entity = new AccountEntity();
            entity.id = RowIds.next();
            entity.tenantKey = tenantId;
            entity.login = login;
            entity.loginKey = Rules.loginKey(login);
            entity.role = Role.ADMIN.name();
            entity.passwordHash = hash;
            entity.createdAt = Instant.now();
            db.em().persist(entity);
            audit.record(tenantId, actor, "admin.created", login, "");
            return entity.toDTO();
        });
    }

    /** A new hash of a password, with this service's work factor. */
    String hash(char[] password) {
        return hasher.hash(password);
    }

    /**
     * Checks an existing account's password outside the sign-in (e.g. when it accepts an
     * invitation), throttled like a sign-in, as it can be used to guess the password too.
     */
    boolean matches(AccountEntity account, char[] password, String client) {
        String cacheId = account.tenantKey + '\n' + account.loginKey;
        throttle.check(cacheId, client);
        if (password.length <= Rules.MAX_PASSWORD && matchesStored(account, password, null)) {
            throttle.succeeded(cacheId, client);
            return true;
        }
        throttle.failed(cacheId, client);
        return false;
    }

    @Override
    public Optional<Principal> verify(String tenantId, String login, char[] password) {
        return verify(tenantId, login, password, null);
    }

    /**
     * @param client the client's address, for throttling; {@code null} for an in-process caller
     * @throws dev.collab.api.TooManyAttemptsException while the account or client must wait
     * @throws dev.collab.api.TemporarilyUnavailableException when no hashing slot frees up in time
     */
    Optional<Principal> verify(String tenantId, String login, char[] password, String client) {
        if (login == null || password == null || password.length > Rules.MAX_PASSWORD) {
            return Optional.empty();
        }
        if (tenantId != null && !Rules.isTenantId(tenantId)) {
            return Optional.empty();
        }
        String tenantKey = tenantId == null ? AccountEntity.NO_TENANT : tenantId;
        String cacheId = tenantKey + '\n' + Rules.loginKey(login.trim());
        // Before the cache: a throttled client must not test guesses against it either.
        throttle.check(cacheId, client);
        byte[] mac = mac(cacheId, password);
        Verified hit = verified.get(cacheId);
        if (hit != null && hit.expiresAt > clock.getAsLong() && MessageDigest.isEqual(hit.mac, mac)) {
            throttle.succeeded(cacheId, client);
            return Optional.of(hit.principal);
        }
        // A client (a browser, the host's back end) often sends several requests at once with the
        // same credentials before the first check is remembered: they wait for that one check
        // instead of each taking a hashing slot, which would leave the later ones without.
        String flight = cacheId + '\n' + Base64.getEncoder().encodeToString(mac);
        CompletableFuture<Optional<Principal>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<Principal>> running = inFlight.putIfAbsent(flight, mine);
        if (running != null) {
            Optional<Principal> shared = await(running);
            if (shared.isPresent()) {
                throttle.succeeded(cacheId, client);
            }
            return shared;
        }
        try {
            Optional<Principal> result = check(tenantId, tenantKey, login.trim(), password, cacheId, mac, client);
            mine.complete(result);
            return result;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(flight, mine);
        }
    }

    private static Optional<Principal> await(CompletableFuture<Optional<Principal>> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private Optional<Principal> check(String tenantId, String tenantKey, String login, char[] password, String cacheId, byte[] mac,
        String client) {
        Optional<AccountEntity> account = find(tenantKey, login);
        if (account.isEmpty() || account.get().passwordHash == null && !cacheId.equals(SUPPORT_CACHE_ID)) {
            // Unknown, or invited but not registered yet: no password can match. The same time
            // is spent and the failure counted, so that neither timing nor throttling tells.
            hasher.burn(password);
            throttle.failed(cacheId, client);
            return Optional.empty();
        }
        AccountEntity entity = account.get();
        if (!matchesStored(entity, password, mac)) {
            throttle.failed(cacheId, client);
            return Optional.empty();
        }
        throttle.succeeded(cacheId, client);
        Principal principal = new Principal(entity.id, tenantId, entity.login, Role.valueOf(entity.role));
        remember(cacheId, mac, principal);
        return Optional.of(principal);
    }

    /**
     * Whether the password is the account's: the slow hash, or for the support login whose
     * password was set at this start and not hashed yet, its HMAC.
     */
    private boolean matchesStored(AccountEntity account, char[] password, byte[] mac) {
        String cacheId = account.tenantKey + '\n' + account.loginKey;
        PendingSupport pending = cacheId.equals(SUPPORT_CACHE_ID) ? pendingSupport.get() : null;
        if (pending != null) {
            return MessageDigest.isEqual(pending.mac(), mac != null ? mac : mac(cacheId, password));
        }
        return account.passwordHash != null && hasher.verify(password, account.passwordHash);
    }

    private void remember(String cacheId, byte[] mac, Principal principal) {
        if (cacheMillis <= 0) {
            return;
        }
        long now = clock.getAsLong();
        if (verified.size() >= CACHE_LIMIT) {
            verified.values().removeIf(v -> v.expiresAt <= now);
        }
        // Still full of live entries: this check goes uncached rather than evicting others'.
        if (verified.size() < CACHE_LIMIT || verified.containsKey(cacheId)) {
            verified.put(cacheId, new Verified(mac, principal, now + cacheMillis));
        }
    }

    @Override
    public void changePassword(String tenantId, String accountId, char[] currentPassword, char[] newPassword) {
        String tenantKey = tenantId == null ? AccountEntity.NO_TENANT : tenantId;
        AccountEntity account = accountId == null ? null : db.supports(() -> db.em().find(AccountEntity.class, accountId));
        if (account == null || !account.tenantKey.equals(tenantKey)) {
            throw new UnknownResourceException("account.notFound", "There is no such account.");
        }
        String cacheId = tenantKey + '\n' + account.loginKey;
        throttle.check(cacheId, null);
        if (currentPassword == null || currentPassword.length > Rules.MAX_PASSWORD || !matchesStored(account, currentPassword, null)) {
            throttle.failed(cacheId, null);
            throw new NotPermittedException("password.currentWrong", "The current password does not match.");
        }
        throttle.succeeded(cacheId, null);
        List<FieldError> errors = new ArrayList<>();
        Rules.password("newPassword", newPassword, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        setPassword(account.id, newPassword, "password.changed", actor(account));
    }

    /**
     * Stores a new hash for the account, audits it and forgets its cached check (the old
     * password must stop working at once).
     */
    void setPassword(String accountId, char[] newPassword, String action, String actor) {
        String hash = hasher.hash(newPassword);
        AccountEntity changed = db.required(() -> new ConflictException("account.concurrent",
            "The account was changed concurrently; try again."), () -> {
            AccountEntity entity = db.em().find(AccountEntity.class, accountId);
            if (entity == null) {
                throw new UnknownResourceException("account.notFound", "There is no such account.");
            }
            if (AccountEntity.NO_TENANT.equals(entity.tenantKey)) {
                // the support login's new password replaces the one set at this start
                pendingSupport.set(null);
            }
            entity.passwordHash = hash;
            audit.record(entity.tenantKey, actor, action, entity.login, "");
            return entity;
        });
        verified.remove(changed.tenantKey + '\n' + changed.loginKey);
    }

    /**
     * The account's password was set elsewhere (a reset): its remembered check and its failed
     * sign-ins are forgotten.
     */
    void passwordReplaced(AccountEntity account) {
        String cacheId = account.tenantKey + '\n' + account.loginKey;
        verified.remove(cacheId);
        throttle.succeeded(cacheId, null);
    }

    private static String actor(AccountEntity account) {
        return account.role.toLowerCase(Locale.ROOT) + ":" + account.login;
    }

    @Override
    public Optional<String> ensureSupportAccount(char[] password) {
        if (password != null) {
            List<FieldError> errors = new ArrayList<>();
            Rules.password("COLLAB_SUPPORT_PASSWORD", password, errors);
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
        }
        Optional<AccountEntity> existing = find(AccountEntity.NO_TENANT, SUPPORT_LOGIN);
        // A stored hash without a password given: the last one set stays. (No hash: a start
        // that set one ended before storing it, so the account has no usable password yet.)
        if (password == null && existing.isPresent() && (existing.get().passwordHash != null || pendingSupport.get() != null)) {
            return Optional.empty();
        }
        String generated = null;
        char[] effective = password;
        if (effective == null) {
            byte[] bytes = new byte[18];
            random.nextBytes(bytes);
            generated = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            effective = generated.toCharArray();
        }
        if (existing.isEmpty()) {
            db.required(() -> new ConflictException("account.supportConcurrently", "The support account was created concurrently."), () -> {
                if (find(AccountEntity.NO_TENANT, SUPPORT_LOGIN).isEmpty()) {
                    AccountEntity entity = new AccountEntity();
                    entity.id = RowIds.next();
                    entity.tenantKey = AccountEntity.NO_TENANT;
                    entity.login = SUPPORT_LOGIN;
                    entity.loginKey = SUPPORT_LOGIN;
                    entity.role = Role.SUPPORT.name();
                    entity.createdAt = Instant.now();
                    db.em().persist(entity);
                }
                return null;
            });
        }
        PendingSupport pending = new PendingSupport(mac(SUPPORT_CACHE_ID, effective), effective.clone());
        pendingSupport.set(pending);
        verified.remove(SUPPORT_CACHE_ID);
        if (generated != null) {
            // Shown once and never again: it must survive a start that ends abruptly (a kill, or a
            // SIGTERM that never reached deactivate, as ContainerProcessIT saw), so its hash is
            // stored now. This happens at the installation's first start only.
            storeSupportHash();
        } else if (!supportHashing.isShutdown()) {
            supportHashing.schedule(this::storeSupportHash, supportHashDelayMillis, TimeUnit.MILLISECONDS);
        }
        return Optional.ofNullable(generated);
    }

    /**
     * Stores the hash of the support password set at this start, unless the stored one already
     * matches it. It is written only if the stored hash is still the one read here: a password
     * changed meanwhile (through the account screens) wins.
     */
    void storeSupportHash() {
        PendingSupport pending = pendingSupport.get();
        if (pending == null) {
            return;
        }
        Optional<AccountEntity> account = find(AccountEntity.NO_TENANT, SUPPORT_LOGIN);
        if (account.isEmpty()) {
            pendingSupport.compareAndSet(pending, null);
            return;
        }
        String before = account.get().passwordHash;
        if (before == null || !hasher.verify(pending.password(), before)) {
            String hash = hasher.hash(pending.password());
            db.required(() -> new ConflictException("account.concurrent", "The account was changed concurrently; try again."), () -> {
                AccountEntity entity = db.em().find(AccountEntity.class, account.get().id);
                if (entity != null && Objects.equals(entity.passwordHash, before) && pendingSupport.get() == pending) {
                    entity.passwordHash = hash;
                }
                return null;
            });
        }
        if (pendingSupport.compareAndSet(pending, null)) {
            Arrays.fill(pending.password(), '\0');
        }
    }

    /** The account by its login in a tenant (or {@link AccountEntity#NO_TENANT}), in the current scope if there is one. */
    Optional<AccountEntity> find(String tenantKey, String login) {
        return db.supports(() -> db.em().createQuery(
            "SELECT a FROM AccountEntity a WHERE a.tenantKey = :t AND a.loginKey = :l", AccountEntity.class)
            .setParameter("t", tenantKey).setParameter("l", Rules.loginKey(login))
            .getResultList().stream().findFirst());
    }

    private byte[] mac(String cacheId, char[] password) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
            hmac.update(cacheId.getBytes(StandardCharsets.UTF_8));
            hmac.update((byte) 0);
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            byte[] raw = new byte[bytes.remaining()];
            bytes.get(raw);
            try {
                return hmac.doFinal(raw);
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public List<Account> admins(String tenantId) {
        tenants.get(tenantId);
        return db.supports(() -> db.em().createQuery(
            "SELECT a FROM AccountEntity a WHERE a.tenantKey = :t AND a.role = :r ORDER BY a.loginKey", AccountEntity.class)
            .setParameter("t", tenantId).setParameter("r", Role.ADMIN.name()).getResultList().stream()
            .map(AccountEntity::toDTO).toList());
    }

    @Override
    public void removeAdmin(String tenantId, String accountId, String actor) {
        tenants.get(tenantId);
        AccountEntity removed = db.required(() -> new ConflictException("admin.concurrent",
            "The tenant's admins changed concurrently; retry."), () -> {
            AccountEntity account = accountId == null ? null : db.em().find(AccountEntity.class, accountId);
            if (account == null || !tenantId.equals(account.tenantKey) || !Role.ADMIN.name().equals(account.role)) {
                throw new UnknownResourceException("admin.notFound", "There is no admin '" + accountId + "' in this tenant.", accountId);
            }
            // Two removals at once (also on two nodes of a cluster) must not leave the tenant
            // without admins: both bump the tenant's version, so the later commit fails.
            db.em().lock(db.em().find(TenantEntity.class, tenantId),
                LockModeType.OPTIMISTIC_FORCE_INCREMENT);
            long admins = db.em().createQuery("SELECT COUNT(a) FROM AccountEntity a WHERE a.tenantKey = :t AND a.role = :r", Long.class)
                .setParameter("t", tenantId).setParameter("r", Role.ADMIN.name()).getSingleResult();
            if (admins <= 1) {
                throw new ConflictException("admin.last", "'" + account.login + "' is the tenant's last admin; add another admin first.", account.login);
            }
            db.em().createQuery("DELETE FROM PasswordResetEntity r WHERE r.accountId = :a").setParameter("a", account.id).executeUpdate();
            db.em().remove(account);
            audit.record(tenantId, actor, "admin.removed", account.login, "");
            return account;
        });
        passwordReplaced(removed);
    }
}
