package dev.collab.itests.osgi;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A minimal client of the REST contract, as a host's front end would call it. */
public final class Http {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String authorization;
    private final String accept;
    private final String language;

    private Http(String authorization) {
        this(authorization, null, null);
    }

    private Http(String authorization, String accept, String language) {
        this.authorization = authorization;
        this.accept = accept;
        this.language = language;
    }

    /** The same caller, asking for another media type (the {@code Accept} header). */
    public Http accepting(String mediaType) {
        return new Http(authorization, mediaType, language);
    }

    /** The same caller, preferring these languages (the {@code Accept-Language} header, e.g. {@code de-DE,de;q=0.9}). */
    public Http speaking(String acceptLanguage) {
        return new Http(authorization, accept, acceptLanguage);
    }

    public static Http anonymous() {
        return new Http(null);
    }

    /** A client sending its own Authorization header, as a host's login scheme would. */
    public static Http withAuthorization(String header) {
        return new Http(header);
    }

    public static Http as(String login, String password) {
        return new Http("Basic " + Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    public static Http support() {
        return as("support", CollabContainer.SUPPORT_PASSWORD);
    }

    public Response get(String path) {
        return send("GET", path, null, null);
    }

    public Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    public Response post(String path, String json) {
        return send("POST", path, json, "application/json");
    }

    public Response put(String path, String json) {
        return send("PUT", path, json, "application/json");
    }

    public Response send(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Await.baseUrl() + path))
            .timeout(Duration.ofSeconds(20))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (language != null) {
            request.header("Accept-Language", language);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response);
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    /** An answer, with its body parsed on demand. */
    public record Response(HttpResponse<String> raw) {
        public int status() {
            return raw.statusCode();
        }

        public String contentType() {
            return raw.headers().firstValue("Content-Type").orElse("");
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (Exception e) {
                throw new AssertionError("Not JSON (" + status() + "): " + raw.body(), e);
            }
        }

        /**
         * The RFC 9457 problem document of a failure answered with {@code status}, as API.md
         * prescribes for every failure: {@code application/problem+json} with type, title, status
         * and detail.
         */
        public JsonNode problem(int status) {
            if (status() != status || !contentType().startsWith("application/problem+json")) {
                throw new AssertionError("Expected a " + status + " problem+json: " + this);
            }
            JsonNode problem = json();
            for (String field : new String[] {"type", "title", "detail"}) {
                if (!problem.path(field).isTextual() || problem.get(field).asText().isBlank()) {
                    throw new AssertionError("The problem has no " + field + ": " + this);
                }
            }
            if (problem.path("status").asInt() != status) {
                throw new AssertionError("The problem's status is not " + status + ": " + this);
            }
            return problem;
        }

        @Override
        public String toString() {
            return raw.request().method() + " " + raw.uri() + " -> " + status() + " " + raw.body();
        }
    }
}
