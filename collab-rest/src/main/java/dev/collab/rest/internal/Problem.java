package dev.collab.rest.internal;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * RFC 9457 problem details; {@code errors} only on validation failures, {@code rows} (an
 * extension member) only when a bulk invitation was refused: every row's result, so that the
 * caller sees what to fix without a second request.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Problem(String type, String title, int status, String detail, List<Error> errors, List<Views.BulkRowView> rows) {
    Problem(String type, String title, int status, String detail, List<Error> errors) {
        this(type, title, status, detail, errors, null);
    }

    static String type(String kind) {
        return "urn:collab:problem:" + kind;
    }

    /** One rejected field as the contract shows it: its name and the message in the caller's language. */
    record Error(String field, String message) {
    }
}
