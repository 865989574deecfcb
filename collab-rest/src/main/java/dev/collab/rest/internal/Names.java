package dev.collab.rest.internal;

import dev.collab.api.CollabRest;

/** Whiteboard filters shared by the resources and extensions of this bundle. */
final class Names {
    static final String APP_SELECT = "(osgi.jaxrs.name=" + CollabRest.APP + ")";
    static final String JSON = "dev.collab.json";
    static final String JSON_SELECT = "(osgi.jaxrs.name=" + JSON + ")";
    static final String PROBLEM_JSON = "application/problem+json";

    private Names() {
    }
}
