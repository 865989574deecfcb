package dev.collab.rest.internal;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.ws.rs.BeanParam;
import javax.ws.rs.CookieParam;
import javax.ws.rs.FormParam;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.MatrixParam;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Keeps the hand-written OpenAPI document ({@code openapi.json} next to {@link OpenApiResource})
 * and the JAX-RS resources of this bundle in step: every resource method is documented, the
 * document documents nothing that does not exist, and each operation declares the answers
 * every client relies on.
 */
class OpenApiCoverageTest {

    /** The resource classes of this bundle; a new resource class must be added here. */
    private static final List<Class<?>> RESOURCES = List.of(TenantResource.class, RightsResource.class,
        ProfileResource.class, CustomerResource.class, GrantResource.class, AuditResource.class,
        AccessResource.class, SelfServiceResource.class, InvitationResource.class, HealthResource.class,
        OpenApiResource.class);

    /**
     * Marks an operation that exists only to answer a refusal the contract prescribes (e.g. 409
     * "delete and invite again" instead of a bare 405); it declares no success response.
     */
    private static final String ALWAYS_REFUSED = "x-collab-always-refused";

    /** The keys of an OpenAPI 3.0 path item that name operations. */
    private static final Set<String> OPERATION_KEYS = Set.of("get", "put", "post", "delete", "options", "head",
        "patch", "trace");

    /** Parameter annotations that make a parameter something other than the request body. */
    private static final List<Class<? extends Annotation>> NON_BODY = List.of(PathParam.class, QueryParam.class,
        HeaderParam.class, CookieParam.class, MatrixParam.class, FormParam.class, BeanParam.class, Context.class);

