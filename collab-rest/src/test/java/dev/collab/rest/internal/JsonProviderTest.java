package dev.collab.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedHashMap;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import dev.collab.api.FieldError;
import dev.collab.api.profiles.Right;

/** The JSON reader and writer, called directly as the JAX-RS runtime would. */
class JsonProviderTest {
    private static final Annotation[] NONE = new Annotation[0];
    private static final MediaType JSON = MediaType.APPLICATION_JSON_TYPE;
    private final JsonProvider provider = new JsonProvider();

    @BeforeAll
    static void runtime() {
        // InvalidBodyException is a javax.ws.rs.BadRequestException, whose constructor builds a Response
        TestRuntimeDelegate.install();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <T> T read(Type type, String body) throws IOException {
        Class raw = type instanceof Class<?> c ? c : Object.class;
        return (T) provider.readFrom(raw, type, NONE, JSON, new MultivaluedHashMap<>(),
            new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    private FieldError invalid(Type type, String body) {
        InvalidBodyException e = assertThrows(InvalidBodyException.class, () -> read(type, body));
        assertEquals(400, e.getResponse().getStatus());
        assertEquals(1, e.errors().size());
        assertEquals(e.errors().get(0).message(), e.getMessage());
        return e.errors().get(0);
    }

    private String write(Object value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        provider.writeTo(value, value.getClass(), value.getClass(), NONE, JSON, new MultivaluedHashMap<>(), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    // --- reading ------------------------------------------------------------------------------

    @Test
    void aProfileBodyIsRead() throws IOException {
        Bodies.ProfileBody body = read(Bodies.ProfileBody.class,
            "{\"name\":\"GF\",\"description\":\"Boss\",\"rights\":[\"contracts.view\"],\"delegableProfiles\":[\"MA\"],"
                + "\"maxValidityMonths\":12}");
        assertEquals(new Bodies.ProfileBody("GF", "Boss", List.of("contracts.view"), List.of("MA"), 12), body);
    }

    @Test
    void missingFieldsAreReadAsNull() throws IOException {
        assertEquals(new Bodies.ProfileBody("GF", null, null, null, null), read(Bodies.ProfileBody.class, "{\"name\":\"GF\"}"));
        assertEquals(new Bodies.FeatureBody(null), read(Bodies.FeatureBody.class, "{}"));
    }

    @Test
    void theLiteralNullIsReadAsNoBody() throws IOException {
        assertNull(read(Bodies.TenantBody.class, "null"));
    }

    @Test
    void anEmptyBodyIsRefusedAsMissing() {
        assertEquals(FieldError.of("body", "body.required", "A JSON body is required."), invalid(Bodies.TenantBody.class, ""));
    }

    @Test
    void malformedJsonIsRefusedWithLineAndColumn() {
        FieldError error = invalid(Bodies.TenantBody.class, "{\n  \"name\": ,\n}");
        assertEquals("body", error.field());
        assertTrue(error.message().startsWith("Malformed JSON at line 2, column "), error.message());
    }

    @Test
    void anUnknownFieldIsRefusedByName() {
        FieldError error = invalid(Bodies.TenantBody.class, "{\"name\":\"Acme\",\"nmae\":\"typo\"}");
        assertEquals("nmae", error.field());
        assertEquals("Unknown field 'nmae'.", error.message());
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedNamingItsPath() {
        FieldError rights = invalid(Bodies.ProfileBody.class, "{\"name\":\"GF\",\"rights\":\"contracts.view\"}");
        assertEquals(FieldError.of("rights", "body.expected.array", "Expected an array."), rights);

        FieldError element = invalid(Bodies.ProfileBody.class, "{\"name\":\"GF\",\"rights\":[\"a.b\", {\"x\":1}]}");
        assertEquals(FieldError.of("rights[1]", "body.expected.string", "Expected a string."), element);

        FieldError name = invalid(Bodies.TenantBody.class, "{\"name\":{\"first\":\"A\"}}");
        assertEquals(FieldError.of("name", "body.expected.string", "Expected a string."), name);

        FieldError enabled = invalid(Bodies.FeatureBody.class, "{\"enabled\":\"perhaps\"}");
        assertEquals(FieldError.of("enabled", "body.expected.boolean", "Expected true or false."), enabled);
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        assertEquals(FieldError.of("body", "body.expected.object", "Expected a JSON object."), invalid(Bodies.TenantBody.class, "[1,2]"));
        assertEquals("body", invalid(Bodies.TenantBody.class, "42").field());
    }

    @Test
    void aGenericListTypeIsReadWithItsElementType() throws IOException {
        Type type = new TypeReference<List<Right>>() { }.getType();
        List<Right> rights = read(type, "[{\"id\":\"a.b\",\"title\":\"AB\"}]");
        assertEquals(List.of(new Right("a.b", "AB")), rights);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\":\"a\"} {\"name\":\"b\"}", "{\"name\":\"a\"} garbage", "{\"name\":\"a\"}}",
        "{\"name\":\"a\"} 1"})
    void trailingContentAfterTheBodyIsRefused(String body) {
        assertEquals("body", invalid(Bodies.TenantBody.class, body).field());
    }

    @Test
    void whitespaceAroundTheBodyIsFine() throws IOException {
        assertEquals(new Bodies.TenantBody("Acme", null, null, null, null, null, null, null, null), read(Bodies.TenantBody.class, " \n {\"name\":\"Acme\"} \n "));
    }

    @Test
    void theStreamIsLeftOpenForTheContainer() throws IOException {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream("{\"name\":\"Acme\"}".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        provider.readFrom(Object.class, Bodies.TenantBody.class, NONE, JSON, new MultivaluedHashMap<>(), in);
        assertFalse(closed[0]);
    }

    @Test
    void scalarsOfTheWrongTypeAreNotCoerced() {
        assertEquals("name", invalid(Bodies.TenantBody.class, "{\"name\":42}").field());
        assertEquals("enabled", invalid(Bodies.FeatureBody.class, "{\"enabled\":1}").field());
        assertEquals("enabled", invalid(Bodies.FeatureBody.class, "{\"enabled\":\"true\"}").field());
    }

    // --- writing ------------------------------------------------------------------------------

    @Test
    void aRecordIsWrittenWithCamelCaseFieldNames() throws IOException {
        JsonNode json = provider.mapper().readTree(write(new Views.TenantView("acme", "Acme", Map.of("delegatedAccess", true), "de", null,
            "Europe/Berlin", 48, true, 90, 14, "REVOKE")));
        assertEquals("acme", json.get("id").asText());
        assertEquals("Acme", json.get("name").asText());
        assertTrue(json.get("features").get("delegatedAccess").asBoolean());
        assertEquals(48, json.get("reminderLeadHours").asInt());
        assertTrue(json.get("removalMail").asBoolean());
        assertEquals(90, json.get("reviewDays").asInt());
        assertEquals("REVOKE", json.get("reviewMode").asText());
    }

    @Test
    void aWrittenBodyReadsBackAsTheSameRecord() throws IOException {
        Bodies.ProfileBody body = new Bodies.ProfileBody("GF", "Boss", List.of("a.b"), List.of("MA", "GF"), null);
        assertEquals(body, read(Bodies.ProfileBody.class, write(body)));
    }

    @Test
    void aProblemWithoutErrorsLeavesTheErrorsOut() throws IOException {
        String json = write(new Problem(Problem.type("not-found"), "Not found", 404, "There is no tenant 'x'.", null));
        assertEquals("{\"type\":\"urn:collab:problem:not-found\",\"title\":\"Not found\",\"status\":404,"
            + "\"detail\":\"There is no tenant 'x'.\"}", json);
    }

    @Test
    void aProblemWithErrorsListsFieldAndMessage() throws IOException {
        String json = write(new Problem(Problem.type("validation"), "Invalid input", 400, "Invalid input: x",
            List.of(new Problem.Error("rights[0]", "Unknown right 'x'."))));
        JsonNode node = provider.mapper().readTree(json);
        assertEquals("rights[0]", node.get("errors").get(0).get("field").asText());
        assertEquals("Unknown right 'x'.", node.get("errors").get(0).get("message").asText());
    }

    @Test
    void timestampsAreWrittenAsIso8601Utc() throws IOException {
        assertEquals("{\"at\":\"2026-03-01T08:15:30.250Z\"}",
            write(Map.of("at", Instant.parse("2026-03-01T08:15:30.250Z"))));
    }

    @Test
    void aPageAlwaysHasItsNextCursorEvenWhenNull() throws IOException {
        assertEquals("{\"items\":[\"a\"],\"nextCursor\":null}", write(Page.of(List.of("a"), null, null)));
    }

    @Test
    void theOutputStreamIsLeftOpenForTheContainer() throws IOException {
        boolean[] closed = {false};
        OutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        provider.writeTo(Map.of("a", 1), Map.class, Map.class, NONE, JSON, new MultivaluedHashMap<>(), out);
        assertFalse(closed[0]);
    }

    // --- which types and media types ----------------------------------------------------------

    @Test
    void jsonAndProblemJsonAreHandledButRawTypesAreLeftToTheContainer() {
        MediaType problem = new MediaType("application", "problem+json");
        MediaType text = MediaType.TEXT_PLAIN_TYPE;
        assertTrue(provider.isReadable(Bodies.TenantBody.class, Bodies.TenantBody.class, NONE, JSON));
        assertTrue(provider.isWriteable(Problem.class, Problem.class, NONE, problem));
        assertTrue(provider.isWriteable(Problem.class, Problem.class, NONE, null));
        assertFalse(provider.isReadable(Bodies.TenantBody.class, Bodies.TenantBody.class, NONE, text));
        for (Class<?> raw : List.of(String.class, byte[].class, InputStream.class, ByteArrayInputStream.class,
            StreamingOutput.class, Response.class)) {
            assertFalse(provider.isWriteable(raw, raw, NONE, JSON), raw.getName());
            assertFalse(provider.isReadable(raw, raw, NONE, JSON), raw.getName());
        }
    }

    // --- hostile input (security review) -----------------------------------------------------

    @Test
    void aBodyAnnouncedLargerThanTheLimitIsRefusedWith413BeforeReading() {
        JsonProvider small = new JsonProvider(100);
        MultivaluedHashMap<String, String> headers = new MultivaluedHashMap<>();
        headers.putSingle("Content-Length", "1000");
        InputStream unread = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the body must not be read");
            }
        };
        WebApplicationException e = assertThrows(WebApplicationException.class,
            () -> small.readFrom(Object.class, JsonNode.class, NONE, JSON, headers, unread));
        assertEquals(413, e.getResponse().getStatus());
    }

    @Test
    void aStreamedBodyLargerThanTheLimitIsRefusedWith413WhileReading() {
        JsonProvider small = new JsonProvider(1000);
        String body = "[" + "{},".repeat(10_000) + "{}]";
        WebApplicationException e = assertThrows(WebApplicationException.class,
            () -> small.readFrom(Object.class, JsonNode.class, NONE, JSON, new MultivaluedHashMap<>(),
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))));
        assertEquals(413, e.getResponse().getStatus());
        assertFalse(e.getClass().getName().contains("Invalid"));
    }

    @Test
    void theDefaultLimitIs256KiBAndConfigurable() {
        JsonProvider configured = new JsonProvider();
        configured.configure(Map.of("maxBodyBytes", "10"));
        assertThrows(WebApplicationException.class, () -> configured.readFrom(Object.class, JsonNode.class, NONE,
            JSON, new MultivaluedHashMap<>(), new ByteArrayInputStream("{\"name\":\"long enough\"}".getBytes(StandardCharsets.UTF_8))));
        assertEquals(256 * 1024, JsonProvider.DEFAULT_MAX_BODY_BYTES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\":", "{\"name\" 1}", "[[[[[[", "{\"name\":\"\u0000", "\u00ff\u00fe", "{'name':1}",
        "{\"customers\":{\"a\":1}}", "{\"customers\":[[]]}", "{\"separateDelegateGrants\":\"yes\"}", "{\"rights\":1e999}"})
    void messagesNameNoParserInternals(String body) {
        InvalidBodyException e = assertThrows(InvalidBodyException.class, () -> read(Bodies.GrantBody.class, body));
        for (FieldError error : e.errors()) {
            for (String text : List.of(error.field(), error.message())) {
                for (String internal : List.of("com.fasterxml", "jackson", "Jackson", "java.lang", "Exception", "dev.collab",
                    "Bodies", "`", "(code ", "StreamReadConstraints")) {
                    assertFalse(text.contains(internal), text);
                }
            }
        }
    }

    @Test
    void aDeeplyNestedBodyIsRefusedInPlainWords() {
        String body = "[".repeat(5000) + "]".repeat(5000);
        InvalidBodyException e = assertThrows(InvalidBodyException.class, () -> read(JsonNode.class, body));
        assertEquals("The JSON is nested too deeply or holds a value that is too long.", e.errors().get(0).message());
    }
}
