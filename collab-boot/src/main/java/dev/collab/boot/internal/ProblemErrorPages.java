package dev.collab.boot.internal;

import org.apache.felix.http.jetty.ConnectorFactory;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.runtime.HttpServiceRuntime;

/**
 * Puts {@link ProblemErrorHandler} in place of Jetty's HTML error page. Felix HTTP offers no
 * setting for the error handler and hands its Jetty {@link Server} to one kind of extension
 * only, a {@link ConnectorFactory} service, whose connector it adds to the server and starts, and
 * stops and removes again when the service goes or Jetty restarts (a new server then asks again).
 * The connector returned here accepts nothing: it exists to install the error handler while it
 * runs and to put the previous one back when it stops.
 * <p>
 * Felix HTTP lists every connector as an endpoint when it registers its
 * {@link HttpServiceRuntime}, and fails on one that is not a network connector; hence the
 * reference: this factory appears only after the runtime is registered, and goes with it when
 * Jetty stops. (An additional Felix HTTP instance, {@code org.apache.felix.http~name}, would meet
 * this connector at its start; the container runs one.)
 * <p>
 * A separate component, so that collab-boot keeps working when the Jetty or Felix HTTP packages
 * it imports optionally are missing or of another major version: then only this component fails.
 */
@Component
public final class ProblemErrorPages implements ConnectorFactory {
    @Activate
    public ProblemErrorPages(@Reference HttpServiceRuntime runtime) {
        // the runtime's presence is the condition (see above); nothing of it is used
    }

    @Override
    public Connector createConnector(Server server) {
        return new ErrorPagesOnly(server);
    }

    /** A connector without acceptors or protocol use: Felix's lifecycle for the error handler. */
    static final class ErrorPagesOnly extends AbstractConnector {
        private final Request.Handler problems = new ProblemErrorHandler();
        private Request.Handler previous;

        ErrorPagesOnly(Server server) {
            // AbstractConnector starts only with a protocol; with no acceptor it never uses it
            super(server, null, null, null, 0, new HttpConnectionFactory());
            setName("collab-problem-error-pages");
        }

        @Override
        protected void doStart() throws Exception {
            super.doStart();
            previous = getServer().getErrorHandler();
            getServer().setErrorHandler(problems);
        }

        @Override
        protected void doStop() throws Exception {
            if (getServer().getErrorHandler() == problems) {
                getServer().setErrorHandler(previous);
            }
            super.doStop();
        }

        @Override
        protected void accept(int acceptorID) {
            throw new UnsupportedOperationException("accepts no connections");
        }

        @Override
        public Object getTransport() {
            return null;
        }
    }
}
