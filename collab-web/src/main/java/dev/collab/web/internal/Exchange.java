package dev.collab.web.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import dev.collab.api.FieldError;
import dev.collab.api.TemporarilyUnavailableException;
import dev.collab.api.accounts.Principal;
import dev.collab.api.accounts.Role;

/**
 * One request to a screen: its parameters, its session and language, and the answer. Cookies
 * are written by hand because the servlet API in the container cannot say SameSite.
 */
final class Exchange {
    static final String SESSION_COOKIE = "collab_session";
    static final String LANGUAGE_COOKIE = "collab_lang";
    static final String TENANT_COOKIE = "collab_tenant";
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int YEAR = 365 * 24 * 3600;

    final HttpServletRequest request;
    final HttpServletResponse response;
    final String base;
    final String language;
    private final Texts texts;
    private final Views views;
    private final WebSessions sessions;
    private final boolean secure;
    private final ZoneId zone;
    private final Function<String, ZoneId> tenantZones;
    private ZoneId signedInZone;
    private final Predicate<Principal> canInvite;
    private WebSession session;
    /** Whether the sessions' store failed or was away in this request: the rest of it (a 503 page) goes without a session. */
    private boolean sessionsAway;

    Exchange(HttpServletRequest request, HttpServletResponse response, Texts texts, Views views, WebSessions sessions,
        boolean secure, ZoneId zone, Function<String, ZoneId> tenantZones, Predicate<Principal> canInvite) {
        this.request = request;
        this.response = response;
        this.base = request.getContextPath() + request.getServletPath();
        this.texts = texts;
        this.views = views;
        this.sessions = sessions;
        this.secure = secure;
        this.zone = zone;
        this.tenantZones = tenantZones;
        this.canInvite = canInvite;
        WebSession found = null;
        boolean away = false;
        try {
            found = sessions.find(cookie(SESSION_COOKIE)).orElse(null);
        } catch (TemporarilyUnavailableException e) {
            away = true;
        }
        this.session = found;
        this.sessionsAway = away;
        this.language = chooseLanguage();
    }

    String path() {
        return request.getPathInfo() == null ? "" : request.getPathInfo();
    }

    WebSession session() {
        return session;
    }

    /** @return whether the sessions could not be read or written (the core or its database away): the request is answered with 503 */
    boolean sessionsAway() {
        return sessionsAway;
    }

    Principal principal() {
        return session == null ? null : session.principal();
    }

    String client() {
        return request.getRemoteAddr();
    }

    String text(String key) {
        return texts.get(language, key);
    }

    /**
     * The time zone times are shown in: the signed-in user's tenant's, else (support, signed
     * out) the screens' configured one. Looked up once per request, when a time is shown.
     */
    ZoneId zone() {
        Principal principal = principal();
        if (principal == null || principal.tenantId() == null) {
            return zone;
        }
        if (signedInZone == null) {
            signedInZone = tenantZones.apply(principal.tenantId());
        }
        return signedInZone;
    }

