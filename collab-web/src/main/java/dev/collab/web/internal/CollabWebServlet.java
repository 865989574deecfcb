package dev.collab.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletMultipart;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.collab.api.CollabException;
import dev.collab.api.FieldError;
import dev.collab.api.ProblemWording;
import dev.collab.api.TemporarilyUnavailableException;
import dev.collab.api.access.AccessDecisions;
import dev.collab.api.accounts.AccountService;
import dev.collab.api.accounts.ActivityRecorder;
import dev.collab.api.accounts.Authenticator;
import dev.collab.api.accounts.PasswordResets;
import dev.collab.api.accounts.Principal;
import dev.collab.api.accounts.Role;
import dev.collab.api.audit.AuditLog;
import dev.collab.api.customers.CustomerDirectory;
import dev.collab.api.delegation.DelegationService;
import dev.collab.api.grants.GrantService;
import dev.collab.api.invitations.InvitationService;
import dev.collab.api.mailbox.Mailbox;
import dev.collab.api.profiles.ProfileService;
import dev.collab.api.profiles.RightsCatalog;
import dev.collab.api.tenants.TenantService;

/**
 * The screens under {@code /collab/} (the REST API's longer path {@code /collab/api/v1/*} is
 * not ours). Routes each request to its page, and is where every screen gets the same
 * protection: security headers with a strict Content-Security-Policy, a CSRF token and a
 * same-origin check on every POST, sign-in required where a page needs a user, and a 503 page
 * while a service it needs is away. Its references are dynamic: the suite's bundles may come
 * and go while it serves.
 */
