package dev.collab.rest.internal;

/** Media types of the contract shared by the resources and extensions of this bundle. */
final class Names {
    static final String PROBLEM_JSON = "application/problem+json";

    private Names() {
    }
}
