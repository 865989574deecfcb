package dev.collab.profiles.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import dev.collab.api.ConflictException;
import dev.collab.api.delegation.InviteRequest;
import dev.collab.profiles.internal.DelegationServiceImpl.Invited;

/**
 * A group commit of single invites. A tenant's changes are serialized by its lock, and under
 * parallel invites most of their threads wait for it (JFR: five of eight clients at any time
 * under {@code bench/load.sh}). So an invite waits in its tenant's queue, and whichever of the
 * waiting threads gets the lock writes every invite queued by then, up to {@link #MAX_GROUP}, in
 * one transaction: one commit with its disk sync, one reading of the tenant, the inviter and the
 * inviter's grants, and one update of the access model for all of them. The others find their
 * outcome ready when they get the lock, or wait for the thread writing it.
 *
 * <p>An invite's own refusal (a rule, a duplicate) ends only that invite. Any other failure ends
 * the group's transaction, and each of its invites then runs alone as before, so that each gets
 * the answer it would have got without the others.
 */
final class InviteQueue {
    /** Invites written in one transaction at most: a bound on the time the tenant's lock is held. */
    static final int MAX_GROUP = 32;
    /** The outcome of an invite whose group could not be written. */
    private static final Object ALONE = new Object();

    /**
     * One invite waiting for its tenant's lock.
     *
     * @param outcome the created invite ({@link Invited}), its refusal (a {@link RuntimeException}), or {@link #ALONE}
     */
    record Waiting(String userId, String email, InviteRequest request, CompletableFuture<Object> outcome) {
        Waiting(String userId, String email, InviteRequest request) {
            this(userId, email, request, new CompletableFuture<>());
        }
    }

    private final AccessModel model;
    private final Map<String, Queue<Waiting>> waiting = new ConcurrentHashMap<>();

    InviteQueue(AccessModel model) {
        this.model = model;
    }

    /**
     * Queues the invite and writes it, with the others waiting, once this thread holds the
     * tenant's lock, unless another thread has taken it into its group by then.
     *
     * @param group writes a group in the change that holds the lock: each invite's outcome, an
     *        {@link Invited} or the refusal that ended it; throws when the transaction cannot go on
     * @param alone writes the invite in a change of its own
     * @return the created invite
     * @throws RuntimeException the invite's refusal
     */
    Invited invite(String tenantId, Waiting mine, BiFunction<String, List<Waiting>, Map<Waiting, Object>> group, Supplier<Invited> alone) {
        Queue<Waiting> queue = waiting.computeIfAbsent(tenantId, t -> new ConcurrentLinkedQueue<>());
        queue.add(mine);
        List<Waiting> taken = new ArrayList<>();
        try {
            // A conflict at the commit ends the group like any failure: its invites then run alone.
            Map<Waiting, Object> outcomes = model.change(tenantId,
                () -> new ConflictException("delegates.concurrent", "The delegates changed concurrently; retry."), () -> {
                    for (Waiting next = queue.poll(); next != null; next = taken.size() < MAX_GROUP ? queue.poll() : null) {
                        taken.add(next);
                    }
                    return taken.isEmpty() ? Map.of() : group.apply(tenantId, taken);
                });
            // After the commit: no thread sees an outcome that could still be rolled back.
            for (Waiting w : taken) {
                w.outcome.complete(outcomes.getOrDefault(w, ALONE));
            }
        } catch (RuntimeException | Error e) {
            for (Waiting w : taken) {
                w.outcome.complete(ALONE);
            }
            if (queue.remove(mine)) {
                // this change failed before any thread took the invite
                mine.outcome.complete(ALONE);
            }
            if (e instanceof Error error) {
                throw error;
            }
        }
        Object outcome = mine.outcome.join();
        if (outcome == ALONE) {
            return alone.get();
        }
        if (outcome instanceof RuntimeException refused) {
            throw refused;
        }
        return (Invited) outcome;
    }
}
