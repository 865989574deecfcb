package dev.collab.profiles.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "collab password resets", description = "\"Passwort vergessen\": single-use reset links by mail.")
@interface PasswordResetsConfiguration {

    @AttributeDefinition(name = "Link validity (minutes)", description = "How long a reset link works.", min = "5", max = "1440")
    int validityMinutes() default 60;

    @AttributeDefinition(name = "Requests per client", description = "Reset requests one client address may make within the window, for any addresses.", min = "1")
    int requestsPerClient() default 10;

    @AttributeDefinition(name = "Requests per e-mail", description = "Reset requests for one e-mail of a tenant within the window (whether or not it has an account), so that nobody can flood a mailbox.", min = "1")
    int requestsPerEmail() default 3;

    @AttributeDefinition(name = "Request window (s)", description = "Sliding window of the request limits.", min = "60")
    int requestWindowSeconds() default 3600;
}