    /** A file to save (e.g. the audit trail as CSV) instead of a page. */
    void download(String contentType, String fileName, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType(contentType);
        response.setHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    String format(String key, Object... arguments) {
        return texts.format(language, key, arguments);
    }

    /** @return the parameter, or "" when absent */
    String param(String name) {
        String value = request.getParameter(name);
        return value == null ? "" : value;
    }

    List<String> params(String name) {
        String[] values = request.getParameterValues(name);
        List<String> list = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                if (value != null && !value.isBlank() && !list.contains(value)) {
                    list.add(value);
                }
            }
        }
        return list;
    }

    boolean csrfValid() {
        String token = request.getParameter("_csrf");
        return session != null && token != null
            && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), session.csrf().getBytes(StandardCharsets.UTF_8));
    }

    /** The session every form needs for its CSRF token; a new visitor gets an anonymous one. */
    WebSession ensureSession() {
        if (session == null) {
            session = away(sessions::anonymous);
            setCookie(SESSION_COOKIE, session.id(), -1);
        }
        return session;
    }

    /** Starts a new session (new id and CSRF token) for the principal, ending the current one. */
    void signIn(Principal principal) {
        WebSession previous = session;
        session = away(() -> sessions.signIn(previous, principal));
        setCookie(SESSION_COOKIE, session.id(), -1);
        if (principal.tenantId() != null) {
            rememberTenant(principal.tenantId());
        }
    }

    void signOut() {
        WebSession ending = session;
        away(() -> {
            sessions.end(ending);
            return null;
        });
        session = null;
        ensureSession();
    }

    /** Ends every session of an account on every node (a changed or reset password), but the one given. */
    void endAllSessions(String tenantId, String accountId, String except) {
        away(() -> {
            sessions.endAll(tenantId, accountId, except);
            return null;
        });
    }

    void flash(String message) {
        WebSession current = ensureSession();
        away(() -> {
            sessions.flash(current, message);
            return null;
        });
    }

    /** Runs work on the sessions; when they are away, the rest of the request (its 503 page) goes without them. */
    private <T> T away(Supplier<T> work) {
        try {
            return work.get();
        } catch (TemporarilyUnavailableException e) {
            sessionsAway = true;
            throw e;
        }
    }

    String rememberedTenant() {
        String tenant = cookie(TENANT_COOKIE);
        return tenant != null && TENANT.matcher(tenant).matches() ? tenant : "";
    }

    void rememberTenant(String tenantId) {
        if (tenantId != null && TENANT.matcher(tenantId).matches()) {
            setCookie(TENANT_COOKIE, tenantId, YEAR);
        }
    }

    /** A time in the signed-in user's tenant's zone, short and in the user's language: 29.11.2026, 14:05 / 29 Nov 2026, 14:05. */
    String time(Instant instant) {
        return time(instant, zone());
    }

    /** A time in the zone of that tenant (e.g. the one whose invitation is shown to someone not signed in). */
    String time(Instant instant, String tenantId) {
        return time(instant, tenantId == null ? zone : tenantZones.apply(tenantId));
    }

    private String time(Instant instant, ZoneId in) {
        if (instant == null) {
            return "";
        }
        String pattern = Texts.ENGLISH.equals(language) ? "d MMM yyyy, HH:mm" : "dd.MM.yyyy, HH:mm";
        return DateTimeFormatter.ofPattern(pattern, Texts.locale(language)).withZone(in).format(instant);
    }

    /** The model every view gets: words, language, CSRF token, the user, the flash message. */
    Map<String, Object> model() {
        Map<String, Object> model = new HashMap<>();
        model.put("t", texts.all(language));
        model.put("lang", language);
        model.put("base", base);
        // without the store (the core away, a 503 page) there is no session: the page has no form to post
        model.put("csrf", sessionsAway ? "" : ensureSession().csrf());
        String flash = sessionsAway ? null : away(() -> sessions.takeFlash(session));
        model.put("errors", Map.of());
        model.put("langLinks", Map.of(Texts.GERMAN, languageLink(Texts.GERMAN), Texts.ENGLISH, languageLink(Texts.ENGLISH)));
        Principal principal = principal();
        if (principal != null) {
            model.put("user", Map.of("name", principal.name(), "canInvite", canInvite.test(principal),
                "admin", principal.role() == Role.ADMIN,
                "support", principal.role() == Role.SUPPORT));
        }
        if (flash != null) {
            model.put("flash", flash);
        }
        return model;
    }

    /** Field errors of the service, in the screen's words: field name → message. */
    static Map<String, String> errors(List<FieldError> errors, Function<FieldError, String> words) {
        Map<String, String> map = new LinkedHashMap<>();
        for (FieldError error : errors) {
            String field = error.field() == null ? "" : error.field().replaceAll("\\[.*", "");
            map.putIfAbsent(field, words.apply(error));
        }
        return map;
    }

    void render(int status, String view, Map<String, Object> model) throws IOException {
        byte[] body = views.render(view, model).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** A message page: not found, refused, unavailable, an invalid link. */
    void message(int status, String headingKey, String textKey, String headingId) throws IOException {
        Map<String, Object> model = model();
        model.put("heading", text(headingKey));
        model.put("text", text(textKey));
        model.put("headingId", headingId);
        render(status, "message", model);
    }

    /** After a successful POST: 303, so that a reload does not repeat it. */
    void redirect(String relative) {
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", base + relative);
    }

    private String languageLink(String wanted) {
        StringBuilder link = new StringBuilder(base).append(path()).append("?lang=").append(wanted);
        request.getParameterMap().forEach((name, values) -> {
            // only the parameters that address a page (a token, a search, a page) survive the switch
            if (("token".equals(name) || "q".equals(name) || "page".equals(name)) && values.length > 0 && "GET".equals(request.getMethod())) {
                link.append('&').append(name).append('=').append(URLEncoder.encode(values[0], StandardCharsets.UTF_8));
            }
        });
        return link.toString();
    }

    private String chooseLanguage() {
        String asked = request.getParameter("lang");
        if (asked != null && Texts.LANGUAGES.contains(asked) && "GET".equals(request.getMethod())) {
            setCookie(LANGUAGE_COOKIE, asked, YEAR);
            return asked;
        }
        String remembered = cookie(LANGUAGE_COOKIE);
        if (remembered != null && Texts.LANGUAGES.contains(remembered)) {
            return remembered;
        }
        if (request.getHeader("Accept-Language") == null) {
            // without the header the servlet container offers its own default locale, not the user's
            return Texts.GERMAN;
        }
        for (Enumeration<Locale> locales = request.getLocales(); locales.hasMoreElements();) {
            String candidate = locales.nextElement().getLanguage();
            if (Texts.LANGUAGES.contains(candidate)) {
                return candidate;
            }
        }
        return Texts.GERMAN;
    }

    private String cookie(String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (name.equals(cookie.getName())) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    private void setCookie(String name, String value, int maxAgeSeconds) {
        StringBuilder header = new StringBuilder(name).append('=').append(value)
            .append("; Path=").append(base.isEmpty() ? "/" : base)
            .append("; HttpOnly; SameSite=Lax");
        if (maxAgeSeconds >= 0) {
            header.append("; Max-Age=").append(maxAgeSeconds);
        }
        if (secure) {
            header.append("; Secure");
        }
        response.addHeader("Set-Cookie", header.toString());
    }
}
