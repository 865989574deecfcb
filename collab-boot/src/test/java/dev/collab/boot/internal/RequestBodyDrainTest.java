package dev.collab.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

import javax.servlet.FilterChain;
import javax.servlet.ReadListener;
import javax.servlet.ServletException;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletRequest;

import org.junit.jupiter.api.Test;

/** What the handler left of a body is read after it, within a bound, whatever the handler did. */
class RequestBodyDrainTest {
    /** A body of {@code length} bytes, counting what is read of it. */
    private static final class Body extends ServletInputStream {
        private final ByteArrayInputStream bytes;
        final AtomicInteger read = new AtomicInteger();

        Body(int length) {
            bytes = new ByteArrayInputStream(new byte[length]);
        }

        @Override
        public int read() {
            int b = bytes.read();
            if (b >= 0) {
                read.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            int n = bytes.read(buffer, offset, length);
            if (n > 0) {
                read.addAndGet(n);
            }
            return n;
        }

        @Override
        public boolean isFinished() {
            return bytes.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException();
        }
    }

    private static ServletRequest request(long contentLength, Body body) {
        return (ServletRequest) Proxy.newProxyInstance(RequestBodyDrainTest.class.getClassLoader(),
            new Class<?>[] {ServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getContentLengthLong" -> contentLength;
                case "isAsyncStarted" -> false;
                case "getInputStream" -> {
                    if (body == null) {
                        throw new IllegalStateException("the handler used getReader()");
                    }
                    yield body;
                }
                default -> null;
            });
    }

    private static void filter(ServletRequest request, FilterChain chain) throws IOException, ServletException {
        new RequestBodyDrain().doFilter(request, null, chain);
    }

    /** The handler reads only the first bytes (a limit, a refusal before the body): the rest is read after it. */
    @Test
    void whatTheHandlerLeftIsRead() throws Exception {
        Body body = new Body(4 * 1024 * 1024);
        filter(request(4 * 1024 * 1024, body), (req, res) -> req.getInputStream().read(new byte[1000]));
        assertEquals(4 * 1024 * 1024, body.read.get());
        assertEquals(-1, body.read());
    }

    @Test
    void aHandlerThatFailsStillHasTheBodyRead() {
        Body body = new Body(100_000);
        assertThrows(IllegalStateException.class, () -> filter(request(100_000, body), (req, res) -> {
            throw new IllegalStateException("the handler failed");
        }));
        assertEquals(100_000, body.read.get());
    }

    /** A body declared larger than the bound is left to the container, which closes the connection. */
    @Test
    void aBodyDeclaredLargerThanTheBoundIsNotRead() throws Exception {
        Body body = new Body(1000);
        filter(request(RequestBodyDrain.MAX_DRAINED + 1, body), (req, res) -> {
        });
        assertEquals(0, body.read.get());
    }

    /** Without a declared length (chunked) at most the bound is read. */
    @Test
    void aBodyOfUnknownLengthIsReadUpToTheBound() throws Exception {
        Body body = new Body((int) RequestBodyDrain.MAX_DRAINED + 50_000);
        filter(request(-1, body), (req, res) -> {
        });
        assertEquals(RequestBodyDrain.MAX_DRAINED, body.read.get());
    }

    @Test
    void aBodyReadAsCharactersIsLeftAlone() throws Exception {
        AtomicInteger served = new AtomicInteger();
        filter(request(10, null), (req, res) -> served.incrementAndGet());
        assertEquals(1, served.get());
    }
}
