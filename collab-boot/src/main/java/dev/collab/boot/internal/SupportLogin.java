package dev.collab.boot.internal;

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
 * Makes sure the built-in {@code support} login exists whenever an account service is present, in
 * the standalone container and in a host's (collab-hosted includes this package): with a
 * password from the framework property {@code collab.support.password} (Karaf:
 * {@code etc/system.properties}) or the environment variable {@code COLLAB_SUPPORT_PASSWORD} it
 * is set to that password; without, a random one is generated at the very first start and
 * announced once, on standard output (the standalone container's console) and as one log line
 * (a host's container often has no console: Karaf's {@code bin/start} sends standard output
 * nowhere). The password never passes through ConfigAdmin, whose files are no place for a secret.
 * <p>
 * The account service checks the password in memory and stores its slow hash later, off the
 * start's path; the call still runs on a thread of its own because it waits for the database,
 * which would otherwise hold up FileInstall's thread. Until it is done this health indicator is
 * down, so {@code /health} answers 200 only once the support login works, and names "support"
 * for good if the configured password is refused.
 */
@Component(immediate = true, service = HealthIndicator.class)
public final class SupportLogin implements HealthIndicator {
    static final String PROPERTY = "collab.support.password";
    static final String VARIABLE = "COLLAB_SUPPORT_PASSWORD";
    private static final Logger LOG = Logger.getLogger("dev.collab.boot");
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
        System.out.println(String.join(System.lineSeparator(),
            "",
            "==================================================================",
            " collab: generated the password of the built-in 'support' login:",
            "   " + password,
            " It is shown only this once. To set your own, start with",
            " COLLAB_SUPPORT_PASSWORD=<password> (or the framework property",
            " " + PROPERTY + ").",
            "==================================================================",
            ""));
        // one line, so that a log keeps it whole
        LOG.warning("collab: generated the password of the built-in 'support' login: " + password
            + " (shown only this once; to set your own, give the framework property " + PROPERTY
            + " or the environment variable " + VARIABLE + " and restart)");
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
