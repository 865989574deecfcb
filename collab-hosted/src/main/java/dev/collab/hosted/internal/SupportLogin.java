package dev.collab.hosted.internal;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import dev.collab.api.accounts.AccountService;
import dev.collab.api.health.HealthIndicator;

/**
 * The built-in {@code support} login in a host's container: what collab-boot's
 * SupportAccountSetup does in the standalone one, without its console. The password comes from
 * the framework property {@code collab.support.password} (Karaf: {@code etc/system.properties})
 * or the environment variable {@code COLLAB_SUPPORT_PASSWORD}, never from ConfigAdmin, whose
 * {@code etc/*.cfg} files are no place for a secret. Without either, a password is generated at
 * the very first start and announced once: a host's container usually runs without a console
 * (Karaf's {@code bin/start} sends standard output nowhere), so it goes to the log as well as to
 * standard output.
 * <p>
 * As in the standalone container the account service checks the password in memory and stores
 * its slow hash later; the call still runs on a thread of its own because it waits for the
 * database, and until it is done this health indicator is down.
 */
@Component(immediate = true, service = HealthIndicator.class)
public final class SupportLogin implements HealthIndicator {
    static final String PROPERTY = "collab.support.password";
    static final String VARIABLE = "COLLAB_SUPPORT_PASSWORD";
    private static final Logger LOG = Logger.getLogger("dev.collab.hosted");
    private final Thread worker;
    private volatile boolean done;

    @Activate
    public SupportLogin(BundleContext context, @Reference AccountService accounts) {
        this(accounts, context::getProperty, System::getenv, SupportLogin::announce);
    }

    SupportLogin(AccountService accounts, UnaryOperator<String> properties, UnaryOperator<String> environment,
        Consumer<String> announcer) {
        char[] password = password(properties, environment);
        worker = new Thread(() -> ensure(accounts, password, announcer), "collab-support-login");
        worker.setDaemon(true);
        worker.start();
    }

    static char[] password(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        String value = properties.apply(PROPERTY);
        if (value == null || value.isBlank()) {
            value = environment.apply(VARIABLE);
        }
        return value == null || value.isBlank() ? null : value.toCharArray();
    }

    private void ensure(AccountService accounts, char[] password, Consumer<String> announcer) {
        try {
            Optional<String> generated = accounts.ensureSupportAccount(password);
            generated.ifPresent(announcer);
            done = true;
        } catch (RuntimeException e) {
            // e.g. a password the rules refuse: /health keeps naming "support"
            LOG.log(Level.SEVERE, "Cannot set up the built-in 'support' login: " + e.getMessage(), e);
        }
    }

    private static void announce(String password) {
        String text = "collab: generated the password of the built-in 'support' login: " + password
            + " (shown only this once; to set your own, give the framework property " + PROPERTY
            + " in etc/system.properties or the environment variable " + VARIABLE + " and restart)";
        System.out.println(text);
        // one line, so that the log keeps it whole
        LOG.warning(text);
    }

    /** Waits briefly for a set-up in progress, so that a stop does not cut the account's creation short. */
    @Deactivate
    void deactivate() throws InterruptedException {
        worker.join(TimeUnit.SECONDS.toMillis(10));
    }

    @Override
    public String component() {
        return "support";
    }

    @Override
    public boolean isUp() {
        return done;
    }
}
