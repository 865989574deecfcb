package dev.collab.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.ws.rs.BadRequestException;
import javax.ws.rs.InternalServerErrorException;
import javax.ws.rs.NotAcceptableException;
import javax.ws.rs.NotAllowedException;
import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.NotSupportedException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.collab.api.CollabException;
import dev.collab.api.ConflictException;
import dev.collab.api.FeatureDisabledException;
import dev.collab.api.FieldError;
import dev.collab.api.NotPermittedException;
import dev.collab.api.ProblemWording;
import dev.collab.api.TemporarilyUnavailableException;
import dev.collab.api.TooManyAttemptsException;
import dev.collab.api.UnknownResourceException;
import dev.collab.api.ValidationException;
import dev.collab.api.invitations.InvitationGoneException;

/** Every failure becomes a problem+json answer, run against a minimal test JAX-RS runtime. */
class ProblemMapperTest {
    private final ProblemMapper mapper = new ProblemMapper();

    @BeforeAll
    static void runtime() {
        TestRuntimeDelegate.install();
    }

    private static Problem problem(Response response) {
        assertEquals(Names.PROBLEM_JSON, response.getHeaderString(HttpHeaders.CONTENT_TYPE));
        Problem problem = (Problem) response.getEntity();
        assertEquals(response.getStatus(), problem.status());
        assertTrue(problem.type().startsWith("urn:collab:problem:"), problem.type());
        return problem;
    }

    @Test
    void tooManyAttemptsIs429WithRetryAfter() {
        Response response = mapper.toResponse(new TooManyAttemptsException("Too many failed sign-ins; try again in 8 seconds.", 8));
        assertEquals(429, response.getStatus());
        assertEquals("8", response.getHeaderString(HttpHeaders.RETRY_AFTER));
        Problem problem = problem(response);
        assertEquals("urn:collab:problem:too-many-attempts", problem.type());
        assertEquals("Too many failed sign-ins; try again in 8 seconds.", problem.detail());
    }

    @Test
    void aValidationFailureIs400WithItsFieldErrors() {
        List<FieldError> errors = List.of(new FieldError("rights[1]", "Unknown right 'x'."),
            new FieldError("name", "A name is required."));
        Response response = mapper.toResponse(new ValidationException(errors));
        assertEquals(400, response.getStatus());
        Problem problem = problem(response);
        assertEquals("urn:collab:problem:validation", problem.type());
        assertEquals(List.of(new Problem.Error("rights[1]", "Unknown right 'x'."), new Problem.Error("name", "A name is required.")),
            problem.errors());
        assertEquals("Invalid input: Unknown right 'x'. (and 1 more)", problem.detail());
    }

    @Test
    void anInvalidBodyIs400WithItsFieldError() {
        Response response = mapper.toResponse(new InvalidBodyException(List.of(new FieldError("nmae", "Unknown field 'nmae'."))));
        assertEquals(400, response.getStatus());
        Problem problem = problem(response);
        assertEquals("urn:collab:problem:validation", problem.type());
        assertEquals(List.of(new Problem.Error("nmae", "Unknown field 'nmae'.")), problem.errors());
    }

    @Test
    void theSuitesOwnFailuresMapByKind() {
        assertKind(mapper.toResponse(new UnknownResourceException("There is no tenant 'x'.")), 404, "not-found");
        assertKind(mapper.toResponse(new ConflictException("Exists.")), 409, "conflict");
        assertKind(mapper.toResponse(new NotPermittedException("No.")), 403, "forbidden");
        assertKind(mapper.toResponse(new FeatureDisabledException("acme")), 403, "feature-disabled");
    }

    private static void assertKind(Response response, int status, String kind) {
        assertEquals(status, response.getStatus());
        Problem problem = problem(response);
        assertEquals(Problem.type(kind), problem.type());
        assertNull(problem.errors());
    }

