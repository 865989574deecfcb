package dev.collab.invitations.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "collab invitation mail dispatcher",
    description = "Delivers the invitation mails of the outbox through the highest-ranked mail transport, with retry and exponential backoff.")
@interface MailDispatcherConfiguration {

    @AttributeDefinition(name = "Base URL", description = "Public base of the registration link <base>/collab/register?token=... (COLLAB_BASE_URL); its host also names the Message-IDs.")
    String baseUrl() default "http://localhost:8080";

    @AttributeDefinition(name = "Sender", description = "From address of invitation mails (COLLAB_MAIL_FROM).")
    String from() default "collab@localhost";

    @AttributeDefinition(name = "Poll interval (s)", description = "How often the outbox is checked for due mails; a new invitation triggers a check at once.", min = "1")
    int pollSeconds() default 2;

    @AttributeDefinition(name = "Maximum attempts", description = "Delivery attempts before a mail is marked failed.", min = "1")
    int maxAttempts() default 8;

    @AttributeDefinition(name = "Initial backoff (s)", description = "Wait after the first failed attempt; doubled after each further one.", min = "1")
    int initialBackoffSeconds() default 5;

    @AttributeDefinition(name = "Maximum backoff (s)", description = "Upper bound of the wait between two attempts.", min = "1")
    int maxBackoffSeconds() default 900;
}
