package dev.collab.invitations.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "collab invitation mail", description = "Where and how invitation mails are written.")
@interface MailOutboxConfiguration {

    @AttributeDefinition(name = "Outbox folder", description = "Folder the .eml files are written to (set from COLLAB_DATA_DIR/outbox-mail by the launcher).")
    String outboxDir();

    @AttributeDefinition(name = "Base URL", description = "Public base of the registration link (COLLAB_BASE_URL).")
    String baseUrl() default "http://localhost:8080";

    @AttributeDefinition(name = "Sender", description = "From address of invitation mails (COLLAB_MAIL_FROM).")
    String from() default "collab@localhost";
}
