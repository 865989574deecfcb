package dev.collab.api;

import java.util.List;

/** The input is malformed or breaks a rule; {@link #errors()} names each offending field. */
public class ValidationException extends CollabException {
    private static final long serialVersionUID = 1L;
    private final List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super(errors.isEmpty() ? "Invalid input." : "Invalid input: " + errors.get(0).message()
            + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
        this.errors = List.copyOf(errors);
    }

    public ValidationException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    /**
     * One rejected field, with the key of its message (see {@link FieldError#key()}).
     *
     * @since 1.2.0
     */
    public ValidationException(String field, String key, String message, Object... arguments) {
        this(List.of(FieldError.of(field, key, message, arguments)));
    }

    /** @return the rejected fields, never empty when thrown by a collab service */
    public List<FieldError> errors() {
        return errors;
    }

    @Override
    public String kind() {
        return "validation";
    }
}
