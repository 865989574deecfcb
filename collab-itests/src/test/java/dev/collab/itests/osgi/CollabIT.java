package dev.collab.itests.osgi;

import javax.inject.Inject;

import org.junit.Before;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;

/** The container every Pax Exam test of the suite boots, and the wait until it serves. */
public abstract class CollabIT {

    @Inject
    protected BundleContext context;

    @Configuration
    public Option[] config() {
        return CollabContainer.options();
    }

    @Before
    public void suiteIsUp() {
        Await.suiteActive(context);
        Await.health(200);
    }
}
