package dev.collab.web.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.collab.api.NotPermittedException;
import dev.collab.api.TooManyAttemptsException;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.accounts.Account;
import dev.collab.api.accounts.Credentials;
import dev.collab.api.accounts.PasswordResetInfo;
import dev.collab.api.accounts.Principal;
import dev.collab.api.customers.Customer;
import dev.collab.api.invitations.InvitationGoneException;
import dev.collab.api.invitations.InvitationInfo;

/**
 * Who may come in: sign-in and sign-out, registration behind the mailed link, "Passwort
 * ändern" and "Passwort vergessen". Whether a login is right is always the highest-ranked
 * {@link dev.collab.api.accounts.Authenticator}'s decision (a host's, when it has one), asked
 * with the same HTTP Basic credentials the REST API takes; its throttling applies here too.
 */
final class AccountPages {
    /** Where the sign-in may lead instead of home: screens a mail links to. */
    private static final java.util.Set<String> NEXT = java.util.Set.of("/review");
    private static final int MAX_TOKEN = 200;
    private final Services services;

    AccountPages(Services services) {
        this.services = services;
    }

    void signInForm(Exchange x) throws IOException {
        signInPage(x, 200, null, x.rememberedTenant(), "");
    }

    /**
     * The sign-in form on a page that needs it (the mailed link of "Zugriffe überprüfen"): after
     * signing in the user lands there rather than at home. Only the screens in {@link #NEXT} are
     * offered, so the field cannot send anyone elsewhere.
     */
    void signInForm(Exchange x, String next) throws IOException {
        Map<String, Object> model = x.model();
        model.put("tenant", x.rememberedTenant());
        model.put("email", "");
        model.put("next", NEXT.contains(next) ? next : "");
        x.render(200, "signin", model);
    }

    void signIn(Exchange x) throws IOException {
        String tenant = x.param("tenant").trim();
        String email = x.param("email").trim();
        String password = x.param("password");
        if (email.isEmpty() || password.isEmpty()) {
            signInPage(x, 400, x.text("signInFailed"), tenant, email);
            return;
        }
        Optional<Principal> principal;
        try {
            principal = authenticate(tenant.isEmpty() ? null : tenant, email, password, x.client());
        } catch (TooManyAttemptsException e) {
            x.response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
            signInPage(x, 429, x.format("tooMany", e.retryAfterSeconds()), tenant, email);
            return;
        }
        if (principal.isEmpty()) {
            signInPage(x, 200, x.text("signInFailed"), tenant, email);
            return;
        }
        x.signIn(principal.get());
        String next = x.param("next");
        x.redirect(NEXT.contains(next) ? next : "/");
    }

    /** Refused for a missing or wrong CSRF token: the form again, with a fresh token. */
    void signInRefused(Exchange x) throws IOException {
        signInPage(x, 403, x.text("sessionExpired"), x.param("tenant").trim(), x.param("email").trim());
    }

    void signOut(Exchange x) {
        x.signOut();
        x.flash(x.text("signedOut"));
        x.redirect("/");
    }

    void registerForm(Exchange x) throws IOException {
        String token = x.param("token");
        InvitationInfo info = invitationInfo(x, token);
        if (info != null) {
            registerPage(x, 200, token, info, null, Map.of());
        }
    }

    void register(Exchange x) throws IOException {
        String token = x.param("token");
        String password = x.param("password");
        InvitationInfo info = invitationInfo(x, token);
        if (info == null) {
            return;
        }
        if (password.isEmpty()) {
            registerPage(x, 400, token, info, null, Map.of("password", x.text("passwordRequired")));
            return;
        }
        if (!info.accountExists() && !password.equals(x.param("password2"))) {
            registerPage(x, 400, token, info, null, Map.of("password2", x.text("passwordsDiffer")));
            return;
        }
        char[] secret = password.toCharArray();
        Account account;
        try {
            account = services.invitations().accept(token, secret, null, x.client());
        } catch (UnknownResourceException | InvitationGoneException e) {
            invalidLink(x, "linkInvalidText");
            return;
        } catch (NotPermittedException e) {
            registerPage(x, 400, token, info, null, Map.of("password", x.text("passwordWrong")));
            return;
        } catch (ValidationException e) {
            registerPage(x, 400, token, info, null, Map.of("password", x.text("passwordRule")));
            return;
        } catch (TooManyAttemptsException e) {
            registerPage(x, 429, token, info, x.format("tooMany", e.retryAfterSeconds()), Map.of());
            return;
        } finally {
            Arrays.fill(secret, '\0');
        }
        x.rememberTenant(info.tenant());
        // signed in only if the login in charge agrees: a host's authenticator may not know the new account
        Optional<Principal> principal;
        try {
            principal = authenticate(info.tenant(), account.email(), password, x.client());
        } catch (TooManyAttemptsException e) {
            principal = Optional.empty();
        }
        if (principal.isPresent()) {
            x.signIn(principal.get());
            x.flash(x.text("registered"));
        } else {
            x.flash(x.text("registeredSignIn"));
        }
        x.redirect("/");
    }

