package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.util.converter.Converters;

import dev.collab.api.events.DelegationEvent;
import dev.collab.api.grants.Grant;
import dev.collab.api.grants.GrantDraft;
import dev.collab.api.profiles.ProfileDraft;

/** The shell commands and tenant files change the same state as REST; events reach listeners after commit. */
class SupportOperationsTest extends CoreFixture {
    @Test
    void theShellSwitchesTheFeatureAndPrintsTheTree() {
        String t = core.tenant("shell", false, "A", "B");
        SupportCommands shell = new SupportCommands(core.tenants, core.grants);
        assertTrue(shell.enable(t).endsWith("delegatedAccess=on"), shell.tenants());
        assertTrue(core.tenants.get(t).delegatedAccess());
        assertTrue(core.audit.entries(t, 0, 100).stream().anyMatch(e -> e.actor().equals("shell:support")
            && e.action().equals("feature.enabled")));
        core.profiles.create(t, new ProfileDraft("GF", "", List.of("contracts.view"), List.of()), "admin:a");
        Grant grant = core.grants.create(t, new GrantDraft("Firma", "GF", null, List.of("A"), true, "gf@firma.de"), "admin:a");
        String tree = shell.tree(t, "Firma");
        assertTrue(tree.startsWith("Firma [GF]"), tree);
        assertTrue(tree.contains("gf@firma.de (INVITED) [A]"), tree);
        assertEquals(tree, shell.tree(t, grant.id()));
        assertTrue(shell.disable(t).endsWith("delegatedAccess=off"));
        assertFalse(core.tenants.get(t).delegatedAccess());
    }

    @Test
    void aTenantFileCreatesTheTenantAndSetsItsSwitch() {
        Map<String, Object> file = Map.of("tenant", "fromfile", "name", "From File AG", "delegatedAccess", true);
        new TenantProvisioning(Converters.standardConverter().convert(file).to(TenantProvisioningConfiguration.class), core.tenants);
        assertEquals("From File AG", core.tenants.get("fromfile").name());
        assertTrue(core.tenants.get("fromfile").delegatedAccess());
    }

    @Test
    void aRefusedTenantFileChangesNothingAndDoesNotFail() {
        Map<String, Object> file = Map.of("tenant", "bad id!", "name", "Bad", "delegatedAccess", true);
        new TenantProvisioning(Converters.standardConverter().convert(file).to(TenantProvisioningConfiguration.class), core.tenants);
        assertTrue(core.tenants.find("bad id!").isEmpty());
    }

    @Test
    void delegationEventsReachListenersAfterCommit() {
        DelegationEvents events = new DelegationEvents();
        List<DelegationEvent> heard = new ArrayList<>();
        events.listeners = List.of(heard::add);
        AccessModel model = new AccessModel(core.db, events);
        TenantServiceImpl tenants = new TenantServiceImpl(core.db, model);
        String t = core.tenant("events", false, "A");
        tenants.setDelegatedAccess(t, true, "support:support");
        assertEquals(1, heard.size());
        assertEquals("FEATURE_SWITCHED", heard.get(0).type());
        assertEquals("enabled", heard.get(0).details());
        tenants.setDelegatedAccess(t, true, "support:support");
        assertEquals(1, heard.size(), "no event when nothing changed");
    }

    @Test
    void delegationEventsArePostedToEventAdminUnderTheirTopic() {
        DelegationEvents events = new DelegationEvents();
        List<Event> posted = new ArrayList<>();
        events.eventAdmin = new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                posted.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                throw new AssertionError("events are posted asynchronously, never sent");
            }
        };
        TenantServiceImpl tenants = new TenantServiceImpl(core.db, new AccessModel(core.db, events));
        String t = core.tenant("eventadmin", true, "A");
        tenants.setDelegatedAccess(t, false, "support:support");
        assertEquals(1, posted.size());
        assertEquals("dev/collab/delegation/FEATURE_SWITCHED", posted.get(0).getTopic());
        assertEquals(t, posted.get(0).getProperty("tenant"));
        assertEquals("disabled", posted.get(0).getProperty("details"));
    }
}
