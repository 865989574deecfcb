package dev.collab.rest.internal;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

import javax.ws.rs.NotAllowedException;
import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.collab.api.CollabException;
import dev.collab.api.ConflictException;
import dev.collab.api.FieldError;
import dev.collab.api.NotPermittedException;
import dev.collab.api.ProblemWording;
import dev.collab.api.TemporarilyUnavailableException;
import dev.collab.api.TooManyAttemptsException;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.invitations.InvitationGoneException;

/**
 * Turns every failure into {@code application/problem+json}: the suite's own exceptions by
 * kind, JAX-RS exceptions (404, 405, 415, 406, …) by status, and anything unexpected into a
 * 500 that carries an incident id and never a stack trace. Titles, details and field messages
 * are in the caller's language ({@code Accept-Language}: German or English, English by default);
 * type, status, field names and kinds never change with it. The HTTP layer's own words come from
 * {@link ProblemTexts}; the services' failures are worded by the suite's {@link ProblemWording},
 * the same the screens use, and keep their English message while it is away.
 */
@Component(service = ProblemMapper.class)
public final class ProblemMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);
    private static final ProblemTexts TEXTS = ProblemTexts.get();

    /** Optional and dynamic: the API keeps answering, in English words, while its bundle is away or updated. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile ProblemWording wording;

    /** The request's headers (a per-request proxy): the problem speaks the caller's language. */
    @Context
    HttpHeaders headers;

    @Override
    public Response toResponse(Throwable failure) {
        String language = ProblemTexts.language(headers);
        if (failure instanceof CollabException e) {
            return collab(e, language);
        }
        if (failure instanceof BulkInviteRefusedException e) {
            Views.BulkView view = e.view();
            return problem(language, 400, "validation", TEXTS.text(language, "title.validation"),
                TEXTS.text(language, "bulk.refused", view.failed(), view.rows().size()), e.errors(), view.rows()).build();
        }
        if (failure instanceof InvalidBodyException e) {
            return problem(language, 400, "validation", TEXTS.text(language, "title.validation"),
                message(language, e.errors().get(0)), e.errors()).build();
        }
        if (failure instanceof WebApplicationException e) {
            return web(e, language);
        }
        if (failure instanceof UnsupportedOperationException e) {
            return unsupported(e, language);
        }
        String incident = UUID.randomUUID().toString();
        LOG.error("Unexpected failure, incident {}", incident, failure);
        return problem(language, 500, "internal", TEXTS.text(language, "title.internal"),
            TEXTS.text(language, "problem.internal", incident), null).build();
    }

    Response collab(CollabException e, String language) {
        if (e instanceof ValidationException v) {
            return problem(language, 400, v.kind(), TEXTS.text(language, "title.validation"), summary(language, v), v.errors())
                .build();
        }
        if (e instanceof UnknownResourceException) {
            return problem(language, 404, e.kind(), TEXTS.text(language, "title.not-found"), detail(language, e), null).build();
        }
        if (e instanceof ConflictException) {
            return problem(language, 409, e.kind(), TEXTS.text(language, "title.conflict"), detail(language, e), null).build();
        }
        if (e instanceof NotPermittedException) {
            return problem(language, 403, e.kind(), TEXTS.text(language, "title.forbidden"), detail(language, e), null).build();
        }
        if (e instanceof InvitationGoneException) {
            return problem(language, 410, e.kind(), TEXTS.text(language, "title.invitation-gone"), detail(language, e), null)
                .build();
        }
        if (e instanceof TooManyAttemptsException t) {
            return problem(language, 429, t.kind(), TEXTS.text(language, "title.too-many-attempts"), detail(language, t), null)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(t.retryAfterSeconds())).build();
        }
        if (e instanceof TemporarilyUnavailableException) {
            return problem(language, 503, e.kind(), TEXTS.text(language, "title.unavailable"), detail(language, e), null)
                .header(HttpHeaders.RETRY_AFTER, "1").build();
        }
        return problem(language, 400, e.kind(), TEXTS.text(language, "title.bad-request"), detail(language, e), null).build();
    }

    private String detail(String language, CollabException e) {
        return worded(language, e.key(), e.arguments(), e.getMessage(), words -> words.detail(e, Locale.forLanguageTag(language)));
    }

    /** @return the field error's message in the language, as a problem shows it */
    String message(String language, FieldError error) {
        return worded(language, error.key(), error.arguments(), error.message(),
            words -> words.message(error, Locale.forLanguageTag(language)));
    }

    /**
     * A key of the HTTP layer's own from {@link ProblemTexts}, any other by the services'
     * wording; the English text when neither is there. Wording must never fail an answer.
     */
    private String worded(String language, String key, List<Object> arguments, String english,
        Function<ProblemWording, String> byService) {
        if (TEXTS.knows(key)) {
            return TEXTS.text(language, key, arguments, english);
        }
        ProblemWording words = wording;
        if (words == null || key == null) {
            return english;
        }
        try {
            String text = byService.apply(words);
            return text == null ? english : text;
        } catch (RuntimeException e) {
            LOG.warn("Wording '{}' failed; answering in English", key, e);
            return english;
        }
    }

    /** "Invalid input: <the first error> (and n more)", as {@link ValidationException} words it in English. */
    private String summary(String language, ValidationException v) {
        List<FieldError> errors = v.errors();
        if (errors.isEmpty()) {
            return TEXTS.text(language, "problem.invalidInputNone");
        }
        String first = message(language, errors.get(0));
        return errors.size() == 1 ? TEXTS.text(language, "problem.invalidInput", first)
            : TEXTS.text(language, "problem.invalidInputMore", first, errors.size() - 1);
    }

    /**
     * A service that does not support an operation here, e.g. a host's read-only customer
     * directory: 405. Only a message the service wrote is shown (in the words it wrote it).
     */
    private Response unsupported(UnsupportedOperationException e, String language) {
        String detail = e.getMessage() == null || e.getMessage().isBlank()
            ? TEXTS.text(language, "http.405") : e.getMessage();
        LOG.debug("Unsupported operation", e);
        return problem(language, 405, "method-not-allowed", TEXTS.text(language, "title.method-not-allowed"), detail, null)
            .build();
    }

    private Response web(WebApplicationException e, String language) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String kind = kindOf(status);
        // English keeps the HTTP reason phrase; German words the kinds it knows
        String title = type == null ? "HTTP " + status : type.getReasonPhrase();
        if (!ProblemTexts.ENGLISH.equals(language) && TEXTS.all(language).containsKey("title." + kind)) {
            title = TEXTS.text(language, "title." + kind);
        }
        String detail = switch (status) {
            case 401, 404, 405, 406, 415 -> TEXTS.text(language, "http." + status);
            case 413 -> ProblemTexts.ENGLISH.equals(language) && e.getMessage() != null
                && e.getMessage().startsWith("The request body") ? e.getMessage() : TEXTS.text(language, "http.413");
            default -> status >= 500 ? null : e.getMessage();
        };
        if (status >= 500) {
            String incident = UUID.randomUUID().toString();
            LOG.error("Request failed with {}, incident {}", status, incident, e);
            detail = TEXTS.text(language, "problem.failed", incident);
        }
        Response.ResponseBuilder builder = problem(language, status, kind, title, detail, null);
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
     * even larger answer. The field errors' messages are worded in {@code language}.
     */
    Response.ResponseBuilder problem(String language, int status, String kind, String title, String detail,
        List<FieldError> errors) {
        return problem(language, status, kind, title, detail, errors, null);
    }

    /** The problem document with every row's result of a refused bulk invitation (or {@code null}). */
    Response.ResponseBuilder problem(String language, int status, String kind, String title, String detail,
        List<FieldError> errors, List<Views.BulkRowView> rows) {
        String text = shorten(detail);
        List<Problem.Error> shown = null;
        if (errors != null) {
            shown = errors.stream().limit(MAX_ERRORS)
                .map(error -> new Problem.Error(shorten(error.field()), shorten(message(language, error)))).toList();
            if (errors.size() > MAX_ERRORS) {
                String more = TEXTS.text(language, "problem.errorsShown", MAX_ERRORS, errors.size());
                text = (text == null ? "" : text + " ") + more;
            }
        }
        return Response.status(status)
            .type(Names.PROBLEM_JSON)
            .header(HttpHeaders.CONTENT_LANGUAGE, language)
            .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE)
            .entity(new Problem(Problem.type(kind), title, status, text, shown, rows));
    }

    private static String shorten(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
    }
}
