package dev.collab.rest.internal;

import java.lang.annotation.Annotation;
import java.net.URI;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.ws.rs.core.Application;
import javax.ws.rs.core.CacheControl;
import javax.ws.rs.core.EntityTag;
import javax.ws.rs.core.GenericType;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Link;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedHashMap;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.core.NewCookie;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriBuilder;
import javax.ws.rs.core.Variant;
import javax.ws.rs.ext.RuntimeDelegate;

/**
 * The smallest JAX-RS runtime the unit tests need: a {@link Response} that records status,
 * entity and headers. The API jar alone has no runtime, and without one neither
 * {@code Response.status(..)} nor the constructors of the {@code javax.ws.rs} exceptions work.
 * Everything else is unsupported on purpose.
 */
final class TestRuntimeDelegate extends RuntimeDelegate {

    static synchronized void install() {
        RuntimeDelegate.setInstance(new TestRuntimeDelegate());
    }

    @Override
    public Response.ResponseBuilder createResponseBuilder() {
        return new Builder();
    }

    @Override
    public UriBuilder createUriBuilder() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Variant.VariantListBuilder createVariantListBuilder() {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> T createEndpoint(Application application, Class<T> endpointType) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> HeaderDelegate<T> createHeaderDelegate(Class<T> type) {
        throw new UnsupportedOperationException("header delegate for " + type);
    }

    @Override
    public Link.Builder createLinkBuilder() {
        throw new UnsupportedOperationException();
    }

    private static final class Builder extends Response.ResponseBuilder {
        private int status = 200;
        private String reason;
        private Object entity;
        private final MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();

        @Override
        public Response build() {
            return new TestResponse(status, reason, entity, new MultivaluedHashMap<>(headers));
        }

        @Override
        @SuppressWarnings("MethodDoesntCallSuperMethod")
        public Response.ResponseBuilder clone() {
            Builder copy = new Builder();
            copy.status = status;
            copy.reason = reason;
            copy.entity = entity;
            copy.headers.putAll(headers);
            return copy;
        }

        @Override
        public Response.ResponseBuilder status(int status) {
            return status(status, null);
        }

        @Override
        public Response.ResponseBuilder status(int status, String reasonPhrase) {
            this.status = status;
            this.reason = reasonPhrase;
            return this;
        }

        @Override
        public Response.ResponseBuilder entity(Object entity) {
            this.entity = entity;
            return this;
        }

        @Override
        public Response.ResponseBuilder entity(Object entity, Annotation[] annotations) {
            return entity(entity);
        }

        @Override
        public Response.ResponseBuilder allow(String... methods) {
            return allow(methods == null ? null : new LinkedHashSet<>(Arrays.asList(methods)));
        }

        @Override
        public Response.ResponseBuilder allow(Set<String> methods) {
            headers.remove(HttpHeaders.ALLOW);
            if (methods != null) {
                headers.putSingle(HttpHeaders.ALLOW, String.join(",", methods));
            }
            return this;
        }

        @Override
        public Response.ResponseBuilder header(String name, Object value) {
            if (value == null) {
                headers.remove(name);
            } else {
                headers.add(name, value);
            }
            return this;
        }

        @Override
        public Response.ResponseBuilder type(MediaType type) {
            return type(type == null ? null : type.getType() + "/" + type.getSubtype());
        }

        @Override
        public Response.ResponseBuilder type(String type) {
            headers.remove(HttpHeaders.CONTENT_TYPE);
            if (type != null) {
                headers.putSingle(HttpHeaders.CONTENT_TYPE, type);
            }
            return this;
        }

        @Override
        public Response.ResponseBuilder replaceAll(MultivaluedMap<String, Object> replacement) {
            headers.clear();
            if (replacement != null) {
                headers.putAll(replacement);
            }
            return this;
        }

        @Override
        public Response.ResponseBuilder cacheControl(CacheControl cacheControl) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Response.ResponseBuilder encoding(String encoding) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Response.ResponseBuilder language(String language) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Response.ResponseBuilder language(Locale language) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Response.ResponseBuilder variant(Variant variant) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Response.ResponseBuilder contentLocation(URI location) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Response.ResponseBuilder cookie(NewCookie... cookies) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Response.ResponseBuilder expires(Date expires) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Response.ResponseBuilder lastModified(Date lastModified) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Response.ResponseBuilder location(URI location) {
            return header(HttpHeaders.LOCATION, location);
        }

        @Override
        public Response.ResponseBuilder tag(EntityTag tag) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Response.ResponseBuilder tag(String tag) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Response.ResponseBuilder variants(Variant... variants) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Response.ResponseBuilder variants(List<Variant> variants) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Response.ResponseBuilder links(Link... links) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Response.ResponseBuilder link(URI uri, String rel) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Response.ResponseBuilder link(String uri, String rel) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class TestResponse extends Response {
        private final int status;
        private final String reason;
        private final Object entity;
        private final MultivaluedMap<String, Object> headers;

        TestResponse(int status, String reason, Object entity, MultivaluedMap<String, Object> headers) {
            this.status = status;
            this.reason = reason;
            this.entity = entity;
            this.headers = headers;
        }

        @Override
        public int getStatus() {
            return status;
        }

        @Override
        public StatusType getStatusInfo() {
            Status known = Status.fromStatusCode(status);
            String phrase = reason != null ? reason : known != null ? known.getReasonPhrase() : "HTTP " + status;
            return new StatusType() {
                @Override
                public int getStatusCode() {
                    return status;
                }

                @Override
                public Status.Family getFamily() {
                    return Status.Family.familyOf(status);
                }

                @Override
                public String getReasonPhrase() {
                    return phrase;
                }
            };
        }

        @Override
        public Object getEntity() {
            return entity;
        }

        @Override
        public boolean hasEntity() {
            return entity != null;
        }

        @Override
        public MediaType getMediaType() {
            String type = getHeaderString(HttpHeaders.CONTENT_TYPE);
            if (type == null) {
                return null;
            }
            String[] parts = type.split("[/;]");
            return new MediaType(parts[0].trim(), parts[1].trim());
        }

        @Override
        public Set<String> getAllowedMethods() {
            List<Object> allow = headers.get(HttpHeaders.ALLOW);
            if (allow == null) {
                return Set.of();
            }
            return allow.stream().flatMap(v -> Arrays.stream(v.toString().split(",")))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new));
        }

        @Override
        public MultivaluedMap<String, Object> getMetadata() {
            return headers;
        }

        @Override
        public MultivaluedMap<String, String> getStringHeaders() {
            MultivaluedMap<String, String> strings = new MultivaluedHashMap<>();
            for (Map.Entry<String, List<Object>> e : headers.entrySet()) {
                e.getValue().forEach(v -> strings.add(e.getKey(), String.valueOf(v)));
            }
            return strings;
        }

        @Override
        public String getHeaderString(String name) {
            List<Object> values = headers.get(name);
            return values == null ? null : values.stream().map(String::valueOf).collect(Collectors.joining(","));
        }

        @Override
        public URI getLocation() {
            Object location = headers.getFirst(HttpHeaders.LOCATION);
            return location == null ? null : URI.create(location.toString());
        }

        @Override
        public void close() {
        }

        @Override
        public boolean bufferEntity() {
            return false;
        }

        @Override
        public <T> T readEntity(Class<T> entityType) {
            return entityType.cast(entity);
        }

        @Override
        public <T> T readEntity(GenericType<T> entityType) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> T readEntity(Class<T> entityType, Annotation[] annotations) {
            return readEntity(entityType);
        }

        @Override
        public <T> T readEntity(GenericType<T> entityType, Annotation[] annotations) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Locale getLanguage() {
            return null;
        }

        @Override
        public int getLength() {
            return -1;
        }

        @Override
        public Map<String, NewCookie> getCookies() {
            return Map.of();
        }

        @Override
        public EntityTag getEntityTag() {
            return null;
        }

        @Override
        public Date getDate() {
            return null;
        }

        @Override
        public Date getLastModified() {
            return null;
        }

        @Override
        public Set<Link> getLinks() {
            return Set.of();
        }

        @Override
        public boolean hasLink(String relation) {
            return false;
        }

        @Override
        public Link getLink(String relation) {
            return null;
        }

        @Override
        public Link.Builder getLinkBuilder(String relation) {
            return null;
        }
    }
}
