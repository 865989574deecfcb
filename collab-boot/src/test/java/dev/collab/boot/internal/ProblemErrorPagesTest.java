package dev.collab.boot.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.Locale;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real Jetty server, given the connector as Felix HTTP gives it (added and started after the
 * server): targets Jetty refuses while parsing are answered with problem details, and removing
 * the connector puts Jetty's own error handler back.
 */
class ProblemErrorPagesTest {
    private Server server;
    private ServerConnector http;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        http = new ServerConnector(server);
        http.setHost("127.0.0.1");
        http.setPort(0);
        server.addConnector(http);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                return false; // every valid request is a 404 written by the error handler
            }
        });
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void malformedTargetsGetProblemDetailsAndTheConnectorPutsJettysPageBackWhenItGoes() throws Exception {
        Request.Handler jettys = server.getErrorHandler();
        Connector errorPages = new ProblemErrorPages(null).createConnector(server);
        server.addConnector(errorPages);
        errorPages.start();

        for (String target : List.of("/collab/api/v1/%", "/collab/api/v1/%zz", "/collab/api/v1/a%00", "/collab/api/v1//health",
            "/collab/api/v1/a%2fb", "/collab/api/v1/%c3%28", "/collab/api/v1/%2e%2e/x", "/x/%", "/collab/api/v1/\\..\\x")) {
            for (String method : List.of("GET", "PUT", "DELETE")) {
                String answer = send(method, target);
                assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
                assertTrue(answer.toLowerCase(Locale.ROOT).contains("content-type: application/problem+json"), answer);
                String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
                assertEquals(ProblemErrorHandler.body(400), body, answer);
                assertFalse(body.toLowerCase(Locale.ROOT).contains("jetty") || body.contains("<"), answer);
            }
        }
        assertTrue(send("GET", "/fine").contains("\"status\":404"));

        errorPages.stop();
        server.removeConnector(errorPages);
        assertSame(jettys, server.getErrorHandler());
        assertTrue(send("GET", "/collab/api/v1/%").toLowerCase(Locale.ROOT).contains("text/html"));
    }

    @Test
    void bodiesAreTheApisProblemShape() {
        assertEquals("{\"type\":\"urn:collab:problem:bad-request\",\"title\":\"Bad Request\",\"status\":400,"
            + "\"detail\":\"" + ProblemErrorHandler.detail(400) + "\"}", ProblemErrorHandler.body(400));
        assertTrue(ProblemErrorHandler.body(431).contains("\"type\":\"urn:collab:problem:headers-too-large\""));
        assertTrue(ProblemErrorHandler.body(500).contains("\"type\":\"urn:collab:problem:internal\""));
        assertTrue(ProblemErrorHandler.body(418).contains("\"status\":418"));
    }

    private String send(String method, String target) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), http.getLocalPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(UTF_8));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), UTF_8);
        }
    }
}
