package dev.collab.rest.internal;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.collab.api.FieldError;

/** RFC 9457 problem details; {@code errors} only on validation failures. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Problem(String type, String title, int status, String detail, List<FieldError> errors) {
    static String type(String kind) {
        return "urn:collab:problem:" + kind;
    }
}
