package dev.collab.profiles.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.osgi.util.converter.Converters;

import dev.collab.api.customers.Customer;
import dev.collab.api.customers.CustomerChange;
import dev.collab.api.customers.CustomerDirectory;
import dev.collab.api.invitations.InvitationIssued;
import dev.collab.api.mail.AccessEndedNotice;
import dev.collab.api.mail.MailOutboxListener;
import dev.collab.api.mail.PasswordResetIssued;
import dev.collab.api.mail.PendingMail;
import dev.collab.profiles.internal.entities.OutboxEntity;
import dev.collab.profiles.internal.persistence.Database;
import dev.collab.profiles.internal.persistence.TestDatabase;

/**
 * The delegation core wired by hand on a real embedded Derby, as the OSGi runtime would wire
 * it: every component built with {@code new}, the host's customer directory replaced by an
 * in-memory map, and a {@link CapturingDispatcher} in place of the mailing bundle: woken by the
 * outbox id only, it takes the mail from the real {@link MailOutboxImpl}, which alone unseals the
 * token, so that tests read raw tokens as the dispatcher (and then the invitee) would.
 */
final class Core implements AutoCloseable {
    static final String PASSWORD = "a long enough secret";

    final Path dir;
    private final boolean ownsDir;
    final Database db;
    final TenantServiceImpl tenants;
    final AccountServiceImpl accounts;
    final RightsCatalogImpl catalog;
    /** The tenants' models and their one write path. */
    final AccessModel model;
    /** The host's questions, answered from {@link #model}. */
    final AccessDecisionsImpl access;
    final ProfileServiceImpl profiles;
    final InvitationIssuer issuer;
    final ActivityRecorderImpl activity;
    final GrantServiceImpl grants;
    final DelegationServiceImpl delegation;
    final InvitationServiceImpl invitations;
    final AuditLogImpl audit;
    final TokenSeal seal;
    final MailOutboxImpl outbox;
    final PasswordResetsImpl resets;
    /** The clock of the password resets, which tests move to let links expire. */
    final AtomicLong resetClock = new AtomicLong(System.currentTimeMillis());
    final MapDirectory directory = new MapDirectory();
    final CapturingDispatcher mails;
    /** On a shared (PostgreSQL) database only: hears the other nodes' changes. */
    final ClusterListener listener;
    /** The clock validities ("gültig bis") are compared with, which tests move on to let them pass. */
    final TestClock clock = new TestClock();

    private Core(Path dir, boolean ownsDir, int validityHours) {
        this(dir, ownsDir, validityHours, null, null);
    }

    private Core(Path dir, boolean ownsDir, int validityHours, String url, Path outboxKey) {
        this.dir = dir;
        this.ownsDir = ownsDir;
        this.db = url == null ? TestDatabase.open(dir) : TestDatabase.open(dir, url);
        try {
            model = new AccessModel(db, new DelegationEvents(), clock);
            listener = new ClusterListener(model, db);
            access = new AccessDecisionsImpl(model);
            tenants = new TenantServiceImpl(db, model);
            accounts = new AccountServiceImpl(Converters.standardConverter()
                .convert(Map.of("hashIterations", 1000)).to(AccountServiceConfiguration.class), db, tenants);
            catalog = new RightsCatalogImpl(List.of(new BuiltInRights()));
            profiles = new ProfileServiceImpl(db, model, tenants, catalog);
            seal = outboxKey == null ? new TokenSeal(db) : new TokenSeal(outboxKey);
            outbox = new MailOutboxImpl(db, seal);
            mails = new CapturingDispatcher(outbox, db);
            issuer = new InvitationIssuer(Converters.standardConverter()
                .convert(Map.of("validityHours", validityHours)).to(InvitationIssuerConfiguration.class), seal, db);
            issuer.listeners.add(mails);
            activity = new ActivityRecorderImpl(db);
            grants = new GrantServiceImpl(model, db, tenants, catalog, issuer);
            grants.directory = directory;
            delegation = new DelegationServiceImpl(model, db, tenants, issuer, activity);
            delegation.directory = directory;
            invitations = new InvitationServiceImpl(model, db, accounts, issuer);
            invitations.directory = directory;
            audit = new AuditLogImpl(db, tenants);
            resets = new PasswordResetsImpl(Converters.standardConverter().convert(Map.of())
                .to(PasswordResetsConfiguration.class), db, accounts, seal, resetClock::get);
            resets.listeners.add(mails);
        } catch (RuntimeException e) {
            TestDatabase.close(db);
            throw e;
        }
    }

    /**
     * A node of a cluster: a core on a PostgreSQL database that other cores may share, sealing its
     * outbox's tokens with the key in {@code outboxKey} (which every node is given).
     */
    static Core node(Path dir, String url, Path outboxKey) {
        return new Core(dir, false, 14 * 24, url, outboxKey);
    }

    /** A core on a database in {@code dir}, which the caller owns. */
    static Core open(Path dir) {
        return new Core(dir, false, 14 * 24);
    }

    static Core open(Path dir, int validityHours) {
        return new Core(dir, false, validityHours);
    }

