package dev.collab.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The screens; collab-boot sets {@code baseUrl} from {@code COLLAB_BASE_URL}. */
@ObjectClassDefinition(name = "collab web", description = "The screens under /collab/")
@interface WebConfiguration {

    @AttributeDefinition(description = "Public base of the container, e.g. https://portal.example; with https the cookies are Secure")
    String baseUrl() default "";

    @AttributeDefinition(description = "Time zone in which the screens show times")
    String timeZone() default "Europe/Berlin";

    @AttributeDefinition(description = "Rows per page in the delegates overview")
    int pageSize() default 20;
}
