package dev.collab.profiles.internal.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;

import dev.collab.migrations.Migrations;
import dev.collab.profiles.internal.entities.TenantEntity;
import dev.collab.testkit.PostgresServer;

/**
 * The suite's database on a real PostgreSQL server (Debian's binaries, started for this class):
 * the schema's own scripts, nodes that start together, and EclipseLink writing and reading.
 */
class PostgresDatabaseTest {
    private static PostgresServer server;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startServer() throws IOException {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private DatabaseConfiguration config(String url) {
        return Converters.standardConverter().convert(Map.of("dataDir", dataDir.toString(), "logLevel", "SEVERE", "url", url, "user",
            "postgres", "poolSize", 3)).to(DatabaseConfiguration.class);
    }

    /**
     * Where PostgreSQL's scripts replace Derby's they may differ in the spelling of
     * {@code ALTER COLUMN ... [NOT] NULL} only: a statement added to one and not the other would
     * give the engines different schemas.
     */
    @Test
    void postgresScriptsDifferFromDerbysOnlyInTheSpellingOfNullability() throws IOException {
        List<String> derby = Schema.RUNNER.scripts(Migrations.DERBY);
        List<String> postgres = Schema.RUNNER.scripts(Migrations.POSTGRESQL);
        for (int i = 0; i < derby.size(); i++) {
            List<String> expected = Migrations.statements(derby.get(i)).stream()
                .map(s -> s.replaceAll("ALTER COLUMN (\\w+) NULL$", "ALTER COLUMN $1 DROP NOT NULL")
                    .replaceAll("ALTER COLUMN (\\w+) NOT NULL$", "ALTER COLUMN $1 SET NOT NULL"))
                .toList();
            assertEquals(expected, Migrations.statements(postgres.get(i)), Schema.MIGRATIONS.get(i));
        }
        try (InputStream own = Schema.class.getResourceAsStream("postgresql/V2__grants_memberships_invitations_audit.sql")) {
            assertNotNull(own, "PostgreSQL has scripts of its own");
            assertEquals(true, new String(own.readAllBytes(), StandardCharsets.UTF_8).contains("DROP NOT NULL"));
        }
    }

    /** Three nodes start at once on an empty database: one migrates, the others wait and find it current. */
    @Test
    void nodesStartingTogetherMigrateOnceAndAllOpen() throws Exception {
        String url = server.createDatabase("together");
        int nodes = 3;
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Database>> opened = new ArrayList<>();
        try {
            for (int i = 0; i < nodes; i++) {
                Callable<Database> node = () -> {
                    go.await();
                    return new Database(config(url));
                };
                opened.add(pool.submit(node));
            }
            go.countDown();
            List<Database> databases = new ArrayList<>();
            for (Future<Database> f : opened) {
                databases.add(f.get(120, TimeUnit.SECONDS));
            }
            String database = url.substring(url.lastIndexOf('/') + 1);
            assertEquals(String.valueOf(Schema.MIGRATIONS.size()), server.psql(database, "SELECT version FROM collab_schema"));
            assertEquals("1", server.psql(database, "SELECT count(*) FROM collab_schema"));
            // what one node writes, another reads
            databases.get(0).required(() -> null, () -> {
                TenantEntity tenant = new TenantEntity();
                tenant.id = "acme";
                tenant.name = "Acme Versicherungsmakler";
                databases.get(0).em().persist(tenant);
                return null;
            });
            assertEquals("Acme Versicherungsmakler",
                databases.get(2).supports(() -> databases.get(2).em().find(TenantEntity.class, "acme").name));
            assertEquals("PostgreSQL", databases.get(1).engine());
            databases.forEach(Database::close);
        } finally {
            pool.shutdownNow();
        }
    }
}
