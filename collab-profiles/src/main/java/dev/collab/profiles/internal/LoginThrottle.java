package dev.collab.profiles.internal;

import java.util.function.LongSupplier;

import dev.collab.api.TooManyAttemptsException;

/**
 * Anti-automation for password checks (ASVS V6.3, formerly V2.2.1): failures are counted per
 * account and per client; past a number of free failures each further attempt must wait a
 * delay that doubles with every failure, up to a maximum, and a record is forgotten after a
 * quiet period. Never a hard lock-out: the wait ends by itself.
 *
 * <p>So that an attacker cannot keep the real user out by failing against their account, the
 * account's back-off stops only clients that have failed themselves: a client without recent
 * failures may still try, and a correct password gets in. Guessing from many addresses then
 * costs one address per guess and back-off window, and each address soon runs into its own
 * back-off.
 */
final class LoginThrottle {
    /** What is known about one account or client. */
    private static final class Record {
        int failures;
        long lastFailure;
    }

    private final int accountFree;
    private final int clientFree;
    private final long baseMillis;
    private final long maxMillis;
    private final long memoryMillis;
    private final LongSupplier clock;
    private final LruMap<String, Record> accounts;
    private final LruMap<String, Record> clients;

    LoginThrottle(AccountServiceConfiguration config, LongSupplier clock) {
        this.accountFree = Math.max(1, config.loginFreeFailuresPerAccount());
        this.clientFree = Math.max(1, config.loginFreeFailuresPerClient());
        this.baseMillis = Math.max(1, config.loginBackoffBaseSeconds()) * 1000L;
        this.maxMillis = Math.max(this.baseMillis, config.loginBackoffMaxSeconds() * 1000L);
        this.memoryMillis = Math.max(this.maxMillis, config.loginFailureMemorySeconds() * 1000L);
        this.clock = clock;
        this.accounts = new LruMap<>(config.throttleTrackedKeys());
        this.clients = new LruMap<>(config.throttleTrackedKeys());
    }

    /**
     * @param account the account's key
     * @param client the client's address, or {@code null} for an in-process caller (then only
     *        the account counts, without the clean-client exemption)
     * @throws TooManyAttemptsException if this attempt must wait
     */
    synchronized void check(String account, String client) {
        long now = clock.getAsLong();
        Record byClient = client == null ? null : live(clients, client, now);
        long wait = 0;
        if (byClient != null) {
            wait = remaining(byClient, clientFree, now);
        }
        boolean clean = client != null && byClient == null;
        if (!clean) {
            Record byAccount = live(accounts, account, now);
            if (byAccount != null) {
                wait = Math.max(wait, remaining(byAccount, accountFree, now));
            }
        }
        if (wait > 0) {
            throw new TooManyAttemptsException("attempts.signIn", "Too many failed sign-ins; try again in " + seconds(wait) + " seconds.",
                seconds(wait), seconds(wait));
        }
    }

    synchronized void failed(String account, String client) {
        long now = clock.getAsLong();
        count(accounts, account, now);
        if (client != null) {
            count(clients, client, now);
        }
    }

    /** A correct password: the account's and this client's failures are forgiven. */
    synchronized void succeeded(String account, String client) {
        accounts.remove(account);
        if (client != null) {
            clients.remove(client);
        }
    }

    synchronized int trackedClients() {
        return clients.size();
    }

    private void count(LruMap<String, Record> records, String key, long now) {
        Record record = live(records, key, now);
        if (record == null) {
            record = new Record();
            records.put(key, record);
        }
        record.failures++;
        record.lastFailure = now;
    }

    /** @return the key's record, or {@code null} if there is none or it was forgotten */
    private Record live(LruMap<String, Record> records, String key, long now) {
        Record record = records.get(key);
        if (record != null && now - record.lastFailure >= memoryMillis) {
            records.remove(key);
            return null;
        }
        return record;
    }

    /** @return milliseconds the next attempt must still wait */
    private long remaining(Record record, int free, long now) {
        int excess = record.failures - free;
        if (excess < 0) {
            return 0;
        }
        long delay = baseMillis << Math.min(excess, 30);
        if (delay <= 0 || delay > maxMillis) {
            delay = maxMillis;
        }
        return Math.max(0, record.lastFailure + delay - now);
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
