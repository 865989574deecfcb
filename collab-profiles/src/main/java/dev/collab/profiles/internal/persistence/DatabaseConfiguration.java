package dev.collab.profiles.internal.persistence;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "collab database",
    description = "Where the suite keeps its data: embedded Derby in the data folder, or a PostgreSQL database shared by several nodes.")
@interface DatabaseConfiguration {

    @AttributeDefinition(name = "Data folder", description = "Folder holding the embedded database (db/) and its log (derby.log). Set from COLLAB_DATA_DIR by the launcher.")
    String dataDir();

    @AttributeDefinition(name = "Log level", description = "EclipseLink log level: OFF, SEVERE, WARNING, INFO, FINE.")
    String logLevel() default "WARNING";

    @AttributeDefinition(name = "PostgreSQL URL", description = "jdbc:postgresql://host:port/database (COLLAB_DB_URL); empty for the embedded Derby database in the data folder.")
    String url() default "";

    @AttributeDefinition(name = "User", description = "The PostgreSQL user (COLLAB_DB_USER).")
    String user() default "";

    /**
     * Maps to the property {@code .password}: a leading dot keeps a configuration property out of
     * the service registration, so the password is not published with the service.
     */
    @AttributeDefinition(name = "Password", description = "The PostgreSQL user's password (COLLAB_DB_PASSWORD); property name .password.",
        type = AttributeType.PASSWORD)
    String _password() default "";

    @AttributeDefinition(name = "Pool size", description = "Connections to PostgreSQL this node keeps at most.", min = "2", max = "100")
    int poolSize() default 10;
}
