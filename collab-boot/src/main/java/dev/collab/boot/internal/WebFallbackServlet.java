package dev.collab.boot.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Answers for the screens while collab-web is out (stopped, being updated or replaced): a 503
 * page in both languages instead of the servlet container's 404, so that a mailed registration
 * link never meets "not found". At the lowest ranking on the screens' path, so collab-web's
 * servlet shadows it whenever it is there; the REST API's longer path is not affected.
 */
@Component(service = Servlet.class, property = Constants.SERVICE_RANKING + ":Integer=" + Integer.MIN_VALUE)
@HttpWhiteboardServletPattern("/collab/*")
public final class WebFallbackServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final byte[] PAGE = ("<!DOCTYPE html>\n<html lang=\"de\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>Vorübergehend nicht verfügbar – collab</title></head><body><main>"
        + "<h1 id=\"unavailable\">Vorübergehend nicht verfügbar</h1>"
        + "<p>Das Kundenportal wird gerade neu gestartet. Bitte versuchen Sie es in einigen Sekunden noch einmal.</p>"
        + "<p lang=\"en\">The customer portal is being restarted. Please try again in a few seconds.</p>"
        + "</main></body></html>\n").getBytes(StandardCharsets.UTF_8);

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(503);
        response.setHeader("Retry-After", "2");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setContentType("text/html;charset=UTF-8");
        response.setContentLength(PAGE.length);
        response.getOutputStream().write(PAGE);
    }
}
