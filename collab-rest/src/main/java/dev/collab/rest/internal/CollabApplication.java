package dev.collab.rest.internal;

import javax.ws.rs.core.Application;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationBase;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

import dev.collab.api.CollabRest;

/** The suite's one JAX-RS application; resources and extensions select it by name. */
@Component(service = Application.class)
@JaxrsName(CollabRest.APP)
@JaxrsApplicationBase(CollabRest.BASE)
public final class CollabApplication extends Application {
}
