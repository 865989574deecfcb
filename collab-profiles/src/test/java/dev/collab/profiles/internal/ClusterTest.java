package dev.collab.profiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.collab.api.CollabException;
import dev.collab.api.ConflictException;
import dev.collab.api.TemporarilyUnavailableException;
import dev.collab.api.delegation.DelegateQuery;
import dev.collab.api.delegation.InviteRequest;
import dev.collab.api.grants.Grant;
import dev.collab.api.grants.GrantDraft;
import dev.collab.api.mail.PendingMail;
import dev.collab.api.profiles.ProfileDraft;
import dev.collab.testkit.PostgresServer;

/**
 * Two nodes, each the whole core with its own in-memory access models, on one real PostgreSQL
 * database: a change on one is in the other's next decisions (announced by NOTIFY, heard by
 * {@link ClusterListener}), writes of a tenant are serialized across the nodes by its row lock,
 * and a node that stops hearing the other refuses to answer until it hears again.
 */
class ClusterTest {
    private static final String ADMIN = "admin:boss@broker.de";
    private static final String GF = "gf@mueller.de";
    /** How long a change may take to reach the other node before this test calls it lost (it takes milliseconds). */
    private static final long VISIBLE_WITHIN_MS = 10_000;
    private static PostgresServer server;

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;

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

    private record Cluster(String database, Core a, Core b, String tenant, Grant grant, String gfId) implements AutoCloseable {
        @Override
        public void close() {
            try {
                a.close();
            } finally {
                b.close();
            }
        }
    }

    /** Both nodes listening; on node A: the tenant, MA and GF, the GF's grant on A, B, C, the GF registered. */
    private Cluster cluster() {
        String url = server.createDatabase("cluster");
        // the one outbox key of the cluster (COLLAB_OUTBOX_KEY): a mail sealed on one node is opened by the node that sends it
        Path key = dirA.resolve("cluster-outbox.key");
        Core a = Core.node(dirA, url, key);
        Core b = Core.node(dirB, url, key);
        await("both nodes listen", () -> a.model.isListening() && b.model.isListening());
        String t = a.tenant("acme", true, "A", "B", "C");
        // the host's directory is the host's: each node asks its own, which knows the same customers
        for (String c : List.of("A", "B", "C")) {
            b.directory.put(t, c, "Customer " + c);
        }
        a.profiles.create(t, new ProfileDraft("MA", null, List.of("contracts.view"), List.of()), ADMIN);
        a.profiles.create(t, new ProfileDraft("GF", null, List.of("contracts.view", "claims.view"), List.of("MA")), ADMIN);
        Grant grant = a.grants.create(t, new GrantDraft("Müller GmbH", "GF", null, List.of("A", "B", "C"), false, GF), ADMIN);
        String gf = a.invitations.accept(a.lastToken(t, GF), Core.PASSWORD.toCharArray(), null).id();
        return new Cluster(url.substring(url.lastIndexOf('/') + 1), a, b, t, grant, gf);
    }

