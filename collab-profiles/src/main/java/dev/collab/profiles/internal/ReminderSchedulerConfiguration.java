package dev.collab.profiles.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "collab reminders", description = "The reminder before a pending invitation expires.")
@interface ReminderSchedulerConfiguration {

    @AttributeDefinition(name = "Lead time (hours)", description = "How long before a pending invitation expires its invitee gets one reminder"
        + " mail, for every tenant that has not set its own: 0 (none) to 720 hours.", min = "0", max = "720")
    int leadHours() default 48;

    @AttributeDefinition(name = "Minimum age (minutes)", description = "No reminder sooner than this after the invitation (or its resend), so that"
        + " a lead time as long as the link's validity does not remind right after the invitation.", min = "0")
    int minimumAgeMinutes() default 12 * 60;

    @AttributeDefinition(name = "Interval (seconds)", description = "How often the pass looks for invitations owed a reminder.", min = "1")
    int intervalSeconds() default 300;
}
