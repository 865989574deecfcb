package dev.collab.profiles.internal.persistence;

import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import dev.collab.migrations.Migrations;

/**
 * The suite's schema: its migrations, in order, run by the runner the host defaults' database
 * shares ({@link Migrations}). Add a migration by appending to {@link #MIGRATIONS}.
 */
final class Schema {
    static final List<String> MIGRATIONS = List.of("V1__tenants_accounts_profiles.sql",
        "V2__grants_memberships_invitations_audit.sql", "V3__mail_outbox_languages.sql", "V4__password_resets.sql",
        "V5__overview_paging.sql", "V6__tenant_time_zone.sql",
        "V7__reminders.sql", "V8__valid_until.sql", "V9__access_review.sql", "V10__cluster_changes.sql",
        "V11__web_sessions.sql", "V12__cluster_change_items.sql");
    static final Migrations RUNNER = new Migrations("COLLAB_SCHEMA", MIGRATIONS, Schema.class, "database");

    private Schema() {
    }

    /** @return the schema version after migrating */
    static int migrate(DataSource dataSource) throws SQLException {
        return RUNNER.migrate(dataSource);
    }
}
