package dev.collab.profiles.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.collab.api.ConflictException;
import dev.collab.api.accounts.ActivityRecorder;
import dev.collab.api.accounts.Principal;
import dev.collab.api.accounts.Role;
import dev.collab.profiles.internal.entities.AccountEntity;
import dev.collab.profiles.internal.persistence.Database;

/**
 * Last activity of portal users. A request only touches a map in memory; the map is written to
 * the database every half minute and when the component stops, so that a page view never costs
 * a database write, and readers see the newest value from memory meanwhile.
 */
@Component(service = {ActivityRecorder.class, ActivityRecorderImpl.class})
public final class ActivityRecorderImpl implements ActivityRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(ActivityRecorderImpl.class);
    private static final long FLUSH_SECONDS = 30;

    private final Database db;
    private final Map<String, Instant> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;

    @Activate
    public ActivityRecorderImpl(@Reference Database db) {
        this.db = db;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "collab-activity-flush");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flush, FLUSH_SECONDS, FLUSH_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Lets a write under way finish before the last one: interrupting a thread inside Derby
     * closes its connection mid-transaction, and two writers would race for the same rows.
     */
    @Deactivate
    void stop() throws InterruptedException {
        flusher.shutdown();
        if (!flusher.awaitTermination(15, TimeUnit.SECONDS)) {
            LOG.warn("The last activity's write did not finish in 15 s; writing what is pending once more");
        }
        flush();
    }

    @Override
    public void active(Principal principal) {
        if (principal != null && principal.role() == Role.USER) {
            pending.put(principal.accountId(), Instant.now());
        }
    }

    /** Activity seen elsewhere than in a request of ours: the host asked whether the user may do something. */
    void activeAt(String accountId, Instant at) {
        pending.merge(accountId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** The newest known activity: in memory if not yet written, else as stored. */
    Instant lastActive(String accountId, Instant stored) {
        Instant recent = pending.get(accountId);
        if (recent == null) {
            return stored;
        }
        return stored == null || recent.isAfter(stored) ? recent : stored;
    }

    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, Instant> batch = new HashMap<>();
        pending.forEach((id, at) -> batch.put(id, at));
        try {
            db.required(() -> new ConflictException("activity.concurrent", "Concurrent change of activity."), () -> {
                batch.forEach((id, at) -> {
                    AccountEntity account = db.em().find(AccountEntity.class, id);
                    if (account != null && (account.lastActiveAt == null || at.isAfter(account.lastActiveAt))) {
                        account.lastActiveAt = at;
                    }
                });
                return null;
            });
            batch.forEach((id, at) -> pending.remove(id, at));
        } catch (RuntimeException e) {
            LOG.warn("Could not store last activity of {} users; will retry", batch.size(), e);
        }
    }
}
