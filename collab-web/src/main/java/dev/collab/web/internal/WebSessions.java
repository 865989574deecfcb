package dev.collab.web.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

import dev.collab.api.accounts.Principal;

/**
 * The screens' sessions, in memory. A component of its own, so that a new configuration or a
 * restart of the servlet keeps everybody signed in; an update of this bundle signs everybody
 * out, which is the safe side. Ids are 256 random bits; an id is never reused across sign-in
 * (session fixation) and a signed-in session ends after an idle and an absolute timeout.
 */
@Component(service = WebSessions.class, configurationPid = "dev.collab.web.sessions",
    configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SessionConfiguration.class)
public final class WebSessions {
    private final SecureRandom random = new SecureRandom();
    private final Map<String, WebSession> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile SessionConfiguration config;

    @Activate
    public WebSessions(SessionConfiguration config) {
        this(config, Clock.systemUTC());
    }

    WebSessions(SessionConfiguration config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Modified
    void modified(SessionConfiguration changed) {
        this.config = changed;
    }

    /** @return the live session of that id, marked as seen now; empty if unknown or timed out */
    Optional<WebSession> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        WebSession session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(session, now)) {
            sessions.remove(id, session);
            return Optional.empty();
        }
        session.activity().seen(now);
        return Optional.of(session);
    }

    /** A new visitor's session: a CSRF token for the sign-in and registration forms, nobody signed in. */
    WebSession anonymous() {
        return store(null);
    }

    /** Signs in: the previous session (if any) ends and a new one with a new id and token starts. */
    WebSession signIn(WebSession previous, Principal principal) {
        if (previous != null) {
            sessions.remove(previous.id());
        }
        return store(principal);
    }

    void end(WebSession session) {
        if (session != null) {
            sessions.remove(session.id());
        }
    }

    /** Ends every session of an account, e.g. after its password changed elsewhere. */
    void endAll(String tenantId, String accountId, String except) {
        sessions.values().removeIf(s -> s.principal() != null && !s.id().equals(except)
            && s.principal().accountId().equals(accountId) && Objects.equals(s.principal().tenantId(), tenantId));
    }

    int size() {
        return sessions.size();
    }

    private WebSession store(Principal principal) {
        Instant now = clock.instant();
        makeRoom(now);
        WebSession session = new WebSession(randomToken(), randomToken(), principal, now, new WebSession.Activity(now));
        sessions.put(session.id(), session);
        return session;
    }

    /** Keeps memory bounded under a flood of new visitors without signing anybody out first. */
    private void makeRoom(Instant now) {
        int max = Math.max(100, config.maxSessions());
        if (sessions.size() < max) {
            return;
        }
        sessions.values().removeIf(s -> expired(s, now));
        int excess = sessions.size() - max + 1 + max / 10;
        if (excess <= 0) {
            return;
        }
        sessions.values().stream()
            .sorted(Comparator.comparing((WebSession s) -> s.signedIn()).thenComparing(s -> s.activity().lastSeen()))
            .limit(excess)
            .toList()
            .forEach(s -> sessions.remove(s.id(), s));
    }

    private boolean expired(WebSession session, Instant now) {
        SessionConfiguration current = config;
        if (session.activity().lastSeen().plus(Duration.ofSeconds(current.idleTimeoutSeconds())).isBefore(now)) {
            return true;
        }
        return session.signedIn() && session.createdAt().plus(Duration.ofSeconds(current.absoluteTimeoutSeconds())).isBefore(now);
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
