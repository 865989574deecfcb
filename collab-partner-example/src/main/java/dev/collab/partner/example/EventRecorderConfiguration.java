package dev.collab.partner.example;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "collab partner example: event recorder")
@interface EventRecorderConfiguration {

    @AttributeDefinition(name = "Events file", description = "File each delegation event is appended to, one line each; empty: <java.io.tmpdir>/collab-partner-events.log")
    String eventsFile() default "";
}
