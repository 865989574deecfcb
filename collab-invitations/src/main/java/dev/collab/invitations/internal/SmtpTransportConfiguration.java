package dev.collab.invitations.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "collab SMTP transport",
    description = "Delivers invitation mails to an SMTP server (Jakarta Mail / Angus). Present only when configured; it then replaces the .eml file transport.")
@interface SmtpTransportConfiguration {

    @AttributeDefinition(name = "Host", description = "SMTP server host name (COLLAB_SMTP_HOST).")
    String host();

    @AttributeDefinition(name = "Port", description = "SMTP server port (COLLAB_SMTP_PORT).", min = "1", max = "65535")
    int port() default 25;

    @AttributeDefinition(name = "User", description = "User name for SMTP AUTH; empty for none (COLLAB_SMTP_USER).", required = false)
    String user() default "";

    /**
     * Maps to the property {@code .password}: a leading dot keeps a configuration property out of
     * the service registration, so the password is not published with the service.
     */
    @AttributeDefinition(name = "Password", description = "Password for SMTP AUTH (COLLAB_SMTP_PASSWORD); property name .password.",
        type = AttributeType.PASSWORD, required = false)
    String _password() default "";

    @AttributeDefinition(name = "STARTTLS", description = "Require STARTTLS before authenticating and sending (COLLAB_SMTP_STARTTLS).")
    boolean starttls() default false;

    @AttributeDefinition(name = "Timeout (ms)", description = "Connect, read and write timeout of the SMTP connection.", min = "1")
    int timeoutMillis() default 10000;

    @AttributeDefinition(name = "Keep-alive (s)",
        description = "How long the connection stays open for the next mail after one was sent; 0 opens a connection per mail.", min = "0",
        max = "60")
    int keepAliveSeconds() default 5;
}
