package dev.collab.profiles.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.collab.api.ConflictException;
import dev.collab.api.accounts.Principal;
import dev.collab.api.accounts.Role;
import dev.collab.api.sessions.StoredSession;
import dev.collab.api.sessions.WebSessionStore;
import dev.collab.profiles.internal.entities.WebSessionEntity;
import dev.collab.profiles.internal.persistence.Database;

/**
 * The web screens' sessions in the suite's database, so that every node of a cluster reads the
 * same ones. A row is keyed by the SHA-256 of the session id ({@link InvitationTokens#hash}, as
 * the invitation and reset tokens): whoever reads the table cannot take over a session. Each
 * change is one statement, so that concurrent requests of one browser on several nodes never
 * meet a lock conflict; a page view reads one row by its primary key.
 */
@Component(service = WebSessionStore.class)
public final class WebSessionStoreImpl implements WebSessionStore {
    /** A flash message is for display; one longer than its column is shortened, not refused. */
    private static final int FLASH_LENGTH = 2000;
    /** The bound's deletions go by this many ids a statement (Derby's and PostgreSQL's parameter limits are far above). */
    private static final int DELETE_BATCH = 500;
    private static final Supplier<ConflictException> CONFLICT = () -> new ConflictException("session.concurrent",
        "A session was created concurrently under the same id.");

    private final Database db;

    @Activate
    public WebSessionStoreImpl(@Reference Database db) {
        this.db = db;
    }

    @Override
    public void create(String id, StoredSession session) {
        WebSessionEntity entity = new WebSessionEntity();
        entity.idHash = InvitationTokens.hash(id);
        entity.csrf = session.csrf();
        Principal principal = session.principal();
        if (principal != null) {
            entity.tenantId = principal.tenantId();
            entity.accountId = principal.accountId();
            entity.login = principal.name();
            entity.role = principal.role().name();
        }
        entity.createdAt = session.createdAt();
        entity.lastSeen = session.lastSeen();
        entity.flash = shorten(session.flash());
        db.required(CONFLICT, () -> {
            db.em().persist(entity);
            return null;
        });
    }

    @Override
    public Optional<StoredSession> find(String id) {
        String hash = InvitationTokens.hash(id);
        WebSessionEntity e = db.notSupported(() -> db.em().find(WebSessionEntity.class, hash));
        if (e == null) {
            return Optional.empty();
        }
        Principal principal = e.accountId == null ? null : new Principal(e.accountId, e.tenantId, e.login, Role.valueOf(e.role));
        return Optional.of(new StoredSession(e.csrf, principal, e.createdAt, e.lastSeen, e.flash));
    }

    @Override
    public void seen(String id, Instant now) {
        update("UPDATE WebSessionEntity s SET s.lastSeen = :now WHERE s.idHash = :h AND s.lastSeen < :now", id, "now", now);
    }

    @Override
    public void flash(String id, String message) {
        update("UPDATE WebSessionEntity s SET s.flash = :m WHERE s.idHash = :h", id, "m", shorten(message));
    }

    @Override
    public boolean takeFlash(String id, String message) {
        if (message == null) {
            return false;
        }
        return update("UPDATE WebSessionEntity s SET s.flash = NULL WHERE s.idHash = :h AND s.flash = :m", id, "m",
            shorten(message)) == 1;
    }

    @Override
    public void end(String id) {
        String hash = InvitationTokens.hash(id);
        db.required(CONFLICT, () -> db.em().createQuery("DELETE FROM WebSessionEntity s WHERE s.idHash = :h").setParameter("h", hash)
            .executeUpdate());
    }

    @Override
    public int endAll(String tenantId, String accountId, String exceptId) {
        String except = exceptId == null ? "" : InvitationTokens.hash(exceptId);
        String tenant = tenantId == null ? "s.tenantId IS NULL" : "s.tenantId = :t";
        return db.required(CONFLICT, () -> {
            var query = db.em().createQuery("DELETE FROM WebSessionEntity s WHERE s.accountId = :a AND " + tenant + " AND s.idHash <> :x")
                .setParameter("a", accountId).setParameter("x", except);
            if (tenantId != null) {
                query.setParameter("t", tenantId);
            }
            return query.executeUpdate();
        });
    }

    @Override
    public int purge(Instant seenBefore, Instant signedInBefore) {
        return db.required(CONFLICT, () -> db.em()
            .createQuery("DELETE FROM WebSessionEntity s WHERE s.lastSeen < :seen OR (s.accountId IS NOT NULL AND s.createdAt < :signedIn)")
            .setParameter("seen", seenBefore).setParameter("signedIn", signedInBefore).executeUpdate());
    }

    @Override
    public int count() {
        return db.notSupported(() -> db.em().createQuery("SELECT COUNT(s) FROM WebSessionEntity s", Long.class).getSingleResult())
            .intValue();
    }

    @Override
    public int trim(int keep) {
        int excess = count() - Math.max(0, keep);
        int ended = 0;
        // visitors not signed in first, then signed-in sessions; the longest idle first in each
        for (String who : List.of("s.accountId IS NULL", "s.accountId IS NOT NULL")) {
            if (excess - ended <= 0) {
                break;
            }
            int wanted = excess - ended;
            List<String> oldest = db.notSupported(() -> db.em()
                .createQuery("SELECT s.idHash FROM WebSessionEntity s WHERE " + who + " ORDER BY s.lastSeen", String.class)
                .setMaxResults(wanted).getResultList());
            for (int from = 0; from < oldest.size(); from += DELETE_BATCH) {
                List<String> batch = oldest.subList(from, Math.min(oldest.size(), from + DELETE_BATCH));
                ended += db.required(CONFLICT, () -> db.em().createQuery("DELETE FROM WebSessionEntity s WHERE s.idHash IN :hashes")
                    .setParameter("hashes", batch).executeUpdate());
            }
        }
        return ended;
    }

    /** One statement on the session of that id, in a transaction of its own: the number of rows it changed. */
    private int update(String jpql, String id, String name, Object value) {
        String hash = InvitationTokens.hash(id);
        return db.required(CONFLICT,
            () -> db.em().createQuery(jpql).setParameter("h", hash).setParameter(name, value).executeUpdate());
    }

    private static String shorten(String message) {
        return message == null || message.length() <= FLASH_LENGTH ? message : message.substring(0, FLASH_LENGTH - 1) + "…";
    }
}
