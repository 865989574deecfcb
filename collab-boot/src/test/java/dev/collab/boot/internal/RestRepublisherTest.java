package dev.collab.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.DTOConstants;
import org.osgi.service.jaxrs.runtime.dto.FailedApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.RuntimeDTO;

class RestRepublisherTest {
    private static final long GRACE = RestRepublisher.GRACE_MILLIS;
    private static final long SPACING = RestRepublisher.SPACING_MILLIS;
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicReference<ServiceListener> listener = new AtomicReference<>();
    private final AtomicReference<String> filter = new AtomicReference<>();

    private RestRepublisher republisher() throws Exception {
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                if (method.getName().equals("addServiceListener")) {
                    listener.set((ServiceListener) args[0]);
                    filter.set((String) args[1]);
                }
                return null;
            });
        return new RestRepublisher(context, now::get);
    }

    /** collab-rest's application service registers (again): the whiteboard gets its time to publish it. */
    private void applicationRegistered() {
        ServiceReference<?> reference = (ServiceReference<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> null);
        listener.get().serviceChanged(new ServiceEvent(ServiceEvent.REGISTERED, reference));
    }

    private long later(long millis) {
        return now.addAndGet(millis);
    }

    @Test
    void watchesTheApplicationServiceByItsName() throws Exception {
        republisher();
        assertEquals("(&(objectClass=javax.ws.rs.core.Application)(osgi.jaxrs.name=dev.collab.rest))", filter.get());
    }

    @Test
    void restartsOnlyWhenTheFallbackKeptAnsweringForTheGrace() throws Exception {
        RestRepublisher republisher = republisher();
        later(GRACE * 5);
        assertNull(republisher.nextRestart(now.get()), "the first answer of the fallback begins a loss, it is no loss yet");
        assertNull(republisher.nextRestart(later(GRACE / 2)));
        assertEquals(RestRepublisher.REST, republisher.nextRestart(later(GRACE / 2 + 1)));
    }

    @Test
    void aServedRequestEndsTheLoss() throws Exception {
        RestRepublisher republisher = republisher();
        later(GRACE * 5);
        assertNull(republisher.nextRestart(now.get()));
        later(GRACE / 2);
        republisher.served();
        assertNull(republisher.nextRestart(later(GRACE / 2 + 1)), "a short transition (a partner's resource came) is over");
        assertEquals(RestRepublisher.REST, republisher.nextRestart(later(GRACE + 1)));
    }

    @Test
    void theGraceCountsFromTheApplicationsRegistration() throws Exception {
        RestRepublisher republisher = republisher();
        later(GRACE * 5);
        assertNull(republisher.nextRestart(now.get()));
        later(GRACE);
        applicationRegistered();
        assertNull(republisher.nextRestart(later(1)), "the whiteboard is publishing the new registration");
        assertEquals(RestRepublisher.REST, republisher.nextRestart(later(GRACE)));
    }

    @Test
    void anAnswerLongAfterTheLastBeginsANewLoss() throws Exception {
        RestRepublisher republisher = republisher();
        later(GRACE * 5);
        assertNull(republisher.nextRestart(now.get()), "a transition nobody asked after");
        assertNull(republisher.nextRestart(later(SPACING + 1)), "an hour later: another transition, not a lost publication");
        assertEquals(RestRepublisher.REST, republisher.nextRestart(later(GRACE + 1)));
    }

    @Test
    void restartsRestFirstThenTheWhiteboardInTurnAMinuteApart() throws Exception {
        RestRepublisher republisher = lostAndRestarted();
        assertNull(republisher.nextRestart(now.get()), "one restart at a time");
        // collab-rest came back and registered its application, which still is not served
        applicationRegistered();
        answeringWithoutRestart(republisher, SPACING - 1_000);
        assertEquals(RestRepublisher.WHITEBOARD, republisher.nextRestart(later(1_001)),
            "restarting collab-rest did not help: the whiteboard's own state is what got lost");
        answeringWithoutRestart(republisher, SPACING - 1_000);
        assertEquals(RestRepublisher.REST, republisher.nextRestart(later(1_001)));
        applicationRegistered();
        answeringWithoutRestart(republisher, SPACING - 1_000);
        assertEquals(RestRepublisher.WHITEBOARD, republisher.nextRestart(later(1_001)));
    }

    /** A republisher that saw the fallback answer for the grace and restarted collab-rest. */
    private RestRepublisher lostAndRestarted() throws Exception {
        RestRepublisher republisher = republisher();
        later(GRACE * 5);
        assertNull(republisher.nextRestart(now.get()));
        assertEquals(RestRepublisher.REST, republisher.nextRestart(later(GRACE + 1)));
        return republisher;
    }

    /** The fallback answers a request every second (a health probe) for this long, and nothing is restarted. */
    private void answeringWithoutRestart(RestRepublisher republisher, long millis) {
        for (long waited = 0; waited < millis; waited += 1_000) {
            assertNull(republisher.nextRestart(later(1_000)), "not within a minute of the last restart");
        }
    }

    @Test
    void aLaterLossBeginsWithRestAgain() throws Exception {
        RestRepublisher republisher = lostAndRestarted();
        // the restart healed it; much later the application is lost again
        republisher.served();
        later(RestRepublisher.FORGET_MILLIS);
        assertNull(republisher.nextRestart(now.get()));
        assertEquals(RestRepublisher.REST, republisher.nextRestart(later(GRACE + 1)));
    }

    @Test
    void describesWhatTheRuntimeServesAndWhatFailed() {
        assertEquals("no JAX-RS runtime is registered", RestRepublisher.describe(null));
        RuntimeDTO dto = new RuntimeDTO();
        ApplicationDTO partner = new ApplicationDTO();
        partner.name = "partner";
        partner.base = "/partner";
        FailedApplicationDTO collab = new FailedApplicationDTO();
        collab.name = "dev.collab.rest";
        collab.base = "/collab/api/v1";
        collab.failureReason = DTOConstants.FAILURE_REASON_DUPLICATE_NAME;
        dto.applicationDTOs = new ApplicationDTO[] {partner};
        dto.failedApplicationDTOs = new FailedApplicationDTO[] {collab};
        assertEquals("the JAX-RS runtime serves [partner at /partner] and lists as failed [dev.collab.rest at /collab/api/v1 (failure reason "
            + DTOConstants.FAILURE_REASON_DUPLICATE_NAME + ")]", RestRepublisher.describe(() -> dto));
        assertEquals("the JAX-RS runtime could not be asked (java.lang.IllegalStateException: gone)",
            RestRepublisher.describe(() -> {
                throw new IllegalStateException("gone");
            }));
    }
}
