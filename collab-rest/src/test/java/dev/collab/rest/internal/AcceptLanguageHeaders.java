package dev.collab.rest.internal;

import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.ws.rs.core.Cookie;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedMap;

/**
 * Request headers with nothing but {@code Accept-Language}, already parsed and sorted by
 * preference as the JAX-RS runtime hands them out. Everything else is unsupported on purpose.
 */
record AcceptLanguageHeaders(List<Locale> languages) implements HttpHeaders {

    static AcceptLanguageHeaders of(String... tags) {
        // the runtime hands the wildcard out as a locale of language "*", which no language tag can be
        return new AcceptLanguageHeaders(List.of(tags).stream()
            .map(tag -> "*".equals(tag) ? new Locale("*") : Locale.forLanguageTag(tag)).toList());
    }

    @Override
    public List<Locale> getAcceptableLanguages() {
        return languages;
    }

    @Override
    public List<String> getRequestHeader(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String getHeaderString(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public MultivaluedMap<String, String> getRequestHeaders() {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<MediaType> getAcceptableMediaTypes() {
        throw new UnsupportedOperationException();
    }

    @Override
    public MediaType getMediaType() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Locale getLanguage() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, Cookie> getCookies() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Date getDate() {
        throw new UnsupportedOperationException();
    }

    @Override
    public int getLength() {
        throw new UnsupportedOperationException();
    }
}
