package dev.collab.rest.internal;

import java.util.List;

import dev.collab.api.ValidationException;

/** Request bodies of the contract, as Jackson reads them. */
final class Bodies {
    private Bodies() {
    }

    static <T> T require(T body) {
        if (body == null) {
            throw new ValidationException("body", "A JSON body is required.");
        }
        return body;
    }

    record TenantBody(String name) {
    }

    record FeatureBody(Boolean enabled) {
    }

    record AdminBody(String email, String password) {
    }

    record ProfileBody(String name, String description, List<String> rights, List<String> delegableProfiles) {
    }
}
