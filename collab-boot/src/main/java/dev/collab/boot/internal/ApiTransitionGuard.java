package dev.collab.boot.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletOutputStream;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.Preprocessor;

/**
 * Covers the moments in which the JAX-RS whiteboard tears down or rebuilds the REST
 * application (collab-rest stopping, starting or being updated): for a few milliseconds the
 * runtime answers with its own 404 page ("No service was found"), an empty 404 or a 500 from a
 * half-built endpoint. The suite itself never answers an error without a problem document, so
 * such an answer on the API's path becomes a 503 problem with Retry-After, which clients already
 * treat as "retry shortly". A preprocessor, because it sees every request whichever servlet
 * context the whiteboard serves the application from.
 */
@Component(service = Preprocessor.class)
public final class ApiTransitionGuard implements Preprocessor {
    static final String API = "/collab/api/v1/";
    static final String PROBLEM = "{\"type\":\"urn:collab:problem:unavailable\",\"title\":\"Service unavailable\",\"status\":503,"
        + "\"detail\":\"The collab REST API is being (re)started; retry shortly.\"}";

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
        String uri = ((HttpServletRequest) request).getRequestURI();
        if (uri == null || !uri.startsWith(API)) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse http = (HttpServletResponse) response;
        Buffered buffered = new Buffered(http);
        chain.doFilter(request, buffered);
        if (isRuntimeError(buffered.status, buffered.getContentType())) {
            http.reset();
            http.setStatus(503);
            http.setHeader("Retry-After", "1");
            http.setContentType("application/problem+json");
            http.setCharacterEncoding("UTF-8");
            http.getOutputStream().write(PROBLEM.getBytes(StandardCharsets.UTF_8));
            return;
        }
        buffered.commit();
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
