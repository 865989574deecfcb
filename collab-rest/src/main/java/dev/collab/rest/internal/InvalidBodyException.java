package dev.collab.rest.internal;

import java.util.List;

import javax.ws.rs.BadRequestException;

import dev.collab.api.FieldError;

/**
 * A request body that is not the JSON the endpoint takes. It is a {@link BadRequestException}
 * so that the JAX-RS runtime passes it from the message body reader to the problem mapper
 * unchanged.
 */
final class InvalidBodyException extends BadRequestException {
    private static final long serialVersionUID = 1L;
    private final transient List<FieldError> errors;

    InvalidBodyException(List<FieldError> errors) {
        super(errors.get(0).message());
        this.errors = List.copyOf(errors);
    }

    List<FieldError> errors() {
        return errors;
    }
}
