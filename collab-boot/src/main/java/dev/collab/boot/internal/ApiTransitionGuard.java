package dev.collab.boot.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletOutputStream;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.Preprocessor;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.RuntimeDTO;

/**
 * Covers the moments in which the JAX-RS whiteboard tears down or rebuilds the REST
 * application (collab-rest stopping, starting or being updated): for a few milliseconds the
 * runtime answers with its own 404 page ("No service was found"), an empty 404 or a 500 from a
 * half-built endpoint. The suite itself never answers an error without a problem document, so
 * such an answer on the API's path becomes a 503 problem with Retry-After, which clients already
 * treat as "retry shortly". A preprocessor, because it sees every request whichever servlet
 * context the whiteboard serves the application from.
 * <p>
 * Only a real transition may produce that 503. A transition lasts as long as the JAX-RS
 * runtime does not list the API's application as served (it lists it only once the application's
 * servlet is registered, and drops it before the servlet goes), and a short while after the last
 * change of the whiteboard's services, the HTTP runtime or the REST bundle, for the moments in
 * which the HTTP side has not caught up yet. A fixed window alone was not enough: on a busy machine
 * building the application after an update took longer than the window, and the half-built
 * application's 404 reached a client. For a bare 404 the while is longer: the application
 * answers every path it does not know with a problem document, so a bare 404 is never its own;
 * it comes from a whiteboard that is still rebuilding it. Most likely Aries replaces the
 * application's CXF endpoint behind a servlet and a DTO that stay (not observed directly); on a
 * busy machine that outlasted 5 s in KarafIT.
 * A bare 5xx keeps the short while, so that a real failure soon gets its incident id. Outside a
 * transition an error without a problem document becomes a 404 or 500 problem instead. Requests the runtime
 * cannot serve at all are answered here before they reach it: a path that is malformed (bad
 * percent-encoding, control characters, encoded separators: 400) or leaves the API through dot
 * segments (404), and a body in a character set that does not exist (415). Failures are logged
 * with an incident id and never with the request's path, which may hold an invitation token.
 */
@Component(service = Preprocessor.class)
public final class ApiTransitionGuard implements Preprocessor {
    static final String API = "/collab/api/v1/";
    /** {@link #API} as the runtime's DTOs may spell it, without the slashes around it. */
    private static final String API_BASE = trimSlashes(API);
    static final String PROBLEM = "{\"type\":\"urn:collab:problem:unavailable\",\"title\":\"Service unavailable\",\"status\":503,"
        + "\"detail\":\"The collab REST API is being (re)started; retry shortly.\"}";
    /** How long after a change of the whiteboard's services, the HTTP runtime or the REST bundle an odd error counts as the transition's. */
    static final long TRANSITION_MILLIS = 5_000;
    /** How long after such a change a bare 404 (never the application's own answer) counts as the transition's. */
    static final long SETTLE_404_MILLIS = 30_000;
    static final String WHITEBOARD_SERVICES = "(|(osgi.jaxrs.application.base=*)(osgi.jaxrs.resource=*)(osgi.jaxrs.extension=*)"
        + "(objectClass=org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime)(objectClass=javax.ws.rs.core.Application)"
        + "(objectClass=org.osgi.service.http.runtime.HttpServiceRuntime))";
    private static final Logger LOG = Logger.getLogger("dev.collab.boot.guard");
    /** When the whiteboard's services, the HTTP runtime or the REST bundle last changed. */
    volatile long lastChange;
    /** The whiteboard, while there is one: whether it serves the API's application right now. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile JaxrsServiceRuntime runtime;
    /** Told of every request the application served, so that it knows a publication is not lost. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile RestRepublisher republisher;
    private BundleContext context;
    private ServiceListener services;
    private BundleListener bundles;

    public ApiTransitionGuard() {
        // DS: the runtime reference is injected, the listeners are added on activation
    }

    @Activate
    void activate(BundleContext bundleContext) throws InvalidSyntaxException {
        this.context = bundleContext;
        transition();
        services = event -> transition();
        bundles = event -> {
            String name = event.getBundle().getSymbolicName();
            if (name != null && (name.startsWith("dev.collab.") || name.startsWith("org.apache.aries.jax.rs"))
                && event.getType() != BundleEvent.STARTING && event.getType() != BundleEvent.LAZY_ACTIVATION) {
                transition();
            }
        };
        bundleContext.addServiceListener(services, WHITEBOARD_SERVICES);
        bundleContext.addBundleListener(bundles);
    }

    @Deactivate
    void deactivate() {
        if (context != null) {
            context.removeServiceListener(services);
            context.removeBundleListener(bundles);
        }
    }

    /** Something the REST application depends on changed: the whiteboard (re)publishes shortly. */
    void transition() {
        lastChange = System.currentTimeMillis();
    }

