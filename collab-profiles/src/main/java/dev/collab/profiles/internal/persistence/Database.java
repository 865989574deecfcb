package dev.collab.profiles.internal.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;
import javax.persistence.PersistenceException;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.eclipse.persistence.jpa.PersistenceProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.collab.api.ConflictException;

/**
 * The suite's embedded Derby database and its EclipseLink persistence unit. EclipseLink is
 * bootstrapped in code rather than through a JPA extender: the data folder comes from
 * configuration, and the unit must see this bundle's class loader (entities are private).
 * Deactivation shuts the database down, so that stopping or updating the bundle releases the
 * files and a later activation (or another process) can open them.
 */
@Component(service = Database.class, configurationPid = Database.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = DatabaseConfiguration.class)
public final class Database {
    public static final String PID = "dev.collab.persistence";
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final EmbeddedDataSource dataSource;
    private final Path dataDir;
    private final EntityManagerFactory emf;

    @Activate
    public Database(DatabaseConfiguration config) {
        Path dir = Path.of(config.dataDir()).toAbsolutePath().normalize();
        this.dataDir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data folder " + dir, e);
        }
        // Derby reads this once, when its engine boots; without it derby.log lands in the working directory.
        if (System.getProperty("derby.stream.error.file") == null) {
            System.setProperty("derby.stream.error.file", dir.resolve("derby.log").toString());
        }
        dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName(dir.resolve("db").toString());
        dataSource.setCreateDatabase("create");

        try {
            Schema.migrate(dataSource);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot open the database in " + dir + ": " + e.getMessage(), e);
        }

        Map<String, Object> props = new HashMap<>();
        ClassLoader loader = Database.class.getClassLoader();
        props.put("eclipselink.classloader", loader);
        props.put("javax.persistence.nonJtaDataSource", dataSource);
        props.put("eclipselink.target-database", "Derby");
        props.put("eclipselink.weaving", "false");
        props.put("eclipselink.logging.level", config.logLevel());
        props.put("eclipselink.logging.logger", "JavaLogger");
        props.put("eclipselink.cache.shared.default", "false");

        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            emf = new PersistenceProvider().createEntityManagerFactory("collab", props);
            // Connect now: a locked or broken database must fail activation, not the first request.
            emf.createEntityManager().close();
        } finally {
            thread.setContextClassLoader(previous);
        }
        LOG.info("Database open at {}", dir);
    }

    @Deactivate
    void close() {
        emf.close();
        dataSource.setCreateDatabase(null);
        dataSource.setShutdownDatabase("shutdown");
        try {
            dataSource.getConnection().close();
        } catch (SQLException expected) {
            // Derby reports a successful shutdown as SQLState 08006.
            if (!"08006".equals(expected.getSQLState())) {
                LOG.warn("Database shutdown: {}", expected.getMessage());
            }
        }
    }

    /**
     * Runs {@code work} in one transaction and commits it; rolls back on any exception.
     * A unique-key violation becomes the {@code conflict}: a change that met a concurrent one
     * says so with a message key, so that a person reads it in their language.
     */
    public <T> T write(Supplier<ConflictException> conflict, Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            em.flush();
            tx.commit();
            return result;
        } catch (PersistenceException e) {
            if (isUniqueViolation(e)) {
                throw conflict.get();
            }
            throw e;
        } finally {
            if (tx.isActive()) {
                tx.rollback();
            }
            em.close();
        }
    }

    /** Runs {@code work} against a fresh entity manager without a transaction. */
    public <T> T read(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            return work.apply(em);
        } finally {
            em.close();
        }
    }

    /** @return the data folder the database lives in */
    public Path dataDir() {
        return dataDir;
    }

    /** @return whether the database answers a trivial query now */
    public boolean isHealthy() {
        try {
            return read(em -> em.createNativeQuery("VALUES 1").getSingleResult() != null);
        } catch (RuntimeException e) {
            return false;
        }
    }

    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLIntegrityConstraintViolationException) {
                return true;
            }
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
