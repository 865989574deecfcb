package dev.collab.profiles.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "collab accounts", description = "Password hashing of the embedded accounts.")
@interface AccountServiceConfiguration {

    @AttributeDefinition(name = "PBKDF2 iterations", description = "Work factor of new password hashes (OWASP 2023: 600000 for PBKDF2-HMAC-SHA256; lower it only for tests).")
    int hashIterations() default 310_000;

    @AttributeDefinition(name = "Verified login cache (seconds)", description = "How long a successful password check is remembered, so that HTTP Basic does not pay the slow hash on every request. 0 turns it off.")
    int verifiedCacheSeconds() default 300;
}
