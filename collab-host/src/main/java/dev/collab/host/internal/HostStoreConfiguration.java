package dev.collab.host.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "collab host defaults store",
    description = "Where the embedded host defaults (demo customer directory, demo mailbox) keep their own Derby database. "
        + "This is the host's data, not the suite's: use a folder apart from the suite's database.")
@interface HostStoreConfiguration {

    @AttributeDefinition(name = "Data folder",
        description = "Folder holding the host defaults' database (db/). Must not be the suite's data folder, "
            + "whose db/ belongs to dev.collab.persistence.")
    String dataDir();
}