@Component(service = Servlet.class, configurationPid = "dev.collab.web", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@HttpWhiteboardServletPattern("/collab/*")
// "Mehrere Mitarbeiter einladen" uploads a file; parts stay in memory (the threshold is above the
// part limit) and the limits are the page's (BulkInvitePage: MAX_PART, MAX_FORM)
@HttpWhiteboardServletMultipart(enabled = true, fileSizeThreshold = 1024 * 1024 + 1, maxFileSize = 1024 * 1024,
    maxRequestSize = 3 * 1024 * 1024)
@Designate(ocd = WebConfiguration.class)
public final class CollabWebServlet extends HttpServlet implements Services {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CollabWebServlet.class);
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final Pattern RESEND = Pattern.compile("/delegates/([A-Za-z0-9_-]{1,64})/resend");
    private static final Pattern HAND_OVER = Pattern.compile("/delegates/([A-Za-z0-9_-]{1,64})/hand-over");
    /** "Verlängern" a delegate's "gültig bis". */
    private static final Pattern EXTEND = Pattern.compile("/delegates/([A-Za-z0-9_-]{1,64})/extend");
    /** The admin's screens: a collection, one item of it, and an action on the item or on one of its members. */
    private static final Pattern ADMIN = Pattern.compile("/admin/(profiles|grants)(?:/([A-Za-z0-9_-]{1,64}))?"
        + "(?:/members/([A-Za-z0-9_-]{1,64}))?(?:/(delete|resend|remove|hand-over))?");
    /** The support's screens: the tenants, one tenant, and its switch, admins or time zone. */
    private static final Pattern SUPPORT = Pattern.compile("/support/tenants(?:/([A-Za-z0-9][A-Za-z0-9._-]{0,63}))?(?:/(feature|admins|timezone|mails|review))?");
    private static final Map<String, String> ASSETS = Map.of("/static/collab.css", "text/css;charset=UTF-8",
        "/static/collab.js", "text/javascript;charset=UTF-8", "/static/favicon.svg", "image/svg+xml");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile TenantService tenants;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile AccountService accounts;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Authenticator authenticator;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile PasswordResets resets;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile InvitationService invitations;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile DelegationService delegation;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile AccessDecisions access;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile CustomerDirectory customers;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Mailbox mailbox;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ProfileService profiles;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ActivityRecorder activity;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile GrantService grants;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile AuditLog audit;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile RightsCatalog rights;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ProblemWording wording;

    private final transient WebSessions sessions;
    private final transient Texts texts = new Texts();
    private final transient Views views = new Views();
    private final transient Refusals refusals = new Refusals(() -> wording);
    private final transient AccountPages accountPages;
    private final transient PortalPages portalPages;
    private final transient DelegatePages delegatePages;
    private final transient BulkInvitePage bulkInvitePage;
    private final transient AdminPages adminPages;
    private final transient HandOverPages handOverPages;
    private final transient SupportPages supportPages;
    private final transient ReviewPages reviewPages;
    private final boolean secureCookies;
    private final transient ZoneId zone;

    @Activate
    public CollabWebServlet(@Reference WebSessions sessions, WebConfiguration config) {
        this.sessions = sessions;
        this.secureCookies = config.baseUrl().toLowerCase(Locale.ROOT).startsWith("https:");
        this.zone = zone(config.timeZone());
        this.accountPages = new AccountPages(this);
        this.portalPages = new PortalPages(this);
        this.delegatePages = new DelegatePages(this, config.pageSize());
        this.bulkInvitePage = new BulkInvitePage(this, delegatePages);
        this.adminPages = new AdminPages(this);
        this.handOverPages = new HandOverPages(this);
        this.supportPages = new SupportPages(this);
        this.reviewPages = new ReviewPages(this);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null) {
            response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
            response.setHeader("Location", request.getContextPath() + request.getServletPath() + "/");
            return;
        }
        if (ASSETS.containsKey(path)) {
            asset(path, response);
            return;
        }
        handle(request, response, x -> {
            switch (path) {
                case "/" -> {
                    if (x.principal() == null) {
                        accountPages.signInForm(x);
                    } else if (x.principal().role() == Role.SUPPORT) {
                        supportPages.tenants(x);
                    } else {
                        portalPages.home(x);
                    }
                }
                case "/register" -> accountPages.registerForm(x);
                case "/password/forgot" -> accountPages.forgotForm(x);
                case "/password/reset" -> accountPages.resetForm(x);
                case "/password" -> signedIn(x, null, () -> accountPages.passwordForm(x));
                case "/delegates" -> signedIn(x, Role.USER, () -> delegatePages.list(x));
                case "/delegates/invite" -> signedIn(x, Role.USER, () -> delegatePages.inviteForm(x));
                case "/delegates/bulk" -> signedIn(x, Role.USER, () -> bulkInvitePage.form(x));
                case "/review" -> {
                    if (x.principal() == null) {
                        accountPages.signInForm(x, "/review");
                    } else {
                        signedIn(x, Role.USER, () -> reviewPages.page(x));
                    }
                }
                case "/login", "/logout" -> x.redirect("/");
                case "/admin/audit" -> signedIn(x, Role.ADMIN, () -> adminPages.audit(x));
                case "/admin/audit.csv" -> signedIn(x, Role.ADMIN, () -> adminPages.auditCsv(x));
                default -> {
                    Matcher extend = EXTEND.matcher(path);
                    if (extend.matches()) {
                        signedIn(x, Role.USER, () -> delegatePages.extendForm(x, extend.group(1)));
                    } else if (path.startsWith("/admin/")) {
                        signedIn(x, Role.ADMIN, () -> adminGet(x, path));
                    } else if (path.startsWith("/support/")) {
                        signedIn(x, Role.SUPPORT, () -> supportGet(x, path));
                    } else {
                        x.message(404, "notFoundTitle", "notFoundText", "not-found");
                    }
                }
            }
        });
    }

    private void adminGet(Exchange x, String path) throws IOException {
        Matcher m = ADMIN.matcher(path);
        if (m.matches() && "grants".equals(m.group(1)) && m.group(2) != null && m.group(3) != null && "hand-over".equals(m.group(4))) {
            handOverPages.memberPage(x, m.group(2), m.group(3));
            return;
        }
        if (!m.matches() || m.group(3) != null || m.group(4) != null) {
            x.message(404, "notFoundTitle", "notFoundText", "not-found");
            return;
        }
        boolean profiles = "profiles".equals(m.group(1));
        String id = m.group(2);
        if (id == null) {
            if (profiles) {
                adminPages.profiles(x);
            } else {
                adminPages.grants(x);
            }
        } else if ("new".equals(id)) {
            if (profiles) {
                adminPages.profileForm(x, null);
            } else {
                adminPages.newGrantForm(x);
            }
        } else if (profiles) {
            adminPages.profileForm(x, id);
        } else {
            adminPages.grant(x, id);
        }
    }

    private void supportGet(Exchange x, String path) throws IOException {
        Matcher m = SUPPORT.matcher(path);
        if (!m.matches() || m.group(2) != null) {
            x.message(404, "notFoundTitle", "notFoundText", "not-found");
        } else if (m.group(1) == null) {
            supportPages.tenants(x);
        } else {
            supportPages.tenant(x, m.group(1));
        }
    }

    private void supportPost(Exchange x, String path) throws IOException {
        Matcher m = SUPPORT.matcher(path);
        if (!m.matches()) {
            x.message(404, "notFoundTitle", "notFoundText", "not-found");
        } else if (m.group(1) == null) {
            supportPages.createTenant(x);
        } else if ("feature".equals(m.group(2))) {
            supportPages.feature(x, m.group(1));
        } else if ("admins".equals(m.group(2))) {
            supportPages.createAdmin(x, m.group(1));
        } else if ("timezone".equals(m.group(2))) {
            supportPages.timeZone(x, m.group(1));
        } else if ("mails".equals(m.group(2))) {
            supportPages.mails(x, m.group(1));
        } else if ("review".equals(m.group(2))) {
            supportPages.review(x, m.group(1));
        } else {
            x.message(404, "notFoundTitle", "notFoundText", "not-found");
        }
    }

    private void adminPost(Exchange x, String path) throws IOException {
        Matcher m = ADMIN.matcher(path);
        if (!m.matches()) {
            x.message(404, "notFoundTitle", "notFoundText", "not-found");
            return;
        }
        boolean profiles = "profiles".equals(m.group(1));
        String id = m.group(2);
        String member = m.group(3);
        String action = m.group(4);
        if (id == null && action == null) {
            if (profiles) {
                adminPages.saveProfile(x, null);
            } else {
                adminPages.createGrant(x);
            }
        } else if (id == null) {
            x.message(404, "notFoundTitle", "notFoundText", "not-found");
        } else if (profiles && member == null && action == null) {
            adminPages.saveProfile(x, id);
        } else if (profiles && member == null && "delete".equals(action)) {
            adminPages.deleteProfile(x, id);
        } else if (!profiles && member == null && action == null) {
            adminPages.changeGrant(x, id);
        } else if (!profiles && member == null && "delete".equals(action)) {
            adminPages.deleteGrant(x, id);
        } else if (!profiles && member != null && "resend".equals(action)) {
            adminPages.resendMember(x, id, member);
        } else if (!profiles && member != null && "remove".equals(action)) {
            adminPages.removeMember(x, id, member);
        } else if (!profiles && member != null && "hand-over".equals(action)) {
            handOverPages.handOverMember(x, id, member);
        } else {
            x.message(404, "notFoundTitle", "notFoundText", "not-found");
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        handle(request, response, x -> {
            if ("/delegates/bulk".equals(path) && BulkInvitePage.unreadable(request)) {
                // the container dropped the form (its fields with the token): say so, not "token invalid"
                x.message(413, "bulkTooLargeTitle", "bulkTooLargeText", "too-large");
                return;
            }
            if (!x.csrfValid() || !sameOrigin(request)) {
                if ("/login".equals(path)) {
                    accountPages.signInRefused(x);
                } else {
                    x.message(403, "csrfTitle", "csrfText", "csrf-refused");
                }
                return;
            }
            Matcher resend = RESEND.matcher(path);
            Matcher handOver = HAND_OVER.matcher(path);
            Matcher extend = EXTEND.matcher(path);
            switch (path) {
                case "/login" -> accountPages.signIn(x);
                case "/logout" -> accountPages.signOut(x);
                case "/register" -> accountPages.register(x);
                case "/password/forgot" -> accountPages.forgot(x);
                case "/password/reset" -> accountPages.reset(x);
                case "/password" -> signedIn(x, null, () -> accountPages.changePassword(x));
                case "/delegates/invite" -> signedIn(x, Role.USER, () -> delegatePages.invite(x));
                case "/delegates/bulk" -> signedIn(x, Role.USER, () -> bulkInvitePage.submit(x));
                case "/delegates/delete" -> signedIn(x, Role.USER, () -> delegatePages.delete(x));
                case "/review" -> signedIn(x, Role.USER, () -> reviewPages.submit(x));
                case "/admin/review" -> signedIn(x, Role.ADMIN, () -> portalPages.adminReview(x));
                default -> {
                    if (resend.matches()) {
                        signedIn(x, Role.USER, () -> delegatePages.resend(x, resend.group(1)));
                    } else if (handOver.matches()) {
                        signedIn(x, Role.USER, () -> handOverPages.handOverDelegate(x, handOver.group(1)));
                    } else if (extend.matches()) {
                        signedIn(x, Role.USER, () -> delegatePages.extend(x, extend.group(1)));
                    } else if (path.startsWith("/admin/")) {
                        signedIn(x, Role.ADMIN, () -> adminPost(x, path));
                    } else if (path.startsWith("/support/")) {
                        signedIn(x, Role.SUPPORT, () -> supportPost(x, path));
                    } else {
                        x.message(404, "notFoundTitle", "notFoundText", "not-found");
                    }
                }
            }
        });
    }

    private interface Page {
        void show(Exchange x) throws IOException;
    }

    private interface Action {
        void run() throws IOException;
    }

    private void handle(HttpServletRequest request, HttpServletResponse response, Page page) throws IOException {
        request.setCharacterEncoding("UTF-8");
        securityHeaders(response);
        Exchange x;
        try {
            x = new Exchange(request, response, texts, views, sessions, secureCookies || request.isSecure(), zone,
                this::tenantZone, delegatePages::canInvite);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // an unreadable form (too large, broken encoding) before anything was done
            response.sendError(400);
            return;
        }
        if (x.sessionsAway()) {
            unavailable(x, response);
            return;
        }
        try {
            Principal principal = x.principal();
            if (principal != null) {
                recordActivity(principal);
            }
            page.show(x);
        } catch (TemporarilyUnavailableException e) {
            if (!response.isCommitted()) {
                response.reset();
                unavailable(x, response);
            }
        } catch (RuntimeException e) {
            // the path only: a query string may hold a token
            LOG.warn("The screen {} {} failed: {}", request.getMethod(), request.getPathInfo(), e.toString(), e);
            if (!response.isCommitted()) {
                response.reset();
                securityHeaders(response);
                x.message(500, "errorTitle", "errorText", "error");
            }
        }
    }

    private static void unavailable(Exchange x, HttpServletResponse response) throws IOException {
        securityHeaders(response);
        response.setHeader("Retry-After", "2");
        x.message(503, "unavailableTitle", "unavailableText", "unavailable");
    }

    private void signedIn(Exchange x, Role role, Action action) throws IOException {
        Principal principal = x.principal();
        if (principal == null) {
            x.redirect("/");
        } else if (role != null && principal.role() != role) {
            x.message(403, "forbiddenTitle", "forbiddenText", "forbidden");
        } else {
            action.run();
        }
    }

    /** A form posted from another site is refused even with a stolen token (Origin, where the browser sends it). */
    private static boolean sameOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        // "null": the browser withholds the origin (our Referrer-Policy no-referrer makes it do
        // so for form posts); the CSRF token alone decides then
        if (origin == null || origin.isEmpty() || "null".equals(origin)) {
            return true;
        }
        String host = request.getHeader("Host");
        return host != null && (origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host));
    }

    private static void securityHeaders(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        response.setHeader("Cache-Control", "no-store");
    }

    private void asset(String path, HttpServletResponse response) throws IOException {
        try (InputStream in = CollabWebServlet.class.getClassLoader().getResourceAsStream(path.substring(1))) {
            if (in == null) {
                response.sendError(404);
                return;
            }
            byte[] body = in.readAllBytes();
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Cache-Control", "public, max-age=3600");
            response.setContentType(ASSETS.get(path));
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }

    private void recordActivity(Principal principal) {
        ActivityRecorder recorder = activity;
        if (recorder != null) {
            try {
                recorder.active(principal);
            } catch (RuntimeException e) {
                LOG.debug("Recording the activity of {} failed", principal.name(), e);
            }
        }
    }

    /** The tenant's zone (stored valid); without the tenant service or the tenant, the configured one. */
    private ZoneId tenantZone(String tenantId) {
        try {
            TenantService service = tenants;
            return service == null ? zone : service.find(tenantId).map(t -> ZoneId.of(t.timeZone())).orElse(zone);
        } catch (RuntimeException e) {
            LOG.debug("The time zone of tenant {} is not available; showing {}", tenantId, zone, e);
            return zone;
        }
    }

    private static ZoneId zone(String name) {
        try {
            return ZoneId.of(name);
        } catch (RuntimeException e) {
            LOG.warn("Unknown time zone '{}' in dev.collab.web; showing UTC", name);
            return ZoneId.of("UTC");
        }
    }

    private static <T> T need(T service, String what) {
        if (service == null) {
            throw new TemporarilyUnavailableException("The " + what + " service is not available right now.");
        }
        return service;
    }

    @Override
    public TenantService tenants() {
        return need(tenants, "tenant");
    }

    @Override
    public AccountService accounts() {
        return need(accounts, "account");
    }

    @Override
    public Authenticator authenticator() {
        return need(authenticator, "authentication");
    }

    @Override
    public PasswordResets resets() {
        return need(resets, "password reset");
    }

    @Override
    public InvitationService invitations() {
        return need(invitations, "invitation");
    }

    @Override
    public DelegationService delegation() {
        return need(delegation, "delegation");
    }

    @Override
    public AccessDecisions access() {
        return need(access, "access decision");
    }

    @Override
    public CustomerDirectory customers() {
        return need(customers, "customer directory");
    }

    @Override
    public Mailbox mailbox() {
        return need(mailbox, "mailbox");
    }

    @Override
    public ProfileService profiles() {
        return need(profiles, "profile");
    }

    @Override
    public GrantService grants() {
        return need(grants, "grant");
    }

    @Override
    public AuditLog audit() {
        return need(audit, "audit");
    }

    @Override
    public RightsCatalog rights() {
        return need(rights, "rights catalog");
    }

    @Override
    public String refusal(CollabException failure, String language) {
        return refusals.of(failure, language);
    }

    @Override
    public String refusal(FieldError error, String language) {
        return refusals.of(error, language);
    }
}
