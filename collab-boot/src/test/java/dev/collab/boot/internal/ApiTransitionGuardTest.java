package dev.collab.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.RuntimeDTO;

/** The guard's decisions: what it answers itself, and when an odd error may become the transition's 503. */
class ApiTransitionGuardTest {

    /** The final answer, as the stand-in response saw it. */
    static final class Answer {
        int status = 200;
        String contentType;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        String body() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    private static HttpServletRequest request(String uri, String contentType) {
        return request(uri, contentType, 10, null);
    }

    private static HttpServletRequest request(String uri, String contentType, long length, String query) {
        Map<String, Object> attributes = new HashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(ApiTransitionGuardTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                case "getRequestURI" -> uri;
                case "getContentType" -> contentType;
                case "getContentLengthLong" -> length;
                case "getQueryString" -> query;
                case "getAttribute" -> attributes.get((String) a[0]);
                case "setAttribute" -> attributes.put((String) a[0], a[1]);
                default -> null;
            });
    }

    private static HttpServletResponse response(Answer answer) {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                answer.body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(ApiTransitionGuardTest.class.getClassLoader(),
            new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> {
                switch (m.getName()) {
                    case "setStatus", "sendError" -> answer.status = (Integer) a[0];
                    case "setContentType" -> answer.contentType = (String) a[0];
                    case "getContentType" -> {
                        return answer.contentType;
                    }
                    case "setHeader" -> answer.headers.put((String) a[0], (String) a[1]);
                    case "getOutputStream" -> {
                        return out;
                    }
                    case "reset" -> {
                        answer.body.reset();
                        answer.headers.clear();
                    }
                    case "isCommitted" -> {
                        return false;
                    }
                    case "getStatus" -> {
                        return answer.status;
                    }
                    default -> {
                        return null;
                    }
                }
                return null;
            });
    }

    private static Answer run(ApiTransitionGuard guard, String uri, String contentType, FilterChain chain)
        throws IOException, ServletException {
        Answer answer = new Answer();
        guard.doFilter(request(uri, contentType), response(answer), chain);
        return answer;
    }

    private static final FilterChain RUNTIME_404_PAGE = (req, res) -> {
        HttpServletResponse http = (HttpServletResponse) res;
        http.setStatus(404);
        http.setContentType("text/html");
        http.getOutputStream().write("<html>No service was found</html>".getBytes());
    };

    /** A guard whose whiteboard serves the API's application and saw no change lately. */
    private static ApiTransitionGuard settled() {
        ApiTransitionGuard guard = new ApiTransitionGuard();
        guard.runtime = runtimeServing("/collab/api/v1");
        return guard;
    }

    private static JaxrsServiceRuntime runtimeServing(String... bases) {
        RuntimeDTO state = new RuntimeDTO();
        state.applicationDTOs = new ApplicationDTO[bases.length];
        for (int i = 0; i < bases.length; i++) {
            state.applicationDTOs[i] = new ApplicationDTO();
            state.applicationDTOs[i].base = bases[i];
        }
        return () -> state;
    }

    private static final FilterChain NEVER = (req, res) -> {
        throw new AssertionError("must be answered by the guard");
    };

    @Test
    void anUnknownCharsetIs415ProblemNot503() throws Exception {
        ApiTransitionGuard guard = settled();
        for (String uri : List.of("/collab/api/v1/invitations/abc/accept", "/collab/api/v1/health")) {
            Answer answer = run(guard, uri, "application/json; charset=nope", NEVER);
            assertEquals(415, answer.status);
            assertEquals("application/problem+json", answer.contentType);
            assertTrue(answer.body().contains("\"status\":415"), answer.body());
        }
    }

    @Test
    void aBodilessRequestWithAnUnknownCharsetIsServedAsIfItHadNoContentType() throws Exception {
        List<String> seen = new ArrayList<>();
        Answer answer = new Answer();
        settled().doFilter(request("/collab/api/v1/health", "application/json; charset=nope", -1, null),
            response(answer), (req, res) -> {
                seen.add(String.valueOf(((HttpServletRequest) req).getContentType()));
                ((HttpServletResponse) res).setStatus(200);
            });
        assertEquals(200, answer.status);
        assertEquals(List.of("null"), seen);
    }

    @Test
    void aMalformedQueryIs400Problem() throws Exception {
        for (String query : List.of("x=%", "cursor=%zz", "a=%0")) {
            Answer answer = new Answer();
            settled().doFilter(request("/collab/api/v1/health", null, -1, query), response(answer), NEVER);
            assertEquals(400, answer.status, query);
            assertEquals("application/problem+json", answer.contentType);
        }
        assertFalse(UriCheck.badQuery("user=a%40b.example&limit=5"));
    }

