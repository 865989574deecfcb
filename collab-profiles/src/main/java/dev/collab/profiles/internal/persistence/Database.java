package dev.collab.profiles.internal.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;
import javax.persistence.PersistenceException;
import javax.sql.DataSource;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.eclipse.persistence.jpa.PersistenceProvider;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.collab.api.ConflictException;
import dev.collab.migrations.DerbyTemplate;

/**
 * The suite's database and its EclipseLink persistence unit: embedded Derby in the data folder,
 * or, when a PostgreSQL URL is configured, a pool of connections to a database several nodes
 * share. EclipseLink is bootstrapped in code rather than through a JPA extender: the data
 * folder and URL come from configuration, and the unit must see this bundle's class loader
 * (entities are private). Deactivation shuts Derby down (or closes the pool), so that stopping
 * or updating the bundle releases the files and a later activation (or another process) can
 * open them.
 */
@Component(service = Database.class, configurationPid = Database.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = DatabaseConfiguration.class)
public final class Database {
    public static final String PID = "dev.collab.persistence";
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final DataSource dataSource;
    /** Shuts Derby down, or closes the pool. */
    private final Runnable closeDataSource;
    private final String engine;
    private final Settings settings;
    private final EntityManagerFactory emf;
    /**
     * The scope each thread works in, per instance: the services reach the current entity
     * manager and transaction through it instead of passing them along.
     */
    private final ThreadLocal<Scope> scope = new ThreadLocal<>();

    /** What the database is opened with: every setting of {@link DatabaseConfiguration}. */
    record Settings(Path dataDir, String url, String user, String password, int poolSize, String logLevel) {
        static Settings of(DatabaseConfiguration config) {
            return new Settings(Path.of(config.dataDir()).toAbsolutePath().normalize(), config.url() == null ? "" : config.url().trim(),
                config.user(), config._password(), config.poolSize(), config.logLevel());
        }

        @Override
        public String toString() {
            // never the password, wherever a record's text may end up
            return "Settings[dataDir=" + dataDir + ", url=" + url + ", user=" + user + ", poolSize=" + poolSize + ", logLevel=" + logLevel + "]";
        }
    }

    @Activate
    public Database(DatabaseConfiguration config) {
        this.settings = Settings.of(config);
        Path dir = settings.dataDir();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data folder " + dir, e);
        }
        // Derby reads this once, when its engine boots; without it derby.log lands in the working directory.
        if (System.getProperty("derby.stream.error.file") == null) {
            System.setProperty("derby.stream.error.file", dir.resolve("derby.log").toString());
        }
        String url = settings.url();
        if (url.isEmpty()) {
            String location = dir.resolve("db").toString();
            // a fresh folder's database is a copy of the build's template (DerbyTemplate)
            DerbyTemplate.restoreIfAbsent(Schema.RUNNER, Path.of(location));
            DerbyConnections derby = new DerbyConnections(location);
            dataSource = derby;
            closeDataSource = () -> {
                derby.close();
                shutdown(location);
            };
            engine = "Derby";
        } else if (url.startsWith("jdbc:postgresql:")) {
            PostgresPool pool = new PostgresPool(url, settings.user(), settings.password(), settings.poolSize());
            dataSource = pool.dataSource();
            closeDataSource = pool::close;
            engine = "PostgreSQL";
        } else {
            throw new IllegalArgumentException("The database URL must be a PostgreSQL URL (jdbc:postgresql:), or empty for embedded Derby");
        }

        try {
            Schema.migrate(dataSource);
            if (!isShared()) {
                detectDeadlocksEarly(dataSource);
            }
        } catch (SQLException e) {
            closeDataSource.run();
            throw new IllegalStateException("Cannot open the database " + where(url, dir) + ": " + e.getMessage(), e);
        }

