package dev.collab.boot.internal;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Applies the launcher contract once at start: the HTTP port, the data folder, and the deploy
 * folder that FileInstall watches for the suite's bundles. Everything is configuration through
 * ConfigAdmin, so that the parts themselves know nothing of environment variables; a
 * configuration is only written when its values change, so a restart does not bounce Jetty or
 * the database.
 */
@Component(immediate = true)
public final class ContainerSetup {
    static final String HTTP_PID = "org.apache.felix.http";
    static final String DATABASE_PID = "dev.collab.persistence";
    static final String OUTBOX_SEAL_PID = "dev.collab.outbox.seal";
    static final String HOST_PID = "dev.collab.host";
    static final String MAIL_PID = "dev.collab.mail";
    static final String MAIL_FILE_PID = "dev.collab.mail.file";
    static final String MAIL_SMTP_PID = "dev.collab.mail.smtp";
    static final String WEB_PID = "dev.collab.web";
    static final String FILEINSTALL_FACTORY = "org.apache.felix.fileinstall";
    /** Lets any bundle of the container see these configurations, whichever bundle reads them first. */
    private static final String ANY_LOCATION = "?";
    /**
     * This component runs before SLF4J has its provider (see cnf/run-common.bnd), so it logs
     * through java.util.logging, whose levels it sets; the logger is held so that its level sticks.
     */
    private final Logger log = Logger.getLogger("dev.collab.boot");
    /**
     * CXF warns "Can't find the request for …'s Observer" for every request to a path none of its
     * endpoints serves: at each start a health probe meets the whiteboard before it published the
     * application (the fallback answers 503), and an unknown path gets its 404 problem anyway. A
     * line per request is noise in the console; held so that its level sticks.
     */
    private final Logger cxfServlet = Logger.getLogger("org.apache.cxf.transport.servlet.ServletController");

