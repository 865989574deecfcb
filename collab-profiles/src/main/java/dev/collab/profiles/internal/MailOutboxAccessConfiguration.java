package dev.collab.profiles.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "collab mail outbox access",
    description = "Which bundles may use the mail outbox (dev.collab.api.mail.MailOutbox), whose due() hands out the"
        + " unsealed invitation and password-reset tokens of every tenant. A host that ships its own dispatcher names"
        + " it here.")
@interface MailOutboxAccessConfiguration {
    String PID = "dev.collab.mail.outbox";

    @AttributeDefinition(name = "Dispatchers",
        description = "Bundle symbolic names of the bundles that may find and use the outbox service. Every other"
            + " bundle neither finds it nor hears of it, and is refused its service object.")
    String[] dispatchers() default {"dev.collab.collab-invitations"};

    @AttributeDefinition(name = "Lease (seconds)", min = "5",
        description = "Nodes on one shared database: how long a due mail handed to one node's dispatcher is not handed to"
            + " another. Longer than a send takes (the SMTP timeouts); after it, a mail whose node died unsent goes to another"
            + " node.")
    int leaseSeconds() default 120;
}
