package dev.collab.profiles.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "collab invitations", description = "Registration tokens of invitations.")
@interface InvitationIssuerConfiguration {

    @AttributeDefinition(name = "Validity (hours)", description = "How long a registration link works: 1 hour to 30 days (720 hours).", min = "1", max = "720")
    int validityHours() default 14 * 24;
}