    private static JsonNode document;
    /** "get /tenants/{tenantId}" → the resource method, for every resource method of the bundle. */
    private static Map<String, Method> implemented;
    /** "get /tenants/{tenantId}" → the operation object, for every operation of the document. */
    private static Map<String, JsonNode> documented;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(OpenApiResource.DOCUMENT)) {
            assertNotNull(in, OpenApiResource.DOCUMENT + " must be on the classpath next to OpenApiResource");
            document = new ObjectMapper().readTree(in);
        }
        implemented = resourceMethods();
        documented = documentedOperations(document);
    }

    @Test
    void documentIsOpenApi303WithTheApplicationBaseAsServer() {
        assertAll("document header",
            () -> assertEquals("3.0.3", document.path("openapi").asText(), "openapi version"),
            () -> assertEquals("/collab/api/v1", document.path("servers").path(0).path("url").asText(),
                "the first server must be the application's base path"),
            () -> assertFalse(document.path("info").path("title").asText().isBlank(), "info.title"),
            () -> assertFalse(document.path("info").path("version").asText().isBlank(), "info.version"),
            () -> assertTrue(document.path("paths").isObject() && document.path("paths").size() > 0,
                "the document must have paths"));
    }

    @Test
    void resourceClassesDeclareHttpMethods() {
        assertFalse(implemented.isEmpty(), "reflection found no resource methods at all: " + RESOURCES);
    }

    @Test
    void everyResourceMethodIsDocumented() {
        List<Executable> checks = new ArrayList<>();
        implemented.forEach((operation, method) -> checks.add(() -> assertTrue(documented.containsKey(operation),
            "resource method " + describe(method) + " serves '" + operation
                + "', which openapi.json does not document")));
        for (Class<?> resource : RESOURCES) {
            for (Method method : resource.getMethods()) {
                if (method.isAnnotationPresent(Path.class) && httpMethod(method) == null) {
                    checks.add(() -> fail(describe(method)
                        + " is a sub-resource locator, which this test cannot follow: document its operations"
                        + " and teach this test about it"));
                }
            }
        }
        assertAll("every resource method is in openapi.json", checks);
    }

    @Test
    void documentListsNoUnimplementedOperation() {
        assertAll("every operation of openapi.json is served by a resource method",
            documented.keySet().stream().map(operation -> (Executable) () -> assertTrue(
                implemented.containsKey(operation), "openapi.json documents '" + operation
                    + "', but no resource method of " + simpleNames() + " serves it")));
    }

    @Test
    void everyOperationDeclaresASuccessResponse() {
        assertAll("every operation has a 2xx response, except those marked " + ALWAYS_REFUSED,
            documented.entrySet().stream().map(e -> (Executable) () -> {
                JsonNode responses = e.getValue().path("responses");
                if (e.getValue().path(ALWAYS_REFUSED).asBoolean(false)) {
                    assertTrue(responses.size() > 0 && fieldNames(responses).stream().noneMatch(s -> s.startsWith("2")),
                        "'" + e.getKey() + "' is marked " + ALWAYS_REFUSED + " but declares " + fieldNames(responses));
                    return;
                }
                boolean success = false;
                for (Iterator<String> it = responses.fieldNames(); it.hasNext();) {
                    String status = it.next();
                    success |= status.matches("2(\\d\\d|XX)");
                }
                assertTrue(success, "'" + e.getKey() + "' declares no 2xx response, only "
                    + fieldNames(responses));
            }));
    }

    @Test
    void everyOperationWithARequestBodyDeclaresBadRequest() {
        assertAll("every operation taking a body declares 400",
            documented.entrySet().stream()
                .filter(e -> e.getValue().has("requestBody"))
                .map(e -> (Executable) () -> assertTrue(e.getValue().path("responses").has("400"),
                    "'" + e.getKey() + "' takes a request body but declares no 400 response")));
    }

    @Test
    void requestBodiesAreDocumentedExactlyWhereResourceMethodsTakeOne() {
        assertAll("requestBody matches the resource method's entity parameter",
            implemented.entrySet().stream()
                .filter(e -> documented.containsKey(e.getKey()))
                .map(e -> (Executable) () -> {
                    boolean takesBody = Arrays.stream(e.getValue().getParameters())
                        .anyMatch(OpenApiCoverageTest::isEntityParameter);
                    boolean documentsBody = documented.get(e.getKey()).has("requestBody");
                    assertEquals(takesBody, documentsBody, "'" + e.getKey() + "' (" + describe(e.getValue())
                        + ") " + (takesBody ? "takes a body that openapi.json does not document"
                            : "takes no body, but openapi.json documents a requestBody"));
                }));
    }

    @Test
    void everyOperationHasAUniqueIdAndASummary() {
        Map<String, String> ids = new TreeMap<>();
        List<Executable> checks = new ArrayList<>();
        documented.forEach((operation, node) -> {
            String id = node.path("operationId").asText("");
            String summary = node.path("summary").asText("");
            checks.add(() -> assertFalse(id.isBlank(), "'" + operation + "' has no operationId"));
            checks.add(() -> assertFalse(summary.isBlank(), "'" + operation + "' has no summary"));
            String previous = ids.put(id, operation);
            if (!id.isBlank() && previous != null) {
                checks.add(() -> fail(
                    "operationId '" + id + "' is used by both '" + previous + "' and '" + operation + "'"));
            }
        });
        assertAll("operation ids and summaries", checks);
    }

    // ------------------------------------------------------------------ reflection

    private static Map<String, Method> resourceMethods() {
        Map<String, Method> result = new TreeMap<>();
        for (Class<?> resource : RESOURCES) {
            Path classPath = resource.getAnnotation(Path.class);
            assertNotNull(classPath, resource.getName() + " is listed as a resource but has no @Path");
            for (Method method : resource.getMethods()) {
                String verb = httpMethod(method);
                if (verb == null) {
                    continue;
                }
                Path methodPath = method.getAnnotation(Path.class);
                String path = normalize("/" + classPath.value() + (methodPath == null ? "" : "/" + methodPath.value()));
                Method clash = result.put(key(verb, path), method);
                assertTrue(clash == null, describe(clash) + " and " + describe(method) + " both serve "
                    + key(verb, path));
            }
        }
        return result;
    }

    /** @return the HTTP method of a resource method (e.g. {@code GET}), found through @HttpMethod */
    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static boolean isEntityParameter(Parameter parameter) {
        return NON_BODY.stream().noneMatch(parameter::isAnnotationPresent);
    }

    /**
     * One slash between segments, none at the end, and path templates without their regular
     * expressions ({@code {id: [0-9]+}} becomes {@code {id}}), as OpenAPI writes them.
     */
    static String normalize(String path) {
        String result = path.replaceAll("\\{\\s*([^}:\\s]+)\\s*:[^}]*}", "{$1}").replaceAll("/{2,}", "/");
        return result.length() > 1 && result.endsWith("/") ? result.substring(0, result.length() - 1) : result;
    }

    // ------------------------------------------------------------------ document

    private static Map<String, JsonNode> documentedOperations(JsonNode document) {
        Map<String, JsonNode> result = new LinkedHashMap<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(entry -> {
            if (OPERATION_KEYS.contains(entry.getKey())) {
                result.put(key(entry.getKey(), path.getKey()), entry.getValue());
            }
        }));
        return result;
    }

    private static String key(String method, String path) {
        return method.toLowerCase(Locale.ROOT) + " " + path;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String describe(Method method) {
        return method == null ? "?" : method.getDeclaringClass().getSimpleName() + "." + method.getName() + "()";
    }

    private static List<String> simpleNames() {
        return RESOURCES.stream().map(Class::getSimpleName).toList();
    }
}
