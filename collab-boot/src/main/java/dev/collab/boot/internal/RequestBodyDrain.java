package dev.collab.boot.internal;

import java.io.IOException;

import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.Preprocessor;

/**
 * Reads what the suite left of a request's body before the answer goes out, and throws it away.
 * The API refuses a body over its limit (413), a request without credentials (401) or a form too
 * large for the page before reading the body; the client is still sending it. Jetty then closes
 * the connection on the unread bytes, and a client that has not finished sending meets a reset
 * instead of the answer: the host's front end saw "connection reset" where the API had a problem
 * document for it, and a browser lost the page saying the file was too large. Up to
 * {@link #MAX_DRAINED} the body is read; beyond, closing the connection is cheaper than reading.
 * A request whose body was read (or that has none) costs one call of {@code isFinished}.
 */
@Component(service = Preprocessor.class)
public final class RequestBodyDrain implements Preprocessor {
    /** The most a refused body is read for its client to get the answer: 16 MB. */
    static final long MAX_DRAINED = 16L * 1024 * 1024;

    public RequestBodyDrain() {
        // DS: no references, no configuration
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
        try {
            chain.doFilter(request, response);
        } finally {
            drain(request);
        }
    }

    /** Reads what is left of the request's body, up to {@link #MAX_DRAINED}, unless it declared more. */
    static void drain(ServletRequest request) {
        if (request.getContentLengthLong() > MAX_DRAINED || request.isAsyncStarted()) {
            return;
        }
        try {
            ServletInputStream body = request.getInputStream();
            if (body.isFinished()) {
                return;
            }
            byte[] buffer = new byte[16 * 1024];
            long left = MAX_DRAINED;
            int read;
            while (left > 0 && (read = body.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                left -= read;
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away, or the handler read the body as characters: nothing to wait for
        }
    }
}
