package dev.collab.boot.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Answers for the REST API while its bundle is out (stopped, being updated or replaced): 503
 * problem details instead of the servlet container's 404 page, and a health answer that names
 * the suite bundles that are not active. Registered at the lowest ranking on the API's path, so
 * the JAX-RS application shadows it whenever it is there.
 */
@Component(service = Servlet.class, property = Constants.SERVICE_RANKING + ":Integer=" + Integer.MIN_VALUE)
@HttpWhiteboardServletPattern("/collab/api/v1/*")
public final class ApiFallbackServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final List<String> SUITE = List.of("dev.collab.collab-api", "dev.collab.collab-profiles",
        "dev.collab.collab-invitations", "dev.collab.collab-rest", "dev.collab.collab-host", "dev.collab.collab-web");
    /** The request attribute that tells {@link ApiTransitionGuard} this servlet, not the application, answered. */
    static final String ANSWERED = "dev.collab.boot.fallbackAnswered";
    private final transient BundleContext context;
    private final transient RestRepublisher republisher;

    @Activate
    public ApiFallbackServlet(BundleContext context, @Reference RestRepublisher republisher) {
        this.context = context;
        this.republisher = republisher;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.setAttribute(ANSWERED, Boolean.TRUE);
        republisher.fallbackAnswered();
        response.setStatus(503);
        response.setHeader("Retry-After", "1");
        response.setHeader("Cache-Control", "no-store");
        response.setCharacterEncoding("UTF-8");
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String body;
        if ("/health".equals(path)) {
            response.setContentType("application/json");
            body = health();
        } else {
            response.setContentType("application/problem+json");
            body = "{\"type\":\"urn:collab:problem:unavailable\",\"title\":\"Service unavailable\",\"status\":503,"
                + "\"detail\":\"The collab REST API is not running right now (its bundle is stopped or being updated); retry shortly.\"}";
        }
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    /** The suite bundles' states; REST is missing by definition when this servlet answers. */
    String health() {
        Map<String, String> states = new LinkedHashMap<>();
        for (String name : SUITE) {
            states.put(name.substring("dev.collab.".length()), "MISSING");
        }
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name != null && SUITE.contains(name) && bundle.getState() == Bundle.ACTIVE) {
                states.put(name.substring("dev.collab.".length()), "UP");
            }
        }
        states.put("collab-rest", "MISSING");
        List<String> missing = new ArrayList<>();
        StringBuilder components = new StringBuilder();
        states.forEach((name, state) -> {
            if (!"UP".equals(state)) {
                missing.add("\"" + name + "\"");
            }
            components.append(components.length() == 0 ? "" : ",").append('"').append(name).append("\":\"").append(state).append('"');
        });
        return "{\"status\":\"DOWN\",\"components\":{" + components + "},\"missing\":[" + String.join(",", missing) + "]}";
    }
}
