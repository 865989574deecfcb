package dev.collab.invitations.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "collab .eml file transport",
    description = "The mail transport of a container without SMTP: each mail is written as an RFC 5322 .eml file.")
@interface EmlFileTransportConfiguration {

    @AttributeDefinition(name = "Outbox folder", description = "Folder the .eml files are written to (the launcher sets <COLLAB_DATA_DIR>/outbox-mail).")
    String outboxDir();
}
