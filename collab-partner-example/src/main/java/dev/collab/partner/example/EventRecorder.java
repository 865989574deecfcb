package dev.collab.partner.example;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

import dev.collab.api.events.DelegationEvent;
import dev.collab.api.events.DelegationListener;

/** Records every delegation event as a line in a file, as a partner's archive or CRM sync would. */
@Component(configurationPid = "dev.collab.partner.example")
@Designate(ocd = EventRecorderConfiguration.class)
public final class EventRecorder implements DelegationListener {
    private final Path file;

    @Activate
    public EventRecorder(EventRecorderConfiguration config) {
        this.file = config.eventsFile().isBlank()
            ? Path.of(System.getProperty("java.io.tmpdir"), "collab-partner-events.log")
            : Path.of(config.eventsFile());
    }

    @Override
    public void delegationEvent(DelegationEvent event) {
        String line = String.join("\t", event.at().toString(), event.type(), event.tenantId(), String.valueOf(event.actor()),
            String.valueOf(event.email()), String.valueOf(event.grant()), event.details()) + System.lineSeparator();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record the delegation event in " + file, e);
        }
    }

    Path file() {
        return file;
    }
}