    @Test
    void aPathLeavingTheApiIs404Problem() throws Exception {
        Answer answer = run(settled(), "/collab/api/v1/../x", null, NEVER);
        assertEquals(404, answer.status);
        assertEquals("application/problem+json", answer.contentType);
    }

    @Test
    void aMalformedPathOnTheApiIs400Problem() throws Exception {
        for (String uri : List.of("/collab/api/v1/%", "/collab/api/v1/%zz", "/collab/api/v1/a%2fb", "/collab/api/v1/%c3%28",
            "/collab/api/v1/a;b=c", "/collab/api/v1/%00")) {
            Answer answer = run(settled(), uri, null, NEVER);
            assertEquals(400, answer.status, uri);
            assertEquals("application/problem+json", answer.contentType, uri);
        }
    }

    @Test
    void outsideATransitionTheRuntimesOwn404IsA404Problem() throws Exception {
        Answer answer = run(settled(), "/collab/api/v1/nothing", null, RUNTIME_404_PAGE);
        assertEquals(404, answer.status);
        assertEquals("application/problem+json", answer.contentType);
    }

    @Test
    void duringATransitionTheRuntimesOwn404IsA503() throws Exception {
        ApiTransitionGuard guard = settled();
        guard.transition();
        Answer answer = run(guard, "/collab/api/v1/health", null, RUNTIME_404_PAGE);
        assertTrue(ApiTransitionGuard.serves(guard.runtime), "served, but it just changed");
        assertEquals(503, answer.status);
        assertEquals("1", answer.headers.get("Retry-After"));
    }

    /**
     * Aries may replace the application's endpoint behind a servlet and a DTO that stay; on a busy
     * machine that outlasted the short window. A bare 404 is never the application's own answer,
     * so it counts as the transition's for longer; a bare 500 does not, so that it gets an incident.
     */
    @Test
    void aBare404CountsAsTheTransitionsLongerThanABare500() throws Exception {
        FilterChain bare500 = (req, res) -> ((HttpServletResponse) res).setStatus(500);
        ApiTransitionGuard guard = settled();
        guard.lastChange = System.currentTimeMillis() - ApiTransitionGuard.TRANSITION_MILLIS - 2_000;
        assertEquals(503, run(guard, "/collab/api/v1/me/delegates", null, RUNTIME_404_PAGE).status);
        Answer failed = run(guard, "/collab/api/v1/me/delegates", null, bare500);
        assertEquals(500, failed.status);
        assertEquals("application/problem+json", failed.contentType);
        guard.lastChange = System.currentTimeMillis() - ApiTransitionGuard.SETTLE_404_MILLIS - 2_000;
        Answer settled = run(guard, "/collab/api/v1/me/delegates", null, RUNTIME_404_PAGE);
        assertEquals(404, settled.status);
        assertEquals("application/problem+json", settled.contentType);
    }

    /**
     * The transition lasts as long as the whiteboard does not serve the application, however long
     * that takes: on a busy machine rebuilding it after an update outlasted any fixed window.
     */
    @Test
    void whileTheWhiteboardDoesNotServeTheApplicationTheRuntimesOwn404IsA503() throws Exception {
        ApiTransitionGuard guard = new ApiTransitionGuard();
        assertEquals(503, run(guard, "/collab/api/v1/me/delegates", null, RUNTIME_404_PAGE).status, "no whiteboard");
        guard.runtime = runtimeServing();
        assertEquals(503, run(guard, "/collab/api/v1/me/delegates", null, RUNTIME_404_PAGE).status, "nothing served yet");
        guard.runtime = runtimeServing("/collab/web/api");
        assertEquals(503, run(guard, "/collab/api/v1/me/delegates", null, RUNTIME_404_PAGE).status, "another application only");
        guard.runtime = () -> {
            throw new IllegalStateException("the runtime's bundle is stopping");
        };
        assertEquals(503, run(guard, "/collab/api/v1/me/delegates", null, RUNTIME_404_PAGE).status, "a runtime going away");
        for (String base : List.of("/collab/api/v1", "collab/api/v1", "/collab/api/v1/")) {
            guard.runtime = runtimeServing("/collab/web/api", base);
            Answer answer = run(guard, "/collab/api/v1/me/delegates", null, RUNTIME_404_PAGE);
            assertEquals(404, answer.status, base);
            assertEquals("application/problem+json", answer.contentType, base);
        }
    }

