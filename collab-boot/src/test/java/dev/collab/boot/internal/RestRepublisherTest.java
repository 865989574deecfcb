package dev.collab.boot.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;

class RestRepublisherTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicReference<BundleListener> listener = new AtomicReference<>();

    private RestRepublisher republisher() {
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                if (method.getName().equals("addBundleListener")) {
                    listener.set((BundleListener) args[0]);
                }
                return null;
            });
        return new RestRepublisher(context, now::get);
    }

    private static Bundle rest() {
        return (Bundle) Proxy.newProxyInstance(RestRepublisherTest.class.getClassLoader(), new Class<?>[] {Bundle.class},
            (proxy, method, args) -> method.getName().equals("getSymbolicName") ? RestRepublisher.REST : null);
    }

    @Test
    void notWithinTheGraceAfterRestStarted() {
        RestRepublisher republisher = republisher();
        now.addAndGet(RestRepublisher.GRACE_MILLIS + 1);
        assertTrue(republisher.due(now.get()), "long after activation with REST still unpublished");
        listener.get().bundleChanged(new BundleEvent(BundleEvent.STARTED, rest()));
        assertFalse(republisher.due(now.get()), "REST just (re)started: the whiteboard gets its time to publish");
        now.addAndGet(RestRepublisher.GRACE_MILLIS / 2);
        assertFalse(republisher.due(now.get()));
        now.addAndGet(RestRepublisher.GRACE_MILLIS);
        assertTrue(republisher.due(now.get()));
    }
}
