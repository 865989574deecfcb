package dev.collab.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.eclipse.persistence.jpa.PersistenceProvider;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.transaction.control.ScopedWorkException;
import org.osgi.service.transaction.control.TransactionControl;
import org.osgi.service.transaction.control.TransactionStatus;
import org.osgi.service.transaction.control.jpa.JPAEntityManagerProvider;
import org.osgi.service.transaction.control.jpa.JPAEntityManagerProviderFactory;

/**
 * Issue 12 asked whether Aries Transaction Control runs on this stack (EclipseLink 2.7 on JPA
 * 2.2, Derby 10.16, Felix 7), rather than taking the README's word that it was never proven.
 * The container boots as always, plus Aries Tx Control 1.0.1 (the local service and the local
 * JPA resource provider); the test runs EclipseLink through it against a Derby database.
 *
 * <p>What it takes: the JPA provider requires the {@code osgi.contract} JavaJPA in version 2
 * or 2.1 and refuses any provider that also offers 2.2, and the JPA 2.2 API bundle EclipseLink
 * 2.7 needs offers no contract at all. A bundle that offers the 2.1 contract over the 2.2
 * packages (2.2 only adds to 2.1) lets it resolve; see the README's deviations for why the
 * suite still keeps its own seam.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TransactionControlIT extends CollabIT {

    @Configuration
    @Override
    public Option[] config() {
        List<Option> options = new ArrayList<>(Arrays.asList(CollabContainer.options()));
        options.add(bundle(onTestClasspath("tx-control-service-local").toURI().toString()));
        options.add(bundle(onTestClasspath("tx-control-provider-jpa-local").toURI().toString()));
        options.add(bundle(jpaContractBundle().toUri().toString()));
        return options.toArray(Option[]::new);
    }

    @Test
    public void eclipseLinkCommitsRollsBackAndJoinsUnderAriesTransactionControl() throws Exception {
        TransactionControl tx = service(TransactionControl.class);
        JPAEntityManagerProviderFactory factory = service(JPAEntityManagerProviderFactory.class);
        Bundle jpaProvider = FrameworkUtil.getBundle(factory.getClass());
        List<String> contractFrom = jpaProvider.adapt(BundleWiring.class).getRequiredWires("osgi.contract").stream()
            .map(wire -> wire.getProvider().getSymbolicName()).distinct().toList();
        assertEquals("only the added contract satisfies the provider's JavaJPA 2.1 requirement",
            List.of("dev.collab.itests.jpa-contract"), contractFrom);

        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:txc");
        dataSource.setCreateDatabase("create");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE TXC_NOTE (ID VARCHAR(36) PRIMARY KEY, TEXT VARCHAR(200))");
        }
        EntityManagerFactory emf = entityManagerFactory(dataSource);
        JPAEntityManagerProvider provider = factory.getProviderFor(emf, null);
        EntityManager em = provider.getResource(tx);

        tx.required(() -> {
            em.persist(new TxcNote("1", "committed"));
            return null;
        });
        assertEquals(1L, count(tx, em));

        try {
            tx.required(() -> {
                em.persist(new TxcNote("2", "rolled back"));
                em.flush();
                throw new IllegalStateException("refused");
            });
            fail("the work threw");
        } catch (ScopedWorkException e) {
            assertEquals("refused", e.getCause().getMessage());
        }
        assertEquals("a failed scope leaves nothing behind", 1L, count(tx, em));

        List<TransactionStatus> completions = new CopyOnWriteArrayList<>();
        tx.required(() -> {
            tx.getCurrentContext().postCompletion(completions::add);
            // A nested required scope joins the outer transaction: one commit for both notes.
            tx.required(() -> {
                em.persist(new TxcNote("3", "nested"));
                return null;
            });
            em.persist(new TxcNote("4", "outer"));
            return null;
        });
        assertEquals(List.of(TransactionStatus.COMMITTED), completions);
        assertEquals(3L, count(tx, em));

        // A duplicate key reaches the caller as the persistence exception Database maps to a conflict.
        try {
            tx.required(() -> {
                em.persist(new TxcNote("1", "again"));
                em.flush();
                return null;
            });
            fail("the key exists");
        } catch (ScopedWorkException e) {
            assertTrue(String.valueOf(e.getCause()), e.getCause() instanceof PersistenceException);
        }
        assertEquals(3L, count(tx, em));
        emf.close();
    }

    private static long count(TransactionControl tx, EntityManager em) {
        return tx.supports(() -> em.createQuery("SELECT COUNT(n) FROM TxcNote n", Long.class).getSingleResult());
    }

    /** EclipseLink bootstrapped as the suite's {@code Database} does, on this probe's persistence unit. */
    private static EntityManagerFactory entityManagerFactory(EmbeddedDataSource dataSource) {
        ClassLoader loader = TxcNote.class.getClassLoader();
        Map<String, Object> props = new HashMap<>();
        props.put("eclipselink.classloader", loader);
        props.put("eclipselink.persistencexml", "META-INF/txc-persistence.xml");
        props.put("javax.persistence.nonJtaDataSource", dataSource);
        props.put("eclipselink.target-database", "Derby");
        props.put("eclipselink.weaving", "false");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return new PersistenceProvider().createEntityManagerFactory("txc", props);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private <T> T service(Class<T> type) {
        Await.until(type.getSimpleName(), Duration.ofSeconds(20), () -> context.getServiceReference(type) != null);
        ServiceReference<T> reference = context.getServiceReference(type);
        return context.getService(reference);
    }

    private static File onTestClasspath(String artifact) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (new File(entry).getName().startsWith(artifact + "-")) {
                return new File(entry);
            }
        }
        throw new IllegalStateException(artifact + " is not on the test class path (a test dependency of collab-itests)");
    }

    /** A bundle that offers the JavaJPA 2.1 contract over the JPA 2.2 packages the container exports. */
    private static Path jpaContractBundle() {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "dev.collab.itests.jpa-contract");
        main.putValue("Bundle-Version", "2.1.0");
        String packages = "javax.persistence,javax.persistence.criteria,javax.persistence.metamodel,javax.persistence.spi";
        main.putValue("Import-Package", packages.replace(",", ";version=\"[2.2,3)\",") + ";version=\"[2.2,3)\"");
        main.putValue("Provide-Capability", "osgi.contract;osgi.contract=JavaJPA;version:List<Version>=\"2.1,2\";uses:=\""
            + packages + "\"");
        try {
            Path jar = Files.createTempFile(Path.of("target").toAbsolutePath(), "jpa-contract-", ".jar");
            try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
                return jar;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
