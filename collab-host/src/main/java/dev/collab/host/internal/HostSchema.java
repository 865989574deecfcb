package dev.collab.host.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import dev.collab.migrations.Migrations;

/**
 * The host defaults' schema: its migrations, recorded in {@code HOST_SCHEMA} and run by the
 * suite's own runner ({@link Migrations}): schema changes are explicit, and an older build
 * refuses a newer schema. Add a migration by appending to {@link #MIGRATIONS}.
 */
final class HostSchema {
    static final List<String> MIGRATIONS = List.of("V1__customers_messages.sql");
    static final Migrations RUNNER = new Migrations("HOST_SCHEMA", MIGRATIONS, HostSchema.class, "host database");

    private HostSchema() {
    }

    /**
     * @return whether the database is the suite's own (it has the suite's schema table): sharing
     *         it would mix the host's records into the suite's data and let either side shut the
     *         other's database down
     */
    static boolean isSuiteDatabase(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
             ResultSet tables = c.getMetaData().getTables(null, null, "COLLAB_SCHEMA", null)) {
            return tables.next();
        }
    }

    /** @return the schema version after migrating */
    static int migrate(DataSource dataSource) throws SQLException {
        return RUNNER.migrate(dataSource);
    }
}
