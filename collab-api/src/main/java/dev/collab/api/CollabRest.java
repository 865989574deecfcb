package dev.collab.api;

/**
 * Names of the suite's JAX-RS whiteboard application. A partner bundle adds endpoints to the
 * suite's API by selecting this application:
 * {@code @JaxrsApplicationSelect("(osgi.jaxrs.name=" + CollabRest.APP + ")")}.
 */
public interface CollabRest {
    /** The {@code osgi.jaxrs.name} of the suite's application. */
    String APP = "dev.collab.rest";
    /** The application's base path below the HTTP service's context. */
    String BASE = "collab/api/v1";
}
