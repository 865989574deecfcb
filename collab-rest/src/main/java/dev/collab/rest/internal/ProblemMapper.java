package dev.collab.rest.internal;

import java.util.List;
import java.util.UUID;

import javax.ws.rs.NotAllowedException;
import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.collab.api.CollabException;
import dev.collab.api.ConflictException;
import dev.collab.api.FieldError;
import dev.collab.api.ForbiddenException;
import dev.collab.api.NotFoundException;
import dev.collab.api.ServiceUnavailableException;
import dev.collab.api.TooManyAttemptsException;
import dev.collab.api.ValidationException;
import dev.collab.api.invitations.InvitationGoneException;

/**
 * Turns every failure into {@code application/problem+json}: the suite's own exceptions by
 * kind, JAX-RS exceptions (404, 405, 415, 406, …) by status, and anything unexpected into a
 * 500 that carries an incident id and never a stack trace.
 */
@Component(service = ProblemMapper.class)
public final class ProblemMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof CollabException e) {
            return collab(e);
        }
        if (failure instanceof InvalidBodyException e) {
            return problem(400, "validation", "Invalid input", e.getMessage(), e.errors()).build();
        }
        if (failure instanceof WebApplicationException e) {
            return web(e);
        }
        if (failure instanceof UnsupportedOperationException e) {
            return unsupported(e);
        }
        String incident = UUID.randomUUID().toString();
        LOG.error("Unexpected failure, incident {}", incident, failure);
        return problem(500, "internal", "Internal error",
            "The request failed unexpectedly. Quote incident " + incident + " when reporting it.", null).build();
    }

    static Response collab(CollabException e) {
        if (e instanceof ValidationException v) {
            return problem(400, v.kind(), "Invalid input", v.getMessage(), v.errors()).build();
        }
        if (e instanceof NotFoundException) {
            return problem(404, e.kind(), "Not found", e.getMessage(), null).build();
        }
        if (e instanceof ConflictException) {
            return problem(409, e.kind(), "Conflict", e.getMessage(), null).build();
        }
        if (e instanceof ForbiddenException) {
            return problem(403, e.kind(), "Forbidden", e.getMessage(), null).build();
        }
        if (e instanceof InvitationGoneException) {
            return problem(410, e.kind(), "Gone", e.getMessage(), null).build();
        }
        if (e instanceof TooManyAttemptsException t) {
            return problem(429, t.kind(), "Too Many Requests", t.getMessage(), null)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(t.retryAfterSeconds())).build();
        }
        if (e instanceof ServiceUnavailableException) {
            return problem(503, e.kind(), "Service unavailable", e.getMessage(), null)
                .header(HttpHeaders.RETRY_AFTER, "1").build();
        }
        return problem(400, e.kind(), "Bad request", e.getMessage(), null).build();
    }

    /**
     * A service that does not support an operation here, e.g. a host's read-only customer
     * directory: 405. Only a message the service wrote is shown.
     */
    private static Response unsupported(UnsupportedOperationException e) {
        String detail = e.getMessage() == null || e.getMessage().isBlank()
            ? "This resource does not support that method." : e.getMessage();
        LOG.debug("Unsupported operation", e);
        return problem(405, "method-not-allowed", "Method Not Allowed", detail, null).build();
    }

    private static Response web(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "HTTP " + status : type.getReasonPhrase();
        String detail = switch (status) {
            case 401 -> "Authentication is required: send valid credentials (HTTP Basic in the embedded default).";
            case 404 -> "There is no such resource.";
            case 405 -> "This resource does not support that method.";
            case 406 -> "This resource answers application/json only.";
            case 415 -> "Send the body as application/json (UTF-8).";
            case 413 -> e.getMessage() != null && e.getMessage().startsWith("The request body") ? e.getMessage()
                : "The request body is too large.";
            default -> status >= 500 ? "The request failed." : e.getMessage();
        };
        if (status >= 500) {
            String incident = UUID.randomUUID().toString();
            LOG.error("Request failed with {}, incident {}", status, incident, e);
            detail = detail + " Quote incident " + incident + " when reporting it.";
        }
        Response.ResponseBuilder builder = problem(status, kindOf(status), title, detail, null);
        if (e instanceof NotAuthorizedException || status == 401) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"collab\", charset=\"UTF-8\"");
        }
        if (e instanceof NotAllowedException && e.getResponse() != null) {
            builder.allow(e.getResponse().getAllowedMethods());
        }
        if (e.getResponse() != null && e.getResponse().getHeaderString(HttpHeaders.RETRY_AFTER) != null) {
            builder.header(HttpHeaders.RETRY_AFTER, e.getResponse().getHeaderString(HttpHeaders.RETRY_AFTER));
        }
        return builder.build();
    }

    /** At most this many field errors in one answer: the rest are counted in the detail. */
    static final int MAX_ERRORS = 20;
    private static final int MAX_TEXT = 300;

    private static String kindOf(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            case 429 -> "too-many-attempts";
            default -> status >= 500 ? "internal" : "http-" + status;
        };
    }

    /**
     * The problem document. At most {@link #MAX_ERRORS} field errors, each field and message
     * shortened to a few hundred characters, so that a large invalid body cannot produce an
     * even larger answer.
     */
    static Response.ResponseBuilder problem(int status, String kind, String title, String detail, List<FieldError> errors) {
        String text = shorten(detail);
        List<FieldError> shown = errors;
        if (errors != null) {
            shown = errors.stream().limit(MAX_ERRORS)
                .map(error -> new FieldError(shorten(error.field()), shorten(error.message()))).toList();
            if (errors.size() > MAX_ERRORS) {
                text = (text == null ? "" : text + " ") + "(" + MAX_ERRORS + " of " + errors.size() + " errors shown.)";
            }
        }
        return Response.status(status)
            .type(Names.PROBLEM_JSON)
            .entity(new Problem(Problem.type(kind), title, status, text, shown));
    }

    private static String shorten(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
    }
}