    @Test
    void aFailureOutsideATransitionIs500ProblemAndNeverNamesThePath() throws Exception {
        Logger logger = Logger.getLogger("dev.collab.boot.guard");
        List<String> logged = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            Answer answer = run(settled(), "/collab/api/v1/invitations/SECRETTOKEN/accept", null, (req, res) -> {
                throw new ServletException(new IOException("broken"));
            });
            assertEquals(500, answer.status);
            assertEquals("application/problem+json", answer.contentType);
            assertFalse(answer.body().contains("SECRETTOKEN"));
            assertEquals(1, logged.size());
            assertFalse(logged.get(0).contains("SECRETTOKEN"));
        } finally {
            logger.removeHandler(handler);
        }
    }

    @Test
    void theSuitesOwnProblemsPassUnchanged() throws Exception {
        Answer answer = run(settled(), "/collab/api/v1/tenants/x", "application/json; charset=UTF-8", (req, res) -> {
            HttpServletResponse http = (HttpServletResponse) res;
            http.setStatus(404);
            http.setContentType("application/problem+json");
        });
        assertEquals(404, answer.status);
        assertEquals("application/problem+json", answer.contentType);
    }

    @Test
    void charsets() {
        assertTrue(ApiTransitionGuard.knownCharset(null));
        assertTrue(ApiTransitionGuard.knownCharset("application/json"));
        assertTrue(ApiTransitionGuard.knownCharset("application/json; charset=utf-8"));
        assertTrue(ApiTransitionGuard.knownCharset("application/json;charset=\"UTF-8\""));
        assertFalse(ApiTransitionGuard.knownCharset("application/json; charset=nope"));
        assertFalse(ApiTransitionGuard.knownCharset("application/json; charset="));
        assertFalse(ApiTransitionGuard.knownCharset("application/json; charset=\u00e9\u00e9"));
        assertFalse(ApiTransitionGuard.knownCharset("application/json; charset=a*b"));
    }

    @Test
    void uriChecks() {
        assertNull(UriCheck.malformed("/collab/api/v1/tenants/acme/access/users/a%40b.example"));
        assertNull(UriCheck.malformed("/collab/api/v1/tenants/M%C3%BCller"));
        assertNotNull(UriCheck.malformed("/collab/api/v1/%"));
        assertNotNull(UriCheck.malformed("/collab/api/v1/a%2e%2e/b"));
        assertNotNull(UriCheck.malformed("/collab/api/v1/a\\b"));
        assertTrue(UriCheck.hasDotSegment("/collab/api/v1/../x"));
        assertTrue(UriCheck.hasDotSegment("/collab/api/v1/./health"));
        assertTrue(UriCheck.hasDotSegment("/collab/api/v1//health"));
        assertFalse(UriCheck.hasDotSegment("/collab/api/v1/health"));
        assertFalse(UriCheck.hasDotSegment("/collab/api/v1/tenants/a..b/"));
    }

    /**
     * The republisher learns that a publication is not lost from the requests the application
     * served; the fallback's answers (it marks the request) never count as served.
     */
    @Test
    void tellsTheRepublisherOfRequestsTheApplicationServedNotOfTheFallbacks() throws Exception {
        long[] now = {1_000_000};
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
            (p, m, a) -> null);
        FilterChain fallback = (req, res) -> {
            req.setAttribute(ApiFallbackServlet.ANSWERED, Boolean.TRUE);
            HttpServletResponse http = (HttpServletResponse) res;
            http.setStatus(503);
            http.setContentType("application/problem+json");
            http.getOutputStream().write("{\"status\":503}".getBytes(StandardCharsets.UTF_8));
        };
        FilterChain application = (req, res) -> {
            HttpServletResponse http = (HttpServletResponse) res;
            http.setContentType("application/json");
            http.getOutputStream().write("{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8));
        };

        RestRepublisher lost = new RestRepublisher(context, () -> now[0]);
        ApiTransitionGuard guard = settled();
        guard.republisher = lost;
        assertNull(lost.nextRestart(now[0]), "the fallback's first answer begins a loss");
        assertEquals(503, run(guard, "/collab/api/v1/health", null, fallback).status);
        now[0] += RestRepublisher.GRACE_MILLIS + 1;
        assertEquals(RestRepublisher.REST, lost.nextRestart(now[0]), "only the fallback answered all along");

        RestRepublisher served = new RestRepublisher(context, () -> now[0]);
        guard.republisher = served;
        assertNull(served.nextRestart(now[0]));
        assertEquals(200, run(guard, "/collab/api/v1/health", null, application).status);
        now[0] += RestRepublisher.GRACE_MILLIS + 1;
        assertNull(served.nextRestart(now[0]), "the application served a request: that 503 was a short transition");
    }
}
