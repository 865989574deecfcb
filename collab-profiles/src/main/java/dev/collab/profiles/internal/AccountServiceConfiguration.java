package dev.collab.profiles.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "collab accounts", description = "Password hashing of the embedded accounts, and the throttling of sign-ins and token look-ups.")
@interface AccountServiceConfiguration {

    @AttributeDefinition(name = "PBKDF2 iterations", description = "Work factor of new password hashes (OWASP 2023: 600000 for PBKDF2-HMAC-SHA256; lower it only for tests).")
    int hashIterations() default 310_000;

    @AttributeDefinition(name = "Verified login cache (seconds)", description = "How long a successful password check is remembered, so that HTTP Basic does not pay the slow hash on every request. 0 turns it off.")
    int verifiedCacheSeconds() default 300;

    @AttributeDefinition(name = "Free failures per account", description = "Wrong passwords for one account before further attempts from clients that failed must wait (a client without failures may still sign in).", min = "1")
    int loginFreeFailuresPerAccount() default 5;

    @AttributeDefinition(name = "Free failures per client", description = "Wrong passwords from one client address (any account) before its attempts must wait.", min = "1")
    int loginFreeFailuresPerClient() default 10;

    @AttributeDefinition(name = "Back-off base (s)", description = "Wait after the first failure beyond the free ones; doubled with every further failure.", min = "1")
    int loginBackoffBaseSeconds() default 1;

    @AttributeDefinition(name = "Back-off maximum (s)", description = "Upper bound of the wait between two attempts: never a hard lock-out.", min = "1")
    int loginBackoffMaxSeconds() default 300;

    @AttributeDefinition(name = "Failure memory (s)", description = "Failures of an account or client are forgotten after this long without a new one (at least the back-off maximum).", min = "1")
    int loginFailureMemorySeconds() default 900;

    @AttributeDefinition(name = "Concurrent password hashes", description = "PBKDF2 computations at a time, so that guessing cannot starve other requests; 0 means half the processors, at least 1.", min = "0")
    int maxConcurrentHashes() default 0;

    @AttributeDefinition(name = "Hash wait (ms)", description = "How long a password check waits for a free hashing slot before it is answered 503 with Retry-After.", min = "0")
    int hashWaitMillis() default 2000;

    @AttributeDefinition(name = "Failed token look-ups per client", description = "Unknown or spent invitation and reset tokens one client may present within the window before its failing look-ups are refused (429); valid tokens are always served.", min = "1")
    int tokenFailuresPerClient() default 10;

    @AttributeDefinition(name = "Token look-up window (s)", description = "Sliding window of the failed token look-ups.", min = "1")
    int tokenFailureWindowSeconds() default 600;

    @AttributeDefinition(name = "Tracked clients and accounts", description = "Records kept per throttle; beyond it the least recently active are forgotten.", min = "100")
    int throttleTrackedKeys() default 100_000;

    @AttributeDefinition(name = "Support password hashing delay (s)", description = "The support login's password given at a start (COLLAB_SUPPORT_PASSWORD) is checked in memory and its slow hash stored this long after the start (or at the stop), off the start's critical path; a generated one is hashed at once.", min = "0")
    int supportHashDelaySeconds() default 30;
}
