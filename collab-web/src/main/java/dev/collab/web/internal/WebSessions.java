package dev.collab.web.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.collab.api.CollabException;
import dev.collab.api.TemporarilyUnavailableException;
import dev.collab.api.accounts.Principal;
import dev.collab.api.sessions.StoredSession;
import dev.collab.api.sessions.WebSessionStore;

/**
 * The screens' sessions: what a session is and how long it lives. They are kept in the
 * database ({@link WebSessionStore}), which every node of a cluster shares, so that a browser
 * stays signed in whichever node serves it, a sign-out or a password change ends its sessions on
 * every node, and an update of this bundle or of the core signs nobody out. Ids are 256 random
 * bits; an id is never reused across sign-in (session fixation) and a signed-in session ends
 * after an idle and an absolute timeout.
 *
 * <p>A page view reads its session by primary key and writes nothing unless the session's last
 * seen time is older than {@link #touchInterval} (at most a minute): the idle timeout is exact
 * to that interval (a session may end that much earlier, never later). Expired rows go at a new
 * session, at most once a minute per node; the bound is checked every hundredth of it new
 * sessions per node, so that a flood of visitors cannot grow the table without limit.
 *
 * <p>The store is a dynamic reference, as the servlet's services are: while the core is away
 * the screens answer 503 and stay registered.
 */
@Component(service = WebSessions.class, configurationPid = "dev.collab.web.sessions",
    configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SessionConfiguration.class)
public final class WebSessions {
    /** What {@link #randomToken} makes: 32 bytes in base64url without padding. Anything else is not looked up. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Logger LOG = LoggerFactory.getLogger(WebSessions.class);
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicReference<Instant> lastPurge = new AtomicReference<>(Instant.EPOCH);
    private volatile SessionConfiguration config;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile WebSessionStore store;

    @Activate
    public WebSessions(SessionConfiguration config) {
        this(config, null, Clock.systemUTC());
    }

    WebSessions(SessionConfiguration config, WebSessionStore store, Clock clock) {
        this.config = config;
        this.store = store;
        this.clock = clock;
    }

    @Modified
    void modified(SessionConfiguration changed) {
        this.config = changed;
    }

    /**
     * @return the live session of that id, its last-seen time brought up to date when older
     *         than {@link #touchInterval}; empty if unknown or timed out
     * @throws TemporarilyUnavailableException while the store is away
     */
    Optional<WebSession> find(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return guarded(() -> read(id));
    }

    private Optional<WebSession> read(String id) {
        WebSessionStore sessions = store();
        Optional<StoredSession> found = sessions.find(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        StoredSession stored = found.get();
        Instant now = clock.instant();
        if (expired(stored, now)) {
            sessions.end(id);
            return Optional.empty();
        }
        if (!stored.lastSeen().plus(touchInterval()).isAfter(now)) {
            sessions.seen(id, now);
        }
        return Optional.of(new WebSession(id, stored.csrf(), stored.principal(), stored.createdAt(),
            new WebSession.Activity(stored.lastSeen(), stored.flash())));
    }

    /** A new visitor's session: a CSRF token for the sign-in and registration forms, nobody signed in. */
    WebSession anonymous() {
        return guarded(() -> store(null));
    }

    /** Signs in: the previous session (if any) ends and a new one with a new id and token starts. */
    WebSession signIn(WebSession previous, Principal principal) {
        return guarded(() -> {
            if (previous != null) {
                store().end(previous.id());
            }
            return store(principal);
        });
    }

    void end(WebSession session) {
        if (session != null) {
            guarded(() -> {
                store().end(session.id());
                return null;
            });
        }
    }

    /** Ends every session of an account on every node, e.g. after its password changed. */
    void endAll(String tenantId, String accountId, String except) {
        guarded(() -> store().endAll(tenantId, accountId, except));
    }

    /** Leaves a message for the session's next page, whichever node serves it. */
    void flash(WebSession session, String message) {
        guarded(() -> {
            store().flash(session.id(), message);
            return null;
        });
        session.activity().flash(message);
    }

    /** @return the session's message for this page, or {@code null}; shown once, also when two nodes serve pages at once */
    String takeFlash(WebSession session) {
        String message = session.activity().takeFlash();
        return message != null && guarded(() -> store().takeFlash(session.id(), message)) ? message : null;
    }

    int size() {
        return guarded(() -> store().count());
    }

    /** How stale a session's last-seen time may get before a request writes it: a 30th of the idle timeout, 1 s to 1 min. */
    Duration touchInterval() {
        return Duration.ofSeconds(Math.max(1, Math.min(60, config.idleTimeoutSeconds() / 30)));
    }

    private WebSession store(Principal principal) {
        WebSessionStore sessions = store();
        Instant now = clock.instant();
        makeRoom(sessions, now);
        WebSession session = new WebSession(randomToken(), randomToken(), principal, now, new WebSession.Activity(now, null));
        sessions.create(session.id(), new StoredSession(session.csrf(), principal, now, now, null));
        return session;
    }

    /**
     * Keeps the table bounded under a flood of new visitors without signing anybody out first:
     * expired sessions go once a minute, and beyond the bound the longest idle visitors who never
     * signed in. The count is asked every {@code maxSessions / 100}-th new session of this node,
     * so n nodes may overshoot the bound by n hundredths of it.
     */
    private void makeRoom(WebSessionStore sessions, Instant now) {
        SessionConfiguration current = config;
        Instant last = lastPurge.get();
        if (!last.plus(PURGE_INTERVAL).isAfter(now) && lastPurge.compareAndSet(last, now)) {
            purge(sessions, current, now);
        }
        int max = Math.max(100, current.maxSessions());
        if (created.incrementAndGet() % Math.max(1, max / 100) != 0 || sessions.count() < max) {
            return;
        }
        purge(sessions, current, now);
        sessions.trim(max - 1 - max / 10);
    }

    private static void purge(WebSessionStore sessions, SessionConfiguration current, Instant now) {
        sessions.purge(now.minusSeconds(current.idleTimeoutSeconds()), now.minusSeconds(current.absoluteTimeoutSeconds()));
    }

    private boolean expired(StoredSession session, Instant now) {
        SessionConfiguration current = config;
        if (session.lastSeen().plus(Duration.ofSeconds(current.idleTimeoutSeconds())).isBefore(now)) {
            return true;
        }
        return session.principal() != null
            && session.createdAt().plus(Duration.ofSeconds(current.absoluteTimeoutSeconds())).isBefore(now);
    }

    /**
     * Runs work on the store; a failure of the database (PostgreSQL out of reach) is a 503 of
     * the screens, as the store's absence is, not a 500.
     */
    private static <T> T guarded(Supplier<T> work) {
        try {
            return work.get();
        } catch (CollabException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("The sessions' store failed: {}", e.toString());
            TemporarilyUnavailableException unavailable = new TemporarilyUnavailableException("unavailable.sessions",
                "The sessions cannot be read right now.");
            unavailable.initCause(e);
            throw unavailable;
        }
    }

    private WebSessionStore store() {
        WebSessionStore current = store;
        if (current == null) {
            throw new TemporarilyUnavailableException("unavailable.sessions", "The sessions' store is not available right now.");
        }
        return current;
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
