package dev.collab.boot.internal;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
 * Makes sure the built-in {@code support} login exists whenever an account service is present:
 * with COLLAB_SUPPORT_PASSWORD it is set to that password; without, a random one is generated
 * at the very first start and printed once. The password never passes through ConfigAdmin,
 * whose files are not the place for a secret.
 * <p>
 * The call is quick (the account service checks the password in memory and stores its slow hash
 * later, off the start's path) but runs on a thread of its own all the same, as it waits for the
 * database: activated synchronously it would hold up FileInstall's thread. Meanwhile this
 * component is a health indicator that is down, so {@code /health} answers 200 only once the
 * support login works, and names "support" for good if the configured password is refused.
 */
@Component(immediate = true, service = HealthIndicator.class)
public final class SupportAccountSetup implements HealthIndicator {
    private final Logger log = Logger.getLogger("dev.collab.boot");
    private final Thread worker;
    private volatile boolean done;

    @Activate
    public SupportAccountSetup(BundleContext context, @Reference AccountService accounts) {
        Settings settings = Settings.read(context::getProperty, System::getenv);
        char[] password = settings.supportPassword() == null ? null : settings.supportPassword().toCharArray();
        worker = new Thread(() -> ensure(accounts, password), "collab-support-setup");
        worker.setDaemon(true);
        worker.start();
    }

    private void ensure(AccountService accounts, char[] password) {
        try {
            Optional<String> generated = accounts.ensureSupportAccount(password);
            generated.ifPresent(p -> System.out.println(String.join(System.lineSeparator(),
                "",
                "==================================================================",
                " collab: generated the password of the built-in 'support' login:",
                "   " + p,
                " It is shown only this once. To set your own, start with",
                " COLLAB_SUPPORT_PASSWORD=<password>.",
                "==================================================================",
                "")));
            done = true;
        } catch (RuntimeException e) {
            // e.g. a COLLAB_SUPPORT_PASSWORD the rules refuse: /health keeps naming "support"
            log.log(Level.SEVERE, "Cannot set up the built-in 'support' login: " + e.getMessage(), e);
        }
    }

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
