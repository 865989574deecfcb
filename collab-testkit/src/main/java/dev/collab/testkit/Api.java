package dev.collab.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The REST API of one container ({@code http://host:port/collab/api/v1}) as a front end calls it:
 * HTTP/1.1, as the container's Jetty serves it, with HTTP Basic credentials and JSON bodies.
 */
public final class Api {
    /** What a front end of the contract accepts: a resource, or the problem document of a failure. */
    public static final String ACCEPT_JSON = "application/json, application/problem+json";
    public static final String JSON = "application/json";

    private final String base;
    private final Duration timeout;
    private final HttpClient client;

    /** With a client of its own. */
    public Api(String base, Duration timeout) {
        this(base, timeout, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build());
    }

    /** With a client shared with other callers, e.g. one whose executor a load generator sizes. */
    public Api(String base, Duration timeout, HttpClient client) {
        this.base = base;
        this.timeout = timeout;
        this.client = client;
    }

    public String base() {
        return base;
    }

    /** The same API with another request timeout, on the same client. */
    public Api withTimeout(Duration other) {
        return new Api(base, other, client);
    }

    /**
     * A request without an {@code Accept} header: callers that test content negotiation set
     * their own.
     *
     * @param authorization the {@code Authorization} header, or null for an anonymous request
     * @param contentType of the body, or null without a body
     */
    public HttpRequest.Builder request(String method, String path, String authorization, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
            .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body, UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    /** A JSON request accepting JSON, as the contract's front ends send them; {@code login} null for anonymous. */
    public HttpRequest json(String method, String path, Login login, String body) {
        return request(method, path, login == null ? null : login.header(), body == null ? null : JSON, body)
            .header("Accept", ACCEPT_JSON).build();
    }

    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, BodyHandlers.ofString(UTF_8));
    }

    public CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
        return client.sendAsync(request, BodyHandlers.ofString(UTF_8));
    }

    /** {@link #json} sent and answered. */
    public HttpResponse<String> send(String method, String path, Login login, String body) throws IOException, InterruptedException {
        return send(json(method, path, login, body));
    }

    /** @throws IllegalStateException naming the request and the answer unless it has this status */
    public static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.uri() + " answered "
                + response.statusCode() + " instead of " + status + ": " + response.body());
        }
        return response;
    }
}
