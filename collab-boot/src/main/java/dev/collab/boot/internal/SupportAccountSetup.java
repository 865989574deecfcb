package dev.collab.boot.internal;

import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.collab.api.accounts.AccountService;

/**
 * Makes sure the built-in {@code support} login exists whenever an account service is present:
 * with COLLAB_SUPPORT_PASSWORD it is set to that password; without, a random one is generated
 * at the very first start and printed once. The password never passes through ConfigAdmin,
 * whose files are not the place for a secret.
 */
@Component(immediate = true)
public final class SupportAccountSetup {

    @Activate
    public SupportAccountSetup(BundleContext context, @Reference AccountService accounts) {
        Settings settings = Settings.read(context::getProperty, System::getenv);
        char[] password = settings.supportPassword() == null ? null : settings.supportPassword().toCharArray();
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
    }
}
