package dev.collab.itests.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The REST API of one container process, as a front end calls it (after {@code ContainerProcessIT.Http}). */
final class Rest {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    private static final String JSON_TYPE = "application/json";

    /** HTTP Basic credentials; support logs in as "support", everybody else with their e-mail. */
    record Login(String user, String password) {
        String header() {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
        }
    }

    final String base;
    private final Supplier<String> logTail;

    Rest(String base, Supplier<String> logTail) {
        this.base = base;
        this.logTail = logTail;
    }

    HttpResponse<String> get(String path, Login login) {
        return send("GET", path, login, null, null);
    }

    HttpResponse<String> put(String path, Login login, String json) {
        return send("PUT", path, login, JSON_TYPE, json);
    }

    HttpResponse<String> post(String path, Login login, String json) {
        return send("POST", path, login, JSON_TYPE, json);
    }

    HttpResponse<String> delete(String path, Login login) {
        return send("DELETE", path, login, null, null);
    }

    /** @param login null for an anonymous request */
    HttpResponse<String> send(String method, String path, Login login, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
            // generous: the machine is shared, and 50 parallel accepts each hash a password
            .timeout(Duration.ofSeconds(120))
            .header("Accept", "application/json, application/problem+json")
            .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body, UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (login != null) {
            request.header("Authorization", login.header());
        }
        try {
            return CLIENT.send(request.build(), BodyHandlers.ofString(UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed\n" + logTail.get(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " was interrupted", e);
        }
    }

    /** @return the parsed body, after checking the status */
    JsonNode expect(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), () -> context(response));
        if (response.body() == null || response.body().isEmpty()) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            return fail("the body is not JSON\n" + context(response), e);
        }
    }

    /** Checks the status and that the body is a problem detail a front end can show as is. */
    JsonNode expectProblem(int status, HttpResponse<String> response) {
        JsonNode problem = expect(status, response);
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith("application/problem+json"), () -> "Content-Type " + type + "\n" + context(response));
        for (String field : List.of("type", "title", "status", "detail")) {
            assertTrue(problem.hasNonNull(field), () -> "no " + field + "\n" + context(response));
        }
        assertEquals(status, problem.path("status").asInt(), () -> context(response));
        assertFalse(response.body().contains("Exception"), () -> "names an exception\n" + context(response));
        assertFalse(response.body().contains("at dev."), () -> "has a stack trace\n" + context(response));
        return problem;
    }

    /** What a failed assertion about this answer should show: request, answer and the container's log. */
    String context(HttpResponse<String> response) {
        String body = response.body();
        String shown = body == null ? "" : body.length() <= 2000 ? body : body.substring(0, 2000) + "…";
        return response.request().method() + " " + response.request().uri() + " answered " + response.statusCode()
            + " " + shown + "\n" + logTail.get();
    }

    /** JSON bodies written with single quotes read better in Java strings than escaped ones. */
    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static List<JsonNode> items(JsonNode list) {
        return StreamSupport.stream(list.path("items").spliterator(), false).toList();
    }
}
