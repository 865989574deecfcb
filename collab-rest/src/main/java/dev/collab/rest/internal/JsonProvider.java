package dev.collab.rest.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.ws.rs.Consumes;
import javax.ws.rs.Produces;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;
import javax.ws.rs.ext.MessageBodyReader;
import javax.ws.rs.ext.MessageBodyWriter;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;

import dev.collab.api.FieldError;

/**
 * JSON in and out with Jackson, configured for the contract: unknown fields and trailing
 * garbage are rejected, and every parse or mapping failure becomes a 400 problem that names the
 * field, instead of the container's default error page. Timestamps ({@link Instant}) are written
 * as ISO-8601 UTC strings, e.g. {@code "2026-11-28T22:59:00Z"}, without the JSR-310 module.
 * Messages say in plain words what is wrong and where, never naming the parser's classes.
 * <p>
 * A body larger than {@code maxBodyBytes} (configuration PID {@code dev.collab.rest}, default
 * 256 KiB) is refused with 413 as soon as that is known: from its {@code Content-Length}
 * before reading, else while reading. Bodies are only read after the authentication filter.
 */
@Component(service = JsonProvider.class, configurationPid = JsonProvider.PID)
@Consumes({MediaType.APPLICATION_JSON, "application/*+json"})
@Produces({MediaType.APPLICATION_JSON, Names.PROBLEM_JSON})
public final class JsonProvider implements MessageBodyReader<Object>, MessageBodyWriter<Object> {
    static final String PID = "dev.collab.rest";
    static final long DEFAULT_MAX_BODY_BYTES = 256 * 1024;
    private final ObjectMapper mapper = newMapper();
    private volatile long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

    public JsonProvider() {
    }

    JsonProvider(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Activate
    @Modified
    void configure(Map<String, Object> properties) {
        Object value = properties == null ? null : properties.get("maxBodyBytes");
        long limit = DEFAULT_MAX_BODY_BYTES;
        if (value != null) {
            try {
                limit = Long.parseLong(String.valueOf(value).trim());
            } catch (NumberFormatException e) {
                limit = DEFAULT_MAX_BODY_BYTES;
            }
        }
        maxBodyBytes = limit > 0 ? limit : DEFAULT_MAX_BODY_BYTES;
    }

    /** @return the largest body accepted, also for the bodies other readers take (a CSV list) */
    long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Strict on input: no coercion between strings, numbers and booleans ({"name": 42} is an error). */
    static ObjectMapper newMapper() {
        ObjectMapper mapper = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .registerModule(new SimpleModule("dev.collab.time")
                .addSerializer(Instant.class, new ToStringSerializer(Instant.class)));
        for (LogicalType type : new LogicalType[] {
            LogicalType.Textual, LogicalType.Boolean,
            LogicalType.Integer, LogicalType.Float}) {
            mapper.coercionConfigFor(type)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        return mapper;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return isJson(mediaType) && !isRaw(type);
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
        MultivaluedMap<String, String> httpHeaders, InputStream entityStream) throws IOException {
        long limit = maxBodyBytes;
        String length = httpHeaders == null ? null : httpHeaders.getFirst(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > limit) {
                    throw tooLarge(limit);
                }
            } catch (NumberFormatException e) {
                // the container checks the header's syntax; the bounded stream still applies
            }
        }
        PushbackInputStream in = new PushbackInputStream(new Bounded(entityStream, limit), 1);
        try {
            int first = in.read();
            if (first < 0) {
                throw new InvalidBodyException(List.of(FieldError.of("body", "body.required", "A JSON body is required.")));
            }
            in.unread(first);
            return mapper.readValue(in, mapper.constructType(genericType));
        } catch (TooLarge e) {
            throw tooLarge(limit);
        } catch (UnrecognizedPropertyException e) {
            throw invalid(e, "field.unknown", "Unknown field '" + shorten(e.getPropertyName()) + "'.", shorten(e.getPropertyName()));
        } catch (MismatchedInputException e) {
            throw invalid(e, "body.expected." + kind(e.getTargetType()), "Expected " + describe(e.getTargetType()) + ".");
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof TooLarge) {
                throw tooLarge(limit);
            }
            throw invalid(e, "body.invalidValue", "Invalid value.");
        } catch (StreamConstraintsException e) {
            throw new InvalidBodyException(List.of(FieldError.of("body", "body.tooDeep",
                "The JSON is nested too deeply or holds a value that is too long.")));
        } catch (JsonEOFException e) {
            throw new InvalidBodyException(List.of(FieldError.of("body", "body.incomplete", "The JSON ends before it is complete.")));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new InvalidBodyException(List.of(FieldError.of("body", "body.malformed",
                "Malformed JSON" + where + ": check the quotes, commas, brackets and the text's encoding (UTF-8).", where)));
        }
    }

    private static WebApplicationException tooLarge(long limit) {
        return new WebApplicationException("The request body is larger than " + limit + " bytes.", 413);
    }

    private static String shorten(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }

    /** Read past the limit. An IOException, so that the parser passes it on unchanged. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("body too large", null);
        }
    }

    /** Counts what is read and fails once more than the limit arrived. */
    static final class Bounded extends FilterInputStream {
        private final long limit;
        private long count;

        Bounded(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        private void count(long n) throws TooLarge {
            count += n;
            if (count > limit) {
                throw new TooLarge();
            }
        }
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return isJson(mediaType) && !isRaw(type);
    }

    @Override
    public void writeTo(Object value, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
        MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream) throws IOException {
        mapper.writeValue(entityStream, value);
    }

    ObjectMapper mapper() {
        return mapper;
    }

    private static boolean isJson(MediaType mediaType) {
        return mediaType == null || "json".equalsIgnoreCase(mediaType.getSubtype())
            || mediaType.getSubtype().toLowerCase().endsWith("+json");
    }

    private static boolean isRaw(Class<?> type) {
        return type == String.class || type == byte[].class || InputStream.class.isAssignableFrom(type)
            || StreamingOutput.class.isAssignableFrom(type) || Response.class.isAssignableFrom(type);
    }

    private static InvalidBodyException invalid(JsonMappingException e, String key, String message, Object... arguments) {
        return new InvalidBodyException(List.of(FieldError.of(path(e), key, message, arguments)));
    }

    /** The JSON path of the failing value, e.g. {@code rights[2]}, or {@code body} at the top. */
    static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "body" : sb.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "a different value";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "a JSON object";
    }

    /** The last part of the key of the message "Expected …", one per kind that {@link #describe} words. */
    private static String kind(Class<?> type) {
        if (type == null) {
            return "other";
        }
        if (type == String.class) {
            return "string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "number";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "array";
        }
        return "object";
    }
}