    @Test
    void theDetailOfTheSuitesFailuresIsTheirMessage() {
        Problem problem = problem(mapper.toResponse(new FeatureDisabledException("acme")));
        assertEquals(new FeatureDisabledException("acme").getMessage(), problem.detail());
    }

    @Test
    void aMissingPartIs503WithRetryAfter() {
        Response response = mapper.toResponse(new TemporarilyUnavailableException("The profile service is not available."));
        assertEquals(503, response.getStatus());
        assertEquals("1", response.getHeaderString(HttpHeaders.RETRY_AFTER));
        assertEquals("urn:collab:problem:unavailable", problem(response).type());
    }

    @Test
    void anUnexpectedFailureIs500WithAnIncidentButNoInternals() {
        Response response = mapper.toResponse(new IllegalStateException("secret table ACCOUNT broke at line 42"));
        assertEquals(500, response.getStatus());
        Problem problem = problem(response);
        assertEquals("urn:collab:problem:internal", problem.type());
        assertTrue(problem.detail().matches(".*incident [0-9a-f-]{36}.*"), problem.detail());
        assertFalse(problem.detail().contains("secret"), problem.detail());
        assertFalse(problem.detail().contains("IllegalStateException"), problem.detail());
    }

    @Test
    void everyIncidentHasItsOwnId() {
        String first = problem(mapper.toResponse(new RuntimeException())).detail();
        String second = problem(mapper.toResponse(new RuntimeException())).detail();
        assertFalse(first.equals(second));
    }