    /** @param status the runtime's error status: a bare 404 counts as the transition's for longer */
    boolean inTransition(int status) {
        long since = System.currentTimeMillis() - lastChange;
        return since < (status == 404 ? SETTLE_404_MILLIS : TRANSITION_MILLIS) || !serves(runtime);
    }

    /**
     * @return whether the runtime lists an application on the API's base as served; asked only
     *     when a request met an error without a problem document, so its cost is off the normal path
     */
    static boolean serves(JaxrsServiceRuntime runtime) {
        if (runtime == null) {
            return false;
        }
        RuntimeDTO state;
        try {
            state = runtime.getRuntimeDTO();
        } catch (RuntimeException e) {
            // the whiteboard is going away while it is asked
            return false;
        }
        if (state == null || state.applicationDTOs == null) {
            return false;
        }
        for (ApplicationDTO application : state.applicationDTOs) {
            if (application != null && application.base != null && API_BASE.equals(trimSlashes(application.base))) {
                return true;
            }
        }
        return false;
    }

    private static String trimSlashes(String path) {
        int from = 0;
        int to = path.length();
        while (from < to && path.charAt(from) == '/') {
            from++;
        }
        while (to > from && path.charAt(to - 1) == '/') {
            to--;
        }
        return path.substring(from, to);
    }

    @Override
    public void init(FilterConfig config) {
        // nothing to set up
    }

    @Override
    public void destroy() {
        // nothing to release
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest httpRequest = (HttpServletRequest) request;
        HttpServletResponse http = (HttpServletResponse) response;
        String uri = httpRequest.getRequestURI();
        boolean api = uri != null && (uri.startsWith(API) || uri.equals(API.substring(0, API.length() - 1)));
        String malformed = UriCheck.malformed(uri);
        if (malformed != null) {
            if (api || uri.startsWith("/collab/")) {
                problem(http, 400, "bad-request", "Bad Request", malformed);
            } else {
                http.sendError(400);
            }
            return;
        }
        if (UriCheck.hasDotSegment(uri)) {
            problem(http, 404, "not-found", "Not Found", "There is no such resource.");
            return;
        }
        if (!api) {
            chain.doFilter(request, response);
            return;
        }
        if (UriCheck.badQuery(httpRequest.getQueryString())) {
            problem(http, 400, "bad-request", "Bad Request",
                "The query string holds a '%' that is not followed by two hexadecimal digits, or a control character.");
            return;
        }
        if (!knownCharset(httpRequest.getContentType())) {
            if (hasBody(httpRequest)) {
                problem(http, 415, "unsupported-media-type", "Unsupported Media Type",
                    "Send the body as application/json in UTF-8: the character set of the Content-Type is not known.");
                return;
            }
            // without a body the Content-Type means nothing: it must not fail the request (GET /health)
            request = withoutContentType(httpRequest);
        }
        Buffered buffered = new Buffered(http);
        try {
            chain.doFilter(request, buffered);
        } catch (IOException | ServletException | RuntimeException e) {
            if (http.isCommitted()) {
                throw e;
            }
            failed(http, e);
            return;
        }
        if (isRuntimeError(buffered.status, buffered.getContentType())) {
            if (inTransition(buffered.status)) {
                unavailable(http);
            } else if (buffered.status == 404) {
                problem(http, 404, "not-found", "Not Found", "There is no such resource.");
            } else {
                failed(http, null);
            }
            return;
        }
        RestRepublisher watching = republisher;
        if (watching != null && request.getAttribute(ApiFallbackServlet.ANSWERED) == null) {
            watching.served();
        }
        buffered.commit();
    }

    private void unavailable(HttpServletResponse http) throws IOException {
        http.reset();
        http.setStatus(503);
        http.setHeader("Retry-After", "1");
        http.setContentType("application/problem+json");
        http.setCharacterEncoding("UTF-8");
        http.getOutputStream().write(PROBLEM.getBytes(StandardCharsets.UTF_8));
    }

