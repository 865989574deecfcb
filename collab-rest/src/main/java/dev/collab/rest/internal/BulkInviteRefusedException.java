package dev.collab.rest.internal;

import java.util.List;

import javax.ws.rs.BadRequestException;

import dev.collab.api.FieldError;

/**
 * A bulk invitation in which some row failed, so nobody was invited: the problem mapper answers
 * 400 with the failed rows as field errors and every row's result, so the caller can fix the
 * list without a second request. A {@link BadRequestException} so that the runtime passes it to
 * the mapper unchanged.
 */
final class BulkInviteRefusedException extends BadRequestException {
    private static final long serialVersionUID = 1L;
    private final transient Views.BulkView view;
    private final transient List<FieldError> errors;

    BulkInviteRefusedException(Views.BulkView view, List<FieldError> errors) {
        super("Some rows cannot be invited; nobody was invited.");
        this.view = view;
        this.errors = List.copyOf(errors);
    }

    Views.BulkView view() {
        return view;
    }

    List<FieldError> errors() {
        return errors;
    }
}
