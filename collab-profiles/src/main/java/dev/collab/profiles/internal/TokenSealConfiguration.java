package dev.collab.profiles.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "collab outbox seal",
    description = "The key that seals invitation and password reset tokens while their mails wait in the outbox.")
@interface TokenSealConfiguration {
    String PID = "dev.collab.outbox.seal";

    /**
     * Maps to the property {@code .key}: a leading dot keeps it out of the service registration.
     */
    @AttributeDefinition(name = "Key", type = AttributeType.PASSWORD,
        description = "Base64 of 32 random bytes (COLLAB_OUTBOX_KEY). Every node on one shared database needs the same key: a mail "
            + "sealed by one node is sent by whichever node takes it. Empty: the key file <data>/secrets/outbox.key, created on "
            + "first use (one node).")
    String _key() default "";
}
