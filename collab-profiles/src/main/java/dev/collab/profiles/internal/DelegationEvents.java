package dev.collab.profiles.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.collab.api.events.DelegationEvent;
import dev.collab.api.events.DelegationListener;

/**
 * Hands committed delegation events to every {@link DelegationListener} and posts them to
 * EventAdmin (asynchronously) under {@code dev/collab/delegation/<TYPE>}. A failing listener is
 * logged and skipped; it never undoes or blocks the change.
 */
@Component(service = DelegationEvents.class)
public final class DelegationEvents {
    private static final Logger LOG = LoggerFactory.getLogger(DelegationEvents.class);

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    volatile List<DelegationListener> listeners = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile EventAdmin eventAdmin;

    void publish(List<DelegationEvent> events) {
        for (DelegationEvent event : events) {
            for (DelegationListener listener : listeners) {
                try {
                    listener.delegationEvent(event);
                } catch (RuntimeException e) {
                    LOG.warn("Delegation listener {} failed on {}", listener.getClass().getName(), event.type(), e);
                }
            }
            EventAdmin admin = eventAdmin;
            if (admin != null) {
                Map<String, Object> props = new HashMap<>();
                props.put("type", event.type());
                props.put("tenant", event.tenantId());
                props.put("actor", event.actor());
                if (event.email() != null) {
                    props.put("email", event.email());
                }
                if (event.grant() != null) {
                    props.put("grant", event.grant());
                }
                props.put("details", event.details());
                props.put("timestamp", event.at().toEpochMilli());
                admin.postEvent(new Event(DelegationEvent.TOPIC_PREFIX + event.type(), props));
            }
        }
    }
}
