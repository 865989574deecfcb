package dev.collab.boot.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's server-wide error page, as problem details: Jetty calls it for a request it refuses
 * while parsing (malformed percent-encoding, encoded separators or dots, empty segments,
 * illegal characters, bad UTF-8: before any filter, preprocessor or servlet could answer) and
 * for a servlet's {@code sendError}. The answer never repeats Jetty's message or cause, which
 * may echo the request or name Jetty's classes; it is chosen by the status alone.
 */
final class ProblemErrorHandler implements Request.Handler {
    static final String CONTENT_TYPE = "application/problem+json;charset=utf-8";

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        if (status < 400) {
            // writeError was asked for an error without one: the request failed in the server
            status = 500;
            response.setStatus(status);
        }
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (HttpStatus.hasNoBody(status)) {
            callback.succeeded();
            return true;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(body(status).getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    /** The problem document for a status, shaped like the REST API's own. */
    static String body(int status) {
        String title = HttpStatus.getMessage(status);
        return "{\"type\":\"urn:collab:problem:" + kind(status) + "\",\"title\":\"" + title + "\",\"status\":" + status
            + ",\"detail\":\"" + detail(status) + "\"}";
    }

    static String kind(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 413 -> "payload-too-large";
            case 414 -> "uri-too-long";
            case 431 -> "headers-too-large";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal" : "http-" + status;
        };
    }

    static String detail(int status) {
        return switch (status) {
            case 400 -> "The request is malformed: its path, query or headers cannot be read (for example a '%' without"
                + " two hexadecimal digits, an encoded control character, separator or dot, an empty path segment, or"
                + " bytes that are not UTF-8).";
            case 404 -> "There is no such resource.";
            case 405 -> "This resource does not support that method.";
            case 413 -> "The request body is too large.";
            case 414 -> "The request target is too long.";
            case 431 -> "The request's headers are too large.";
            case 503 -> "The service is not available right now; retry shortly.";
            default -> status >= 500 ? "The request failed." : "The request cannot be answered.";
        };
    }
}
