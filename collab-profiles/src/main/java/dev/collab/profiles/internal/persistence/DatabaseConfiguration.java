package dev.collab.profiles.internal.persistence;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "collab database", description = "Where the suite keeps its embedded Derby database.")
@interface DatabaseConfiguration {

    @AttributeDefinition(name = "Data folder", description = "Folder holding the database (db/) and its log (derby.log). Set from COLLAB_DATA_DIR by the launcher.")
    String dataDir();

    @AttributeDefinition(name = "Log level", description = "EclipseLink log level: OFF, SEVERE, WARNING, INFO, FINE.")
    String logLevel() default "WARNING";
}
