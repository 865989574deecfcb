package dev.collab.boot.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "collab JIT compiler policy",
    description = "The standalone container leaves the frameworks' code to the JIT's quick compiler (C1) and keeps the optimizing one (C2)"
        + " for the JDK and the suite: see docs/PERFORMANCE.md.")
@interface CompilerPolicyConfiguration {

    @AttributeDefinition(name = "Enabled", description = "false: every method may be compiled by C2, as the JVM does by default"
        + " (for the compilations after the change; what C1 compiled alone before stays so until the next start).")
    boolean enabled() default true;
}