    @Test
    void aRevocationOnOneNodeIsInTheOtherNodesNextDecisions() {
        try (Cluster c = cluster()) {
            assertTrue(c.b.access.isAllowed(c.tenant, GF, "contracts.view", "B"), "node B loads what node A wrote");
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                boolean revoke = i % 2 == 0;
                c.a.grants.rescope(c.tenant, c.grant.id(), c.gfId, revoke ? List.of("A", "C") : List.of("A", "B", "C"), ADMIN);
                // node A's own next decision sees it at once, as on one node
                assertEquals(!revoke, c.a.access.isAllowed(c.tenant, GF, "contracts.view", "B"));
                long start = System.nanoTime();
                await("node B sees change " + i, () -> c.b.access.isAllowed(c.tenant, GF, "contracts.view", "B") == !revoke);
                millis.add((System.nanoTime() - start) / 1_000_000);
                assertTrue(c.b.access.isAllowed(c.tenant, GF, "contracts.view", "A"));
            }
            Collections.sort(millis);
            System.out.printf("ClusterTest: a change on node A reached node B's decisions after %d ms (median), %d ms (max) of %d%n",
                millis.get(millis.size() / 2), millis.get(millis.size() - 1), millis.size());
            // and the other way round: a change on B, then A's decisions
            c.b.grants.removeMember(c.tenant, c.grant.id(), c.gfId, ADMIN);
            await("node A sees node B's removal", () -> !c.a.access.isAllowed(c.tenant, GF, "contracts.view", "A"));
        }
    }

    @Test
    void theOtherNodeFollowsChangesByWhatTheyTouchedWithoutLoadingTheTenantAgain() {
        try (Cluster c = cluster()) {
            assertTrue(c.b.access.isAllowed(c.tenant, GF, "contracts.view", "B"), "node B loads what node A wrote");
            TenantModel followed = c.b.model.model(c.tenant);
            // node A: three invitations (accounts, delegate grants, memberships), a re-scope, a deletion
            List<String> delegates = new ArrayList<>();
            for (String ma : List.of("ma1@mueller.de", "ma2@mueller.de", "ma3@mueller.de")) {
                delegates.add(c.a.delegation.invite(c.tenant, c.gfId, new InviteRequest(ma, "MA", List.of("A", "B"), false, null)).id());
            }
            c.a.grants.rescope(c.tenant, c.grant.id(), c.gfId, List.of("A", "B"), ADMIN);
            c.a.delegation.delete(c.tenant, c.gfId, delegates.get(2));
            await("node B sees node A's re-scope", () -> !c.b.access.isAllowed(c.tenant, GF, "contracts.view", "C"));
            assertSame(followed, c.b.model.model(c.tenant), "node B followed the changes in its model, not by a new load");
            assertEquals(c.b.model.reloadFromScratch(c.tenant).picture(), c.b.model.model(c.tenant).picture(),
                "node B's model is what a load of the tenant builds");
            assertEquals(c.a.model.model(c.tenant).picture(), c.b.model.model(c.tenant).picture(), "both nodes hold the same model");
            // a change on node B after node A's: node B's model is current when its rules run, node A follows
            c.b.grants.rescope(c.tenant, c.grant.id(), c.gfId, List.of("A", "B", "C"), ADMIN);
            await("node A sees node B's re-scope", () -> c.a.access.isAllowed(c.tenant, GF, "contracts.view", "C"));
            assertEquals(c.a.model.reloadFromScratch(c.tenant).picture(), c.a.model.model(c.tenant).picture());
        }
    }

    @Test
    void parallelDuplicateInvitesSpreadOverBothNodesGiveExactlyOneInvitation() throws Exception {
        try (Cluster c = cluster()) {
            int calls = 50;
            ExecutorService pool = Executors.newFixedThreadPool(10);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> outcomes = new ArrayList<>();
            try {
                for (int i = 0; i < calls; i++) {
                    Core node = i % 2 == 0 ? c.a : c.b;
                    Callable<String> invite = () -> {
                        go.await();
                        try {
                            node.delegation.invite(c.tenant, c.gfId, new InviteRequest("ma@mueller.de", "MA", List.of("A"), false, null));
                            return "created";
                        } catch (ConflictException e) {
                            return "conflict";
                        }
                    };
                    outcomes.add(pool.submit(invite));
                }
                go.countDown();
                List<String> results = new ArrayList<>();
                for (Future<String> f : outcomes) {
                    results.add(f.get(120, TimeUnit.SECONDS));
                }
                assertEquals(1, results.stream().filter("created"::equals).count(), results.toString());
                assertEquals(calls - 1, results.stream().filter("conflict"::equals).count(), results.toString());
            } finally {
                pool.shutdownNow();
            }
            assertEquals(1, c.a.delegation.delegates(c.tenant, c.gfId, new DelegateQuery(null, 50, null)).items().size());
            assertEquals(1, c.b.delegation.delegates(c.tenant, c.gfId, new DelegateQuery(null, 50, null)).items().size());
            assertEquals("1", server.psql(c.database,
                "SELECT count(*) FROM membership m JOIN account a ON a.id = m.accountid WHERE a.login = 'ma@mueller.de'"));
            // the GF's own invitation is used; the MA's is the one pending
            assertEquals("1", server.psql(c.database, "SELECT count(*) FROM invitation WHERE status = 'PENDING'"));
        }
    }

    @Test
    void eachDueMailIsHandedToTheDispatcherOfExactlyOneNode() throws Exception {
        try (Cluster c = cluster()) {
            for (int i = 0; i < 30; i++) {
                Core node = i % 2 == 0 ? c.a : c.b;
                node.delegation.invite(c.tenant, c.gfId, new InviteRequest("ma" + i + "@mueller.de", "MA", List.of("A"), false, null));
            }
            int pending = Integer.parseInt(server.psql(c.database, "SELECT count(*) FROM mail_outbox WHERE status = 'PENDING'"));
            assertTrue(pending >= 30, "the 30 invitations' mails wait in the outbox: " + pending);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch go = new CountDownLatch(1);
            try {
                List<Future<List<String>>> taken = new ArrayList<>();
                for (Core node : List.of(c.a, c.b, c.a, c.b)) {
                    Callable<List<String>> dispatcher = () -> {
                        go.await();
                        List<String> ids = new ArrayList<>();
                        for (List<PendingMail> batch = node.outbox.due(Instant.now(), 7); !batch.isEmpty();
                            batch = node.outbox.due(Instant.now(), 7)) {
                            batch.forEach(m -> ids.add(m.id()));
                        }
                        return ids;
                    };
                    taken.add(pool.submit(dispatcher));
                }
                go.countDown();
                List<String> all = new ArrayList<>();
                for (Future<List<String>> f : taken) {
                    all.addAll(f.get(120, TimeUnit.SECONDS));
                }
                assertEquals(pending, all.size(), "every mail handed out once: " + all);
                assertEquals(pending, new HashSet<>(all).size(), "no mail handed out twice: " + all);
                assertEquals("0", server.psql(c.database, "SELECT count(*) FROM mail_outbox WHERE status = 'FAILED'"),
                    "every mail was opened by the node that took it, whichever node sealed it");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aNodeThatStopsHearingTheOthersRefusesToAnswerUntilItHearsAgainAndThenKnowsWhatItMissed() {
        try (Cluster c = cluster()) {
            assertTrue(c.b.access.isAllowed(c.tenant, GF, "contracts.view", "B"));
            // the database ends every listening connection (as a restart of it or a broken network would)
            server.psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' OR query = 'SELECT 1'");
            await("node B stops answering", () -> refused(() -> c.b.access.isAllowed(c.tenant, GF, "contracts.view", "B")));
            // node A (which lost its listener too) revokes customer B as soon as it hears again, maybe before node B does
            await("node A revokes", () -> {
                c.a.grants.rescope(c.tenant, c.grant.id(), c.gfId, List.of("A"), ADMIN);
                return true;
            });
            await("node B answers again, without the revoked customer", () -> {
                try {
                    return !c.b.access.isAllowed(c.tenant, GF, "contracts.view", "B")
                        && c.b.access.isAllowed(c.tenant, GF, "contracts.view", "A");
                } catch (TemporarilyUnavailableException e) {
                    return false;
                }
            });
        }
    }

    private static boolean refused(BooleanSupplier question) {
        try {
            question.getAsBoolean();
            return false;
        } catch (TemporarilyUnavailableException e) {
            assertEquals("unavailable.cluster", e.key());
            return true;
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(VISIBLE_WITHIN_MS);
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (CollabException e) {
                if (!(e instanceof TemporarilyUnavailableException)) {
                    throw e;
                }
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(what + ": interrupted");
            }
        }
        fail(what + ": not within " + VISIBLE_WITHIN_MS + " ms");
    }
}
