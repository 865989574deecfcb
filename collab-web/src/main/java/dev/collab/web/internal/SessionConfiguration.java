package dev.collab.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Sign-in sessions of the screens; an operator's file {@code dev.collab.web.sessions.cfg}. */
@ObjectClassDefinition(name = "collab web sessions", description = "Timeouts and bounds of the screens' sign-in sessions")
@interface SessionConfiguration {

    @AttributeDefinition(description = "A session ends after this many seconds without a request")
    int idleTimeoutSeconds() default 1800;

    @AttributeDefinition(description = "A session ends this many seconds after sign-in, however active")
    int absoluteTimeoutSeconds() default 28800;

    @AttributeDefinition(description = "At most this many sessions are kept; beyond it the longest idle visitors without sign-in are dropped first")
    int maxSessions() default 50000;
}