        Map<String, Object> props = new HashMap<>();
        ClassLoader loader = Database.class.getClassLoader();
        props.put("eclipselink.classloader", loader);
        props.put("javax.persistence.nonJtaDataSource", dataSource);
        props.put("eclipselink.target-database", engine);
        if (isShared()) {
            // Reads in a transaction go through its connection, which begins the transaction: without this
            // EclipseLink reads on another connection until the first write, and a SELECT ... FOR UPDATE
            // (the tenant's row lock that serializes a tenant's changes across nodes) would lock nothing.
            props.put("eclipselink.transaction.join-existing", "true");
        }
        props.put("eclipselink.weaving", "false");
        props.put("eclipselink.logging.level", settings.logLevel());
        props.put("eclipselink.logging.logger", "JavaLogger");
        props.put("eclipselink.cache.shared.default", "false");
        // Rows of the same kind written in one flush (an invitation's customers, a bulk invite's
        // rows) go to the database as one JDBC batch: one statement prepared and executed for all.
        props.put("eclipselink.jdbc.batch-writing", "JDBC");
        props.put("eclipselink.jdbc.batch-writing.size", "100");

        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        EntityManagerFactory opened = null;
        try {
            opened = new PersistenceProvider().createEntityManagerFactory("collab", props);
            // Connect now: a locked or broken database must fail activation, not the first request.
            opened.createEntityManager().close();
        } catch (RuntimeException e) {
            if (opened != null) {
                opened.close();
            }
            closeDataSource.run();
            throw e;
        } finally {
            thread.setContextClassLoader(previous);
        }
        emf = opened;
        LOG.info("Database open: {}", where(url, dir));
    }

    /** The database for messages: the URL without user or password, else the folder. */
    private static String where(String url, Path dir) {
        if (url.isEmpty()) {
            return "at " + dir;
        }
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /**
     * An update of the configuration that changes none of the settings keeps the database open:
     * Karaf's FileInstall adds its file's name to a configuration a feature has just created, and
     * reopening the database then would deactivate every component that uses it while the
     * feature's other bundles are starting against them. A changed setting reopens it: the
     * component disables and enables itself, as SCR would have deactivated and activated it.
     */
    @Modified
    void modified(DatabaseConfiguration config, ComponentContext context) {
        if (Settings.of(config).equals(settings)) {
            LOG.debug("Configuration {} updated without a change of the database's settings; it stays open", PID);
            return;
        }
        LOG.info("The database's settings changed; reopening it");
        String name = (String) context.getProperties().get(ComponentConstants.COMPONENT_NAME);
        // SCR holds this component's lock while it calls this method, and disabling the component
        // waits for that lock: a thread of its own does it once this method has returned.
        Thread reopen = new Thread(() -> {
            try {
                context.disableComponent(name);
                context.enableComponent(name);
            } catch (RuntimeException e) {
                // the bundle stopped meanwhile: its next start opens the database with the new settings
                LOG.debug("The database was not reopened", e);
            }
        }, "collab-database-reopen");
        reopen.setDaemon(true);
        reopen.start();
    }

    @Deactivate
    void close() {
        emf.close();
        closeDataSource.run();
    }

    private static void shutdown(String databaseName) {
        EmbeddedDataSource derby = new EmbeddedDataSource();
        derby.setDatabaseName(databaseName);
        derby.setShutdownDatabase("shutdown");
        try {
            derby.getConnection().close();
        } catch (SQLException expected) {
            // Derby reports a successful shutdown as SQLState 08006.
            if (!"08006".equals(expected.getSQLState())) {
                LOG.warn("Database shutdown: {}", expected.getMessage());
            }
        }
    }

    /** @return which engine keeps the data: "Derby" or "PostgreSQL" (EclipseLink's names) */
    public String engine() {
        return engine;
    }

    /** @return whether other nodes may use the same database (PostgreSQL), so that what this node holds in memory can go stale */
    public boolean isShared() {
        return "PostgreSQL".equals(engine);
    }

    /** @return the connections: for what JPA cannot do, such as listening for other nodes' notifications */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Runs {@code work} in a transaction: the current one if there is one, else a new one that
     * commits when {@code work} returns and rolls back when it throws. Only the outermost call
     * commits; then the actions given to {@link #postCommit} run. A unique-key violation becomes
     * the {@code conflict}: a change that met a concurrent one says so with a message key, so
     * that a person reads it in their language. Within a read scope ({@link #supports},
     * {@link #notSupported}) this begins a transaction of its own, as Transaction Control's
     * {@code required} does.
     */
    public <T> T required(Supplier<ConflictException> conflict, Supplier<T> work) {
        Scope outer = scope.get();
        if (outer != null && outer.transaction != null) {
            try {
                return work.get();
            } catch (PersistenceException e) {
                if (isUniqueViolation(e)) {
                    throw conflict.get();
                }
                throw e;
            }
        }
        EntityManager em = emf.createEntityManager();
        Scope mine = new Scope(em, em.getTransaction());
        scope.set(mine);
        T result;
        try {
            mine.transaction.begin();
            result = work.get();
            em.flush();
            mine.transaction.commit();
        } catch (PersistenceException e) {
            if (isUniqueViolation(e)) {
                throw conflict.get();
            }
            throw e;
        } finally {
            try {
                if (mine.transaction.isActive()) {
                    mine.transaction.rollback();
                }
            } finally {
                em.close();
                restore(outer);
            }
        }
        // Outside the finished scope: an action that uses the database begins a scope of its own.
        for (Runnable action : mine.postCommit) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.error("After-commit action failed", e);
            }
        }
        return result;
    }

    /**
     * Runs {@code work} in the current scope (read or write), else in a read scope of its own:
     * a fresh entity manager without a transaction, closed when {@code work} returns.
     */
    public <T> T supports(Supplier<T> work) {
        return scope.get() != null ? work.get() : notSupported(work);
    }

    /**
     * Runs {@code work} in a read scope of its own, whatever scope is current: a fresh entity
     * manager on a connection of its own, outside any transaction around it, so that it never
     * reads that transaction's uncommitted changes (Derby makes it wait for rows the transaction
     * wrote, so such work must not read them). The current scope is suspended meanwhile and
     * resumed afterwards.
     */
    public <T> T notSupported(Supplier<T> work) {
        for (int attempt = 1;; attempt++) {
            try {
                return readScope(work);
            } catch (RuntimeException e) {
                // A read that Derby picked as a deadlock's victim (a cascade delete holding rows it
                // reads, waiting for the table): it holds nothing any more, and reads again.
                if (attempt >= READ_ATTEMPTS || !deadlockVictim(e)) {
                    throw e;
                }
                LOG.debug("A read was a deadlock's victim; reading again (attempt {})", attempt + 1);
            }
        }
    }

    /** How often a read that was a deadlock's victim runs at most. */
    private static final int READ_ATTEMPTS = 3;

    private static boolean deadlockVictim(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "40001".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Derby looks for a deadlock only after a lock wait of {@code derby.locks.deadlockTimeout}
     * (20 s by default): a read caught in one would hang an overview that long. Two seconds
     * (a database property, in effect at once) let it fail fast, and {@link #notSupported}
     * reads again.
     */
    private static void detectDeadlocksEarly(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
            CallableStatement call = c.prepareCall("CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.locks.deadlockTimeout', '2')")) {
            call.execute();
        }
    }

    private <T> T readScope(Supplier<T> work) {
        Scope outer = scope.get();
        EntityManager em = emf.createEntityManager();
        scope.set(new Scope(em, null));
        try {
            return work.get();
        } finally {
            try {
                em.close();
            } finally {
                restore(outer);
            }
        }
    }

    /**
     * @return the entity manager of the current scope
     * @throws IllegalStateException outside {@link #required}, {@link #supports} and {@link #notSupported}
     */
    public EntityManager em() {
        return current().em;
    }

    /** @return whether a transaction is active on this thread */
    public boolean activeTransaction() {
        Scope current = scope.get();
        return current != null && current.transaction != null;
    }

    /**
     * Runs {@code action} once the current transaction committed, after the actions given
     * before it; never after a rollback. A failing action is logged and does not stop the others.
     *
     * @throws IllegalStateException outside a transaction
     */
    public void postCommit(Runnable action) {
        transaction().postCommit.add(action);
    }

    /** Keeps {@code value} for the rest of the current transaction, for whoever asks by {@code key}. */
    public <V> void putScopedValue(Class<V> key, V value) {
        transaction().values.put(key, value);
    }

    /** @return what {@link #putScopedValue} keeps for {@code key} in the current transaction, or {@code null} */
    public <V> V getScopedValue(Class<V> key) {
        return key.cast(transaction().values.get(key));
    }

    private Scope current() {
        Scope current = scope.get();
        if (current == null) {
            throw new IllegalStateException("No database scope on this thread: run the work in Database.required or supports");
        }
        return current;
    }

    private Scope transaction() {
        Scope current = current();
        if (current.transaction == null) {
            throw new IllegalStateException("No transaction on this thread: run the work in Database.required");
        }
        return current;
    }

    private void restore(Scope outer) {
        if (outer == null) {
            scope.remove();
        } else {
            scope.set(outer);
        }
    }

    /** One thread's unit of work: an entity manager, with a transaction unless it only reads. */
    private static final class Scope {
        final EntityManager em;
        /** {@code null} in a read scope. */
        final EntityTransaction transaction;
        final List<Runnable> postCommit = new ArrayList<>();
        final Map<Class<?>, Object> values = new HashMap<>();

        Scope(EntityManager em, EntityTransaction transaction) {
            this.em = em;
            this.transaction = transaction;
        }
    }

    /** @return the data folder the database lives in */
    public Path dataDir() {
        return settings.dataDir();
    }

    /** @return whether the database answers a trivial query now (on the entities, so any engine runs it) */
    public boolean isHealthy() {
        try {
            return notSupported(() -> em().createQuery("SELECT COUNT(t) FROM TenantEntity t", Long.class).getSingleResult() != null);
        } catch (RuntimeException e) {
            return false;
        }
    }

    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLIntegrityConstraintViolationException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                if ("23505".equals(sql.getSQLState())) {
                    return true;
                }
                // a batch reports the row that failed as its next exception
                SQLException next = sql.getNextException();
                if (next != null && next != t && isUniqueViolation(next)) {
                    return true;
                }
            }
        }
        return false;
    }
}