    void passwordForm(Exchange x) throws IOException {
        Map<String, Object> model = x.model();
        x.render(200, "password", model);
    }

    void changePassword(Exchange x) throws IOException {
        Principal principal = x.principal();
        String current = x.param("current");
        String password = x.param("password");
        if (current.isEmpty()) {
            passwordPage(x, 400, null, Map.of("current", x.text("passwordRequired")));
            return;
        }
        if (password.isEmpty() || !password.equals(x.param("password2"))) {
            passwordPage(x, 400, null, Map.of(password.isEmpty() ? "password" : "password2",
                x.text(password.isEmpty() ? "passwordRequired" : "passwordsDiffer")));
            return;
        }
        char[] old = current.toCharArray();
        char[] next = password.toCharArray();
        try {
            services.accounts().changePassword(principal.tenantId(), principal.accountId(), old, next);
        } catch (NotPermittedException e) {
            passwordPage(x, 400, null, Map.of("current", x.text("passwordWrong")));
            return;
        } catch (ValidationException e) {
            passwordPage(x, 400, null, Map.of("password", x.text("passwordRule")));
            return;
        } catch (TooManyAttemptsException e) {
            x.response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
            passwordPage(x, 429, x.format("tooMany", e.retryAfterSeconds()), Map.of());
            return;
        } finally {
            Arrays.fill(old, '\0');
            Arrays.fill(next, '\0');
        }
        // whoever else was signed in with the old password is out; this browser stays, under a new id
        x.endAllSessions(principal.tenantId(), principal.accountId(), x.session().id());
        x.signIn(principal);
        x.flash(x.text("passwordChanged"));
        x.redirect("/");
    }

    void forgotForm(Exchange x) throws IOException {
        Map<String, Object> model = x.model();
        model.put("tenant", x.rememberedTenant());
        x.render(200, "forgot", model);
    }

    void forgot(Exchange x) throws IOException {
        String tenant = x.param("tenant").trim();
        String email = x.param("email").trim();
        Map<String, Object> model = x.model();
        model.put("tenant", tenant);
        model.put("email", email);
        Map<String, String> errors = new HashMap<>();
        if (tenant.isEmpty()) {
            errors.put("tenant", x.text("required"));
        }
        if (email.isEmpty()) {
            errors.put("email", x.text("required"));
        }
        if (errors.isEmpty()) {
            try {
                services.resets().request(tenant, email, x.language, x.client());
                model.put("sent", Boolean.TRUE);
            } catch (ValidationException e) {
                errors.put("email", x.text("emailInvalid"));
            } catch (TooManyAttemptsException e) {
                x.response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
                model.put("formError", x.format("tooMany", e.retryAfterSeconds()));
                x.render(429, "forgot", model);
                return;
            }
        }
        model.put("errors", errors);
        x.render(errors.isEmpty() ? 200 : 400, "forgot", model);
    }

    void resetForm(Exchange x) throws IOException {
        String token = x.param("token");
        PasswordResetInfo info = resetInfo(x, token);
        if (info != null) {
            resetPage(x, 200, token, info, null, Map.of());
        }
    }

    void reset(Exchange x) throws IOException {
        String token = x.param("token");
        PasswordResetInfo info = resetInfo(x, token);
        if (info == null) {
            return;
        }
        String password = x.param("password");
        if (password.isEmpty() || !password.equals(x.param("password2"))) {
            resetPage(x, 400, token, info, null, Map.of(password.isEmpty() ? "password" : "password2",
                x.text(password.isEmpty() ? "passwordRequired" : "passwordsDiffer")));
            return;
        }
        char[] next = password.toCharArray();
        Account account;
        try {
            account = services.resets().reset(token, next, x.client());
        } catch (UnknownResourceException e) {
            invalidLink(x, "resetInvalidText");
            return;
        } catch (ValidationException e) {
            resetPage(x, 400, token, info, null, Map.of("password", x.text("passwordRule")));
            return;
        } catch (TooManyAttemptsException e) {
            tooMany(x, e);
            return;
        } finally {
            Arrays.fill(next, '\0');
        }
        x.endAllSessions(account.tenantId(), account.id(), null);
        x.rememberTenant(account.tenantId());
        x.flash(x.text("passwordReset"));
        x.redirect("/");
    }