    @Test
    void unauthenticatedIs401WithABasicChallenge() {
        Response response = mapper.toResponse(new NotAuthorizedException("Basic realm=\"collab\""));
        assertEquals(401, response.getStatus());
        assertEquals("urn:collab:problem:unauthenticated", problem(response).type());
        assertTrue(response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE).startsWith("Basic realm=\"collab\""));
    }

    @Test
    void theContainersHttpFailuresMapByStatus() {
        assertKind(mapper.toResponse(new NotFoundException()), 404, "not-found");
        assertKind(mapper.toResponse(new NotAcceptableException()), 406, "not-acceptable");
        assertKind(mapper.toResponse(new NotSupportedException()), 415, "unsupported-media-type");
        assertKind(mapper.toResponse(new BadRequestException()), 400, "bad-request");
        Response teapot = mapper.toResponse(new WebApplicationException(418));
        assertEquals(418, teapot.getStatus());
        assertNull(problem(teapot).errors());
    }

    @Test
    void aUsedOrExpiredInvitationIs410() {
        Response response = mapper.toResponse(new InvitationGoneException("This invitation was used."));
        assertEquals(410, response.getStatus());
        Problem problem = problem(response);
        assertEquals(Problem.type("invitation-gone"), problem.type());
        assertEquals("This invitation was used.", problem.detail());
    }

    @Test
    void anOperationAServiceDoesNotSupportIs405WithItsOwnWords() {
        Response response = mapper.toResponse(new UnsupportedOperationException("The host's customer directory is read-only."));
        assertEquals(405, response.getStatus());
        Problem problem = problem(response);
        assertEquals(Problem.type("method-not-allowed"), problem.type());
        assertEquals("The host's customer directory is read-only.", problem.detail());

        Problem silent = problem(mapper.toResponse(new UnsupportedOperationException()));
        assertEquals(405, silent.status());
        assertFalse(silent.detail().isBlank());
    }

    @Test
    void aWrongMethodIs405AndSaysWhichAreAllowed() {
        Response response = mapper.toResponse(new NotAllowedException("GET", new String[] {"PUT"}));
        assertEquals(405, response.getStatus());
        assertEquals("urn:collab:problem:method-not-allowed", problem(response).type());
        assertEquals(Set.of("GET", "PUT"), response.getAllowedMethods());
    }

    @Test
    void aContainerServerErrorIs500WithAnIncidentButNoInternals() {
        Response response = mapper.toResponse(new InternalServerErrorException("connection pool exhausted"));
        assertEquals(500, response.getStatus());
        Problem problem = problem(response);
        assertEquals("urn:collab:problem:internal", problem.type());
        assertTrue(problem.detail().contains("incident"), problem.detail());
        assertFalse(problem.detail().contains("pool"), problem.detail());
    }

    @Test
    void theTitleOfAnHttpFailureIsItsReasonPhrase() {
        assertEquals("Not Found", problem(mapper.toResponse(new NotFoundException())).title());
        assertEquals("HTTP 499", problem(mapper.toResponse(new WebApplicationException(499))).title());
        assertEquals("http-499", problem(mapper.toResponse(new WebApplicationException(499))).type()
            .substring("urn:collab:problem:".length()));
    }

    @Test
    void atMostTwentyFieldErrorsAreAnsweredAndEachIsShort() {
        List<FieldError> many = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            many.add(new FieldError("customers[" + i + "]", "Unknown customer '" + "x".repeat(1000) + "'."));
        }
        Response response = mapper.toResponse(new ValidationException(many));
        Problem problem = problem(response);
        assertEquals(ProblemMapper.MAX_ERRORS, problem.errors().size());
        assertTrue(problem.errors().get(0).message().length() < 400);
        assertTrue(problem.detail().contains("20 of 10000 errors shown"), problem.detail());
    }

    @Test
    void aTooLargeBodyIs413Problem() {
        Response response = mapper.toResponse(new WebApplicationException("The request body is larger than 10 bytes.", 413));
        assertKind(response, 413, "payload-too-large");
        assertEquals("The request body is larger than 10 bytes.", problem(response).detail());
    }

    /**
     * Words as the suite's catalog would, but visibly: "[de] key [arguments]", so that a test
     * sees which text came from the wording and in which language it was asked.
     */
    private static final ProblemWording TAGGED = new ProblemWording() {
        @Override
        public String detail(CollabException failure, Locale language) {
            return tagged(failure.key(), failure.arguments(), language, failure.getMessage());
        }

        @Override
        public String message(FieldError error, Locale language) {
            return tagged(error.key(), error.arguments(), language, error.message());
        }
    };

    private static String tagged(String key, List<Object> arguments, Locale language, String english) {
        return key == null ? english : "[" + language.getLanguage() + "] " + key + " " + arguments;
    }

    @Test
    void aGermanCallerGetsGermanTitleDetailAndFieldMessagesButTheSameTypeAndFields() {
        mapper.wording = TAGGED;
        mapper.headers = AcceptLanguageHeaders.of("de-DE", "en");
        Response response = mapper.toResponse(new ValidationException(List.of(
            FieldError.of("name", "name.required", "A name is required."),
            FieldError.of("rights[0]", "right.unknown", "Unknown right 'x'.", "x"))));
        Problem problem = problem(response);
        assertEquals("urn:collab:problem:validation", problem.type());
        assertEquals("Ungültige Eingabe", problem.title());
        assertEquals("Ungültige Eingabe: [de] name.required [] (und 1 weitere)", problem.detail());
        assertEquals(List.of(new Problem.Error("name", "[de] name.required []"),
            new Problem.Error("rights[0]", "[de] right.unknown [x]")), problem.errors());
        assertEquals("de", response.getHeaderString(HttpHeaders.CONTENT_LANGUAGE));
    }

    @Test
    void aKeyedConflictIsWordedByTheSuitesWordingInTheCallersLanguage() {
        mapper.wording = TAGGED;
        ConflictException inUse = new ConflictException("profile.inUse",
            "Profile 'GF' is in use by 2 grant(s), e.g. A, B. Change or remove them first.", "GF", 2, "A, B");
        mapper.headers = AcceptLanguageHeaders.of("de");
        Problem german = problem(mapper.toResponse(inUse));
        assertEquals("urn:collab:problem:conflict", german.type());
        assertEquals("Konflikt", german.title());
        assertEquals("[de] profile.inUse [GF, 2, A, B]", german.detail());
        mapper.headers = AcceptLanguageHeaders.of("fr", "en");
        Problem english = problem(mapper.toResponse(inUse));
        assertEquals("Conflict", english.title());
        assertEquals("[en] profile.inUse [GF, 2, A, B]", english.detail());
        mapper.headers = AcceptLanguageHeaders.of("de");
        assertEquals("[de] feature.disabled [acme]", problem(mapper.toResponse(new FeatureDisabledException("acme"))).detail());
    }

    @Test
    void withoutTheWordingTheServicesFailuresKeepTheirEnglishMessageUnderAGermanTitle() {
        mapper.wording = null;
        mapper.headers = AcceptLanguageHeaders.of("de");
        Problem conflict = problem(mapper.toResponse(new ConflictException("grant.exists", "A grant named 'X' exists already.", "X")));
        assertEquals("Konflikt", conflict.title());
        assertEquals("A grant named 'X' exists already.", conflict.detail());
        Problem invalid = problem(mapper.toResponse(new ValidationException("name", "name.required", "A name is required.")));
        assertEquals("Ungültige Eingabe: A name is required.", invalid.detail());
        assertEquals(List.of(new Problem.Error("name", "A name is required.")), invalid.errors());
    }

    @Test
    void aWordingThatFailsLeavesTheEnglishMessage() {
        mapper.wording = new ProblemWording() {
            @Override
            public String detail(CollabException failure, Locale language) {
                throw new IllegalStateException("the catalog's bundle is stopping");
            }

            @Override
            public String message(FieldError error, Locale language) {
                return null;
            }
        };
        mapper.headers = AcceptLanguageHeaders.of("de");
        Problem conflict = problem(mapper.toResponse(new ConflictException("grant.exists", "A grant named 'X' exists already.", "X")));
        assertEquals(409, conflict.status());
        assertEquals("A grant named 'X' exists already.", conflict.detail());
        Problem invalid = problem(mapper.toResponse(new ValidationException("name", "name.required", "A name is required.")));
        assertEquals(List.of(new Problem.Error("name", "A name is required.")), invalid.errors());
    }

    @Test
    void aMessageWithoutKeyStaysEnglishForAGermanCaller() {
        mapper.wording = TAGGED;
        mapper.headers = AcceptLanguageHeaders.of("de");
        Problem problem = problem(mapper.toResponse(new NotPermittedException("A partner's own words.")));
        assertEquals("Nicht erlaubt", problem.title());
        assertEquals("A partner's own words.", problem.detail());
    }

    /** The HTTP layer's own words are German also while the services' wording is away (e.g. its bundle is what is missing). */
    @Test
    void theHttpLayersOwnProblemsAreGermanWithoutTheWording() {
        mapper.wording = null;
        mapper.headers = AcceptLanguageHeaders.of("de");
        Problem unauthenticated = problem(mapper.toResponse(new NotAuthorizedException("Basic realm=\"collab\"")));
        assertEquals("Anmeldung erforderlich", unauthenticated.title());
        assertTrue(unauthenticated.detail().startsWith("Eine Anmeldung ist erforderlich"), unauthenticated.detail());
        Problem away = problem(mapper.toResponse(new TemporarilyUnavailableException("unavailable.part",
            "The profile service is not available right now; retry shortly.", "profile")));
        assertEquals("Vorübergehend nicht verfügbar", away.title());
        assertEquals("Der Dienst „profile“ ist gerade nicht verfügbar. Bitte versuchen Sie es gleich noch einmal.", away.detail());
        Problem body = problem(mapper.toResponse(new InvalidBodyException(List.of(
            FieldError.of("nmae", "field.unknown", "Unknown field 'nmae'.", "nmae")))));
        assertEquals(List.of(new Problem.Error("nmae", "Unbekanntes Feld „nmae“.")), body.errors());
    }
}