    /** An unexpected failure: 503 while the application is being published, else 500 with an incident id. */
    private void failed(HttpServletResponse http, Throwable failure) throws IOException {
        if (inTransition(500)) {
            unavailable(http);
            return;
        }
        String incident = UUID.randomUUID().toString();
        // the path is left out on purpose: it may hold an invitation token
        LOG.log(Level.SEVERE, "A request to the REST API failed, incident " + incident
            + (failure == null ? "" : ": " + LogRedaction.redact(String.valueOf(failure))));
        problem(http, 500, "internal", "Internal error",
            "The request failed unexpectedly. Quote incident " + incident + " when reporting it.");
    }

    static void problem(HttpServletResponse http, int status, String kind, String title, String detail) throws IOException {
        http.reset();
        http.setStatus(status);
        http.setHeader("Cache-Control", "no-store");
        http.setContentType("application/problem+json");
        http.setCharacterEncoding("UTF-8");
        String body = "{\"type\":\"urn:collab:problem:" + kind + "\",\"title\":\"" + title + "\",\"status\":" + status
            + ",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        http.setContentLength(bytes.length);
        http.getOutputStream().write(bytes);
    }

    static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    /** The request as if it had no Content-Type header. */
    static HttpServletRequest withoutContentType(HttpServletRequest request) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getContentType() {
                return null;
            }

            @Override
            public String getCharacterEncoding() {
                return null;
            }

            @Override
            public String getHeader(String name) {
                return "Content-Type".equalsIgnoreCase(name) ? null : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return "Content-Type".equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
            }

            @Override
            public Enumeration<String> getHeaderNames() {
                List<String> names = new ArrayList<>();
                for (Enumeration<String> all = super.getHeaderNames(); all != null && all.hasMoreElements();) {
                    String name = all.nextElement();
                    if (!"Content-Type".equalsIgnoreCase(name)) {
                        names.add(name);
                    }
                }
                return Collections.enumeration(names);
            }
        };
    }

    /** @return whether the Content-Type names no character set or one this Java knows */
    static boolean knownCharset(String contentType) {
        if (contentType == null) {
            return true;
        }
        for (String parameter : contentType.split(";")) {
            int eq = parameter.indexOf('=');
            if (eq < 0 || !parameter.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("charset")) {
                continue;
            }
            String name = parameter.substring(eq + 1).trim();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1);
            }
            try {
                if (name.isEmpty() || !Charset.isSupported(name)) {
                    return false;
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return true;
    }

    /** An error status without a problem document: not from the suite, which always sends one. */
    static boolean isRuntimeError(int status, String contentType) {
        boolean json = contentType != null && (contentType.startsWith("application/problem+json")
            || contentType.startsWith("application/json"));
        return (status == 404 || status >= 500) && !json;
    }

    /** Holds the answer back until it is known to be the suite's. */
    private static final class Buffered extends HttpServletResponseWrapper {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int status = 200;
        private ServletOutputStream stream;
        private PrintWriter writer;

        Buffered(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setStatus(int sc) {
            status = sc;
            super.setStatus(sc);
        }

        @Override
        public void sendError(int sc) {
            status = sc;
            super.setStatus(sc);
        }

        @Override
        public void sendError(int sc, String message) {
            status = sc;
            super.setStatus(sc);
        }

        @Override
        public int getStatus() {
            return status;
        }

        @Override
        public ServletOutputStream getOutputStream() {
            if (stream == null) {
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) {
                        body.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        body.write(b, off, len);
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        throw new UnsupportedOperationException("the answer is buffered");
                    }
                };
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() {
            if (writer == null) {
                String encoding = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
                writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), Charset.forName(encoding)));
            }
            return writer;
        }

        @Override
        public void flushBuffer() {
            // held back until the guard decided
        }

        @Override
        public void setContentLength(int len) {
            // the real length is set when the buffer is written
        }

        @Override
        public void setContentLengthLong(long len) {
            // the real length is set when the buffer is written
        }

        void commit() throws IOException {
            if (writer != null) {
                writer.flush();
            }
            HttpServletResponse real = (HttpServletResponse) getResponse();
            real.setContentLength(body.size());
            body.writeTo(real.getOutputStream());
        }
    }
}