    /** What the token offers, or {@code null} after answering with the invalid-link or wait page. */
    private InvitationInfo invitationInfo(Exchange x, String token) throws IOException {
        if (!plausible(token)) {
            invalidLink(x, "linkInvalidText");
            return null;
        }
        try {
            return services.invitations().inspect(token, x.client());
        } catch (UnknownResourceException | InvitationGoneException e) {
            invalidLink(x, "linkInvalidText");
        } catch (TooManyAttemptsException e) {
            tooMany(x, e);
        }
        return null;
    }

    private PasswordResetInfo resetInfo(Exchange x, String token) throws IOException {
        if (!plausible(token)) {
            invalidLink(x, "resetInvalidText");
            return null;
        }
        try {
            return services.resets().inspect(token, x.client());
        } catch (UnknownResourceException e) {
            invalidLink(x, "resetInvalidText");
        } catch (TooManyAttemptsException e) {
            tooMany(x, e);
        }
        return null;
    }

    private Optional<Principal> authenticate(String tenant, String login, String password, String client) {
        // the Basic form the REST API takes: ':' ends the login, so a login holding one cannot match
        if (login.indexOf(':') >= 0) {
            return Optional.empty();
        }
        byte[] pair = (login + ":" + password).getBytes(StandardCharsets.UTF_8);
        String header = "Basic " + Base64.getEncoder().encodeToString(pair);
        Arrays.fill(pair, (byte) 0);
        return services.authenticator().authenticate(new Credentials(tenant, header, client));
    }

    private static boolean plausible(String token) {
        return !token.isEmpty() && token.length() <= MAX_TOKEN && token.chars().allMatch(c ->
            c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_');
    }

    private void signInPage(Exchange x, int status, String error, String tenant, String email) throws IOException {
        Map<String, Object> model = x.model();
        model.put("tenant", tenant);
        model.put("email", email);
        if (error != null) {
            model.put("formError", error);
        }
        x.render(status, "signin", model);
    }

    private void registerPage(Exchange x, int status, String token, InvitationInfo info, String error,
        Map<String, String> errors) throws IOException {
        Map<String, Object> model = x.model();
        Map<String, Object> invitation = new HashMap<>();
        String broker = info.tenantName() == null ? info.tenant() : info.tenantName();
        invitation.put("broker", broker);
        // nobody's e-mail when the broker's staff invited: the broker is who invites then
        invitation.put("inviter", info.invitedBy() == null ? broker : info.invitedBy());
        invitation.put("role", info.profile() == null ? "–" : info.profile());
        List<Customer> customers = info.customers() == null ? List.of() : info.customers();
        invitation.put("customers", customers.stream().map(Customer::name).toList());
        invitation.put("email", info.email());
        invitation.put("expires", x.time(info.expiresAt(), info.tenant()));
        invitation.put("accountExists", info.accountExists());
        model.put("invitation", invitation);
        model.put("token", token);
        model.put("errors", errors);
        if (error != null) {
            model.put("formError", error);
        }
        x.render(status, "register", model);
    }

    private void passwordPage(Exchange x, int status, String error, Map<String, String> errors) throws IOException {
        Map<String, Object> model = x.model();
        model.put("errors", errors);
        if (error != null) {
            model.put("formError", error);
        }
        x.render(status, "password", model);
    }

    private void resetPage(Exchange x, int status, String token, PasswordResetInfo info, String error,
        Map<String, String> errors) throws IOException {
        Map<String, Object> model = x.model();
        model.put("intro", x.format("resetFor", info.email()));
        model.put("token", token);
        model.put("errors", errors);
        if (error != null) {
            model.put("formError", error);
        }
        x.render(status, "reset", model);
    }

    /** One page for every link that does not work: it names nobody and no tenant. */
    private static void invalidLink(Exchange x, String textKey) throws IOException {
        x.message(404, "linkInvalidTitle", textKey, "link-invalid");
    }

    private static void tooMany(Exchange x, TooManyAttemptsException e) throws IOException {
        x.response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        Map<String, Object> model = x.model();
        model.put("heading", x.text("errorTitle"));
        model.put("text", x.format("tooMany", e.retryAfterSeconds()));
        model.put("headingId", "too-many");
        x.render(429, "message", model);
    }
}
