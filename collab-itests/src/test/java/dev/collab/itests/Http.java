package dev.collab.itests;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.collab.itests.osgi.Await;
import dev.collab.itests.osgi.CollabContainer;
import dev.collab.testkit.Api;
import dev.collab.testkit.Login;

/**
 * The tests' client of the REST contract, as a host's front end calls it: one caller (anonymous,
 * signed in, or with a host's own Authorization header) on one container. The Pax Exam tests use
 * it inside the framework (it is part of the probe; the kit it builds on is installed next to the
 * probe), the end-to-end tests against a container process, whose log tail every failure shows.
 */
public final class Http {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();

    private final Api api;
    private final Supplier<String> context;
    private final String authorization;
    private final String accept;
    private final String language;

    private Http(Api api, Supplier<String> context, String authorization, String accept, String language) {
        this.api = api;
        this.context = context;
        this.authorization = authorization;
        this.accept = accept;
        this.language = language;
    }

    /**
     * An anonymous caller of a container process that accepts JSON, as the contract's front ends
     * do; generous timeouts, because the machine is shared and parallel sign-ins each hash a password.
     *
     * @param context what a failure should show besides the request and the answer, e.g. the container's log tail
     */
    public static Http on(String base, Supplier<String> context) {
        return new Http(new Api(base, Duration.ofSeconds(120), CLIENT), context, null, Api.ACCEPT_JSON, null);
    }

    /** An anonymous caller of the container this JVM's Pax Exam test boots, with no Accept header. */
    public static Http anonymous() {
        return new Http(new Api(Await.baseUrl(), Duration.ofSeconds(20), CLIENT), () -> "", null, null, null);
    }

    /** A client sending its own Authorization header, as a host's login scheme would. */
    public static Http withAuthorization(String header) {
        return anonymous().authorized(header);
    }

    public static Http as(String login, String password) {
        return anonymous().as(new Login(login, password));
    }

    public static Http support() {
        return as("support", CollabContainer.SUPPORT_PASSWORD);
    }

    /** The same container signed in with these credentials; null: anonymous. */
    public Http as(Login login) {
        return authorized(login == null ? null : login.header());
    }

    private Http authorized(String header) {
        return new Http(api, context, header, accept, language);
    }

    /** The same caller, asking for another media type (the {@code Accept} header). */
    public Http accepting(String mediaType) {
        return new Http(api, context, authorization, mediaType, language);
    }

    /** The same caller, preferring these languages (the {@code Accept-Language} header, e.g. {@code de-DE,de;q=0.9}). */
    public Http speaking(String acceptLanguage) {
        return new Http(api, context, authorization, accept, acceptLanguage);
    }

    public String base() {
        return api.base();
    }

    public Response get(String path) {
        return send("GET", path, null, null);
    }

    public Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    public Response post(String path, String json) {
        return send("POST", path, json, Api.JSON);
    }

    public Response put(String path, String json) {
        return send("PUT", path, json, Api.JSON);
    }

    public Response send(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = api.request(method, path, authorization, contentType, body);
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (language != null) {
            request.header("Accept-Language", language);
        }
        try {
            return new Response(api.send(request.build()), context);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e + "\n" + context.get(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(method + " " + path + " was interrupted", e);
        }
    }

    /** JSON bodies written with single quotes read better in Java strings than escaped ones. */
    public static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** The items of a page of the contract's lists. */
    public static List<JsonNode> items(JsonNode list) {
        return StreamSupport.stream(list.path("items").spliterator(), false).toList();
    }

    /** An answer, with its body parsed on demand. */
    public record Response(HttpResponse<String> raw, Supplier<String> logContext) {

        public Response(HttpResponse<String> raw) {
            this(raw, () -> "");
        }

        public int status() {
            return raw.statusCode();
        }

        public String body() {
            return raw.body();
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
                throw new AssertionError("Not JSON (" + status() + "): " + context(), e);
            }
        }

        /** @return the parsed body (a missing node when there is none), after checking the status */
        public JsonNode expect(int status) {
            if (status() != status) {
                throw new AssertionError("expected " + status + ": " + context());
            }
            if (raw.body() == null || raw.body().isEmpty()) {
                return JSON.missingNode();
            }
            try {
                return JSON.readTree(raw.body());
            } catch (JsonProcessingException e) {
                throw new AssertionError("the body is not JSON: " + context(), e);
            }
        }

        /**
         * The RFC 9457 problem document of a failure answered with {@code status}, as API.md
         * prescribes for every failure: {@code application/problem+json} with type, title, status
         * and detail, which a front end can show as is (no exception names, no stack trace).
         */
        public JsonNode problem(int status) {
            if (status() != status || !contentType().startsWith("application/problem+json")) {
                throw new AssertionError("Expected a " + status + " problem+json: " + context());
            }
            JsonNode problem = json();
            for (String field : new String[] {"type", "title", "detail"}) {
                if (!problem.path(field).isTextual() || problem.get(field).asText().isBlank()) {
                    throw new AssertionError("The problem has no " + field + ": " + context());
                }
            }
            if (problem.path("status").asInt() != status) {
                throw new AssertionError("The problem's status is not " + status + ": " + context());
            }
            if (raw.body().contains("Exception") || raw.body().contains("at dev.")) {
                throw new AssertionError("The problem names an exception or has a stack trace: " + context());
            }
            return problem;
        }

        /** What a failed assertion about this answer should show: request, answer (abbreviated) and the log tail. */
        public String context() {
            String body = raw.body();
            String shown = body == null ? "" : body.length() <= 2000 ? body : body.substring(0, 2000) + "…";
            String more = logContext.get();
            return raw.request().method() + " " + raw.uri() + " -> " + status() + " " + shown + (more.isEmpty() ? "" : "\n" + more);
        }

        @Override
        public String toString() {
            return raw.request().method() + " " + raw.uri() + " -> " + status() + " " + raw.body();
        }
    }
}