    @Activate
    public ContainerSetup(BundleContext context, @Reference ConfigurationAdmin configAdmin) throws IOException {
        Settings settings = Settings.read(context::getProperty, System::getenv);
        consoleOnlyOnATerminal(context);
        quietJavaLogging();
        LogRedaction.install();
        log.setLevel(Level.INFO);
        cxfServlet.setLevel(Level.SEVERE);

        Dictionary<String, Object> http = new Hashtable<>();
        http.put("org.apache.felix.http.enable", true);
        http.put("org.osgi.service.http.port", settings.httpPort());
        http.put("org.apache.felix.http.jetty.sendServerHeader", false);
        update(configAdmin.getConfiguration(HTTP_PID, ANY_LOCATION), http);

        Dictionary<String, Object> database = new Hashtable<>();
        database.put("dataDir", settings.dataDir().toString());
        // Always written, empty for the embedded database: a start without COLLAB_DB_URL after one with it
        // must not keep the former URL (only the keys given are compared and replaced).
        database.put("url", settings.db() == null ? "" : settings.db().url());
        database.put("user", settings.db() == null ? "" : settings.db().user());
        database.put(".password", settings.db() == null ? "" : settings.db().password());
        update(configAdmin.getConfiguration(DATABASE_PID, ANY_LOCATION), database);

        // Nodes of a cluster share one outbox, so they share the key that seals its tokens (COLLAB_OUTBOX_KEY).
        Dictionary<String, Object> seal = new Hashtable<>();
        seal.put(".key", settings.outboxKey());
        update(configAdmin.getConfiguration(OUTBOX_SEAL_PID, ANY_LOCATION), seal);

        // The embedded host defaults keep the host's data (customers, mailbox) apart from the suite's.
        Dictionary<String, Object> host = new Hashtable<>();
        host.put("dataDir", settings.dataDir().resolve("host").toString());
        update(configAdmin.getConfiguration(HOST_PID, ANY_LOCATION), host);

        Dictionary<String, Object> mail = new Hashtable<>();
        mail.put("baseUrl", settings.baseUrl());
        mail.put("from", settings.mailFrom());
        update(configAdmin.getConfiguration(MAIL_PID, ANY_LOCATION), mail);

        // The screens mark their cookies Secure when the public base is https. Their session
        // timeouts are the operator's (dev.collab.web.sessions), not set here.
        Dictionary<String, Object> web = new Hashtable<>();
        web.put("baseUrl", settings.baseUrl());
        update(configAdmin.getConfiguration(WEB_PID, ANY_LOCATION), web);

        // Exactly one transport is configured: without SMTP settings mails are written to
        // <data>/outbox-mail as .eml files; with them the SMTP transport delivers.
        Configuration files = configAdmin.getConfiguration(MAIL_FILE_PID, ANY_LOCATION);
        Configuration smtp = configAdmin.getConfiguration(MAIL_SMTP_PID, ANY_LOCATION);
        if (settings.smtp() == null) {
            if (smtp.getProperties() != null) {
                smtp.delete();
            }
            Dictionary<String, Object> folder = new Hashtable<>();
            folder.put("outboxDir", settings.dataDir().resolve("outbox-mail").toString());
            update(files, folder);
        } else {
            if (files.getProperties() != null) {
                files.delete();
            }
            // The SMTP password passes through ConfigAdmin because the transport needs it at every
            // connection; the launcher's environment is the only other place it lives.
            Dictionary<String, Object> server = new Hashtable<>();
            server.put("host", settings.smtp().host());
            server.put("port", settings.smtp().port());
            server.put("user", settings.smtp().user());
            // The leading dot keeps it out of the transport's published service properties.
            server.put(".password", settings.smtp().password());
            server.put("starttls", settings.smtp().starttls());
            update(smtp, server);
        }

        Enumeration<URL> entries = context.getBundle().findEntries("suite", "*.jar", false);
        List<URL> jars = entries == null ? List.of() : Collections.list(entries);
        if (SuiteDeployer.deploy(SuiteDeployer.read(jars), settings.deployDir())) {
            log.info("Placed " + jars.size() + " suite bundles in " + settings.deployDir());
        }

        Dictionary<String, Object> deploy = new Hashtable<>();
        deploy.put("felix.fileinstall.dir", settings.deployDir().toString());
        deploy.put("felix.fileinstall.filter", ".*\\.jar");
        deploy.put("felix.fileinstall.poll", "1000");
        deploy.put("felix.fileinstall.noInitialDelay", "true");
        deploy.put("felix.fileinstall.bundles.new.start", "true");
        deploy.put("felix.fileinstall.log.level", "3");
        update(configAdmin.getFactoryConfiguration(FILEINSTALL_FACTORY, "collab-suite", ANY_LOCATION), deploy);

        // Support provisions tenants with files: <config>/dev.collab.tenant-<name>.cfg.
        Files.createDirectories(settings.configDir());
        Dictionary<String, Object> config = new Hashtable<>();
        config.put("felix.fileinstall.dir", settings.configDir().toString());
        config.put("felix.fileinstall.filter", ".*\\.(cfg|config)");
        config.put("felix.fileinstall.poll", "1000");
        config.put("felix.fileinstall.noInitialDelay", "true");
        config.put("felix.fileinstall.enableConfigSave", "false");
        config.put("felix.fileinstall.log.level", "3");
        update(configAdmin.getFactoryConfiguration(FILEINSTALL_FACTORY, "collab-config", ANY_LOCATION), config);
        log.info("collab container: HTTP port " + settings.httpPort() + ", data " + settings.dataDir()
            + ", deploy " + settings.deployDir());
    }

    /**
     * CXF, EclipseLink and SPI Fly log through java.util.logging, whose default prints every
     * INFO line; a container's console should show warnings only. The JVM has one root logger,
     * so this is the launcher's decision, made once here.
     */
    private static void quietJavaLogging() {
        Logger.getLogger("").setLevel(Level.WARNING);
    }

    /**
     * The Gogo console (level 2) reads {@code gosh.args} when it starts. On a terminal it offers
     * support's {@code collab:*} commands; without one (a service, CI, {@code </dev/null}) an
     * interactive console would read end-of-input and stop the whole container, so it is told
     * not to be interactive. An explicit {@code -Dgosh.args} is left alone.
     */
    private static void consoleOnlyOnATerminal(BundleContext context) {
        if (context.getProperty("gosh.args") == null && System.console() == null) {
            System.setProperty("gosh.args", "--nointeractive");
        }
    }

    private static void update(Configuration configuration, Dictionary<String, Object> wanted) throws IOException {
        Dictionary<String, Object> current = configuration.getProperties();
        if (current != null && sameValues(current, wanted)) {
            return;
        }
        configuration.update(wanted);
    }

    private static boolean sameValues(Dictionary<String, Object> current, Dictionary<String, Object> wanted) {
        for (Enumeration<String> keys = wanted.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!Objects.equals(String.valueOf(current.get(key)), String.valueOf(wanted.get(key)))) {
                return false;
            }
        }
        return true;
    }
}