    /** A core on a database in a new temporary folder, deleted by {@link #close()}. */
    static Core openTemp() {
        Path dir;
        try {
            dir = Files.createTempDirectory("collab-core");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new Core(dir, true, 14 * 24);
        } catch (RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            activity.stop();
            listener.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            TestDatabase.close(db);
            if (ownsDir) {
                delete(dir);
            }
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a leftover temp folder does not fail a test
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }

    // --- conveniences ---------------------------------------------------------------------

    /** Creates an enabled (or disabled) tenant with the given customers (id = name). */
    String tenant(String id, boolean delegatedAccess, String... customers) {
        tenants.put(id, "Broker " + id, "support");
        tenants.setDelegatedAccess(id, delegatedAccess, "support");
        for (String c : customers) {
            directory.put(id, c, "Customer " + c);
        }
        return id;
    }

    /** The newest raw token sent for an e-mail (any case) in a tenant. */
    String lastToken(String tenantId, String email) {
        return mails.last(tenantId, email).token();
    }

    /** In-memory stand-in for the host's customer directory. */
    static final class MapDirectory implements CustomerDirectory {
        private final Map<String, Map<String, Customer>> byTenant = new ConcurrentHashMap<>();

        @Override
        public List<Customer> list(String tenantId) {
            return List.copyOf(byTenant.getOrDefault(tenantId, Map.of()).values());
        }

        @Override
        public Map<String, Customer> find(String tenantId, Collection<String> ids) {
            Map<String, Customer> all = byTenant.getOrDefault(tenantId, Map.of());
            Map<String, Customer> result = new LinkedHashMap<>();
            for (String id : ids) {
                Customer c = all.get(id);
                if (c != null) {
                    result.put(id, c);
                }
            }
            return result;
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public synchronized CustomerChange put(String tenantId, String customerId, String name) {
            Map<String, Customer> all = byTenant.computeIfAbsent(tenantId, t -> Collections.synchronizedMap(new TreeMap<>()));
            Customer c = new Customer(customerId, name);
            boolean created = all.put(customerId, c) == null;
            return new CustomerChange(c, created);
        }
    }

    /**
     * Stands in for the mailing bundle's dispatcher: told the outbox id of each mail committed,
     * it reads that mail, unsealed, from the outbox and keeps what a delivered mail would carry,
     * in order. Nothing is marked sent, so the outbox rows stay as the core left them.
     */
    static final class CapturingDispatcher implements MailOutboxListener {
        private final MailOutboxImpl outbox;
        private final Database db;
        /** Every outbox id the core signalled, in order: all a listener ever learns. */
        final List<String> signalled = new CopyOnWriteArrayList<>();
        /** The invitation mails, with their raw tokens, as the outbox handed them out. */
        final List<InvitationIssued> issued = new CopyOnWriteArrayList<>();
        /** The password reset mails, with their raw tokens, as the outbox handed them out. */
        final List<PasswordResetIssued> resets = new CopyOnWriteArrayList<>();
        /** The reminders of invitations, with the invitation's raw token, as the outbox handed them out. */
        final List<InvitationIssued> reminders = new CopyOnWriteArrayList<>();
        /** The notices to removed delegates. */
        final List<AccessEndedNotice> ended = new CopyOnWriteArrayList<>();
        /** The access review's mails, with their kind. */
        final List<PendingMail> reviews = new CopyOnWriteArrayList<>();

        CapturingDispatcher(MailOutboxImpl outbox, Database db) {
            this.outbox = outbox;
            this.db = db;
        }

        @Override
        public void queued(String outboxId) {
            signalled.add(outboxId);
            PendingMail mail = outbox.peek(outboxId);
            if (mail == null) {
                // A change that committed between this mail's commit and its signal may have cancelled it
                // (a newer password reset voids the older link), as the real dispatcher would find too;
                // any other missing mail is a fault.
                OutboxEntity row = db.supports(() -> db.em().find(OutboxEntity.class, outboxId));
                if (row == null || !OutboxEntity.CANCELLED.equals(row.status)) {
                    throw new AssertionError("the outbox has no pending mail " + outboxId + " right after its commit");
                }
                return;
            }
            if (mail.passwordReset() != null) {
                resets.add(mail.passwordReset());
            } else if (mail.review() != null) {
                reviews.add(mail);
            } else if (mail.accessEnded() != null) {
                ended.add(mail.accessEnded());
            } else if (PendingMail.REMINDER.equals(mail.kind())) {
                reminders.add(mail.invitation());
            } else {
                issued.add(mail.invitation());
            }
        }

        InvitationIssued last(String tenantId, String email) {
            List<InvitationIssued> all = new ArrayList<>(issued);
            for (int i = all.size() - 1; i >= 0; i--) {
                InvitationIssued x = all.get(i);
                if (x.tenantId().equals(tenantId) && x.email().equalsIgnoreCase(email)) {
                    return x;
                }
            }
            throw new AssertionError("no token was issued to " + email + " in " + tenantId);
        }

        List<InvitationIssued> all(String tenantId, String email) {
            return issued.stream().filter(x -> x.tenantId().equals(tenantId) && x.email().equalsIgnoreCase(email)).toList();
        }
    }
}
