package dev.pgrelay.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.config.ConfigLoader;
import dev.pgrelay.config.PgRelayConfig;
import dev.pgrelay.testkit.Await;
import dev.pgrelay.testkit.PgNode;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * RELOAD changes nodes, routing and health settings while clients keep working: reads follow the new nodes and
 * balancing, health checks follow the new interval, and no connected client sees an error or loses its
 * connection. Every test starts from, and goes back to, the configuration pgrelay started with.
 */
@PgRelayTest(replicas = 2, poolMode = "transaction", poolSize = 4,
        config = "routing: { read_write_split: true, primary_reads: false }\n")
class LiveReloadTest {
    private static final String WHICH_NODE = "SELECT inet_server_port()";
    private static final int CLIENTS = 3;

    @Test
    void anAddedReplicaServesReadsOnceHealthyAndNoClientIsDropped(PgRelayEnvironment env) throws Exception {
        PgNode first = env.cluster().replicas().get(0);
        PgNode added = env.cluster().replicas().get(1);
        env.relay().reload(parse(withoutNode(env, added)));
        try (ClientLoop clients = ClientLoop.start(env, env.database(), CLIENTS, WHICH_NODE)) {
            clients.awaitMoreAnswers(first.port(), 20);
            assertThat(clients.answered(added.port())).as("a node pgrelay does not know").isZero();

            reloadOnTheConsole(env, env.configYaml());

            clients.awaitMoreAnswers(added.port(), 20);
            clients.stopAndAssertNoClientFailedOrWasDropped();
        } finally {
            env.relay().reload(env.config());
        }
    }

    @Test
    void aRemovedReplicaGetsNoMoreReadsAndItsServerConnectionsClose(PgRelayEnvironment env) throws Exception {
        PgNode kept = env.cluster().replicas().get(0);
        PgNode removed = env.cluster().replicas().get(1);
        try (ClientLoop clients = ClientLoop.start(env, env.database(), CLIENTS, WHICH_NODE)) {
            clients.awaitMoreAnswers(removed.port(), 20);

            reloadOnTheConsole(env, withoutNode(env, removed));

            Await.until("pgrelay closed every connection to " + removed, Duration.ofSeconds(30),
                    () -> connectionsFromRelay(env, removed) == 0);
            long servedBefore = clients.answered(removed.port());
            clients.awaitMoreAnswers(kept.port(), 100);
            assertThat(clients.answered(removed.port())).as("reads on the removed node").isEqualTo(servedBefore);
            assertThat(env.relay().poolStats()).noneSatisfy(pool ->
                    assertThat(pool.key().node().port()).isEqualTo(removed.port()));
            clients.stopAndAssertNoClientFailedOrWasDropped();
        } finally {
            env.relay().reload(env.config());
        }
    }

    @Test
    void readWriteSplitBalanceAndWeightsReachConnectedClients(PgRelayEnvironment env) throws Exception {
        PgNode primary = env.cluster().primary();
        PgNode light = env.cluster().replicas().get(0);
        PgNode heavy = env.cluster().replicas().get(1);
        env.relay().reload(parse(env.configYaml().replace("read_write_split: true", "read_write_split: false")));
        try (ClientLoop clients = ClientLoop.start(env, env.database(), CLIENTS, WHICH_NODE)) {
            clients.awaitMoreAnswers(primary.port(), 50);
            assertThat(clients.answered(light.port()) + clients.answered(heavy.port())).isZero();

            env.relay().reload(env.config());   // read_write_split: true, round robin over both replicas
            clients.awaitMoreAnswers(light.port(), 20);
            clients.awaitMoreAnswers(heavy.port(), 20);

            // weighted balancing, and weight 0 on one replica: it gets reads only when it is the only one left
            String relayPort = "port: " + env.relayAddressOf(light).port() + " }";
            env.relay().reload(parse(env.configYaml()
                    .replace(relayPort, relayPort.replace(" }", ", weight: 0 }"))
                    .replace("read_write_split: true", "read_write_split: true, balance: weighted")));
            clients.awaitMoreAnswers(heavy.port(), 20);   // a read already on its way to the light one has ended
            long onLight = clients.answered(light.port());
            clients.awaitMoreAnswers(heavy.port(), 100);
            assertThat(clients.answered(light.port())).as("reads on the weight-0 replica").isEqualTo(onLight);
            clients.stopAndAssertNoClientFailedOrWasDropped();
        } finally {
            env.relay().reload(env.config());
        }
    }

    @Test
    void aNewHealthIntervalReschedulesTheWaitingChecks(PgRelayEnvironment env) throws Exception {
        var replica = env.relayNodeOf(env.cluster().replicas().get(0));
        try {
            env.relay().reload(parse(env.configYaml() + "health: { interval: 1h }\n"));
            Await.until("no health check of " + replica.name() + " for 1.5 s: the 1 s pace has ended",
                    Duration.ofSeconds(10), () -> Duration.between(env.relay().topology().health(replica)
                            .checkedAt(), Instant.now()).compareTo(Duration.ofMillis(1500)) > 0);

            // The next check is an hour away, unless the probes reschedule to the new interval.
            env.relay().reload(parse(env.configYaml() + "health: { interval: 200ms }\n"));

            AtomicReference<Instant> lastSeen = new AtomicReference<>(env.relay().topology().health(replica)
                    .checkedAt());
            AtomicInteger freshChecks = new AtomicInteger();
            Await.until("three health checks of " + replica.name() + " at the reloaded 200ms pace",
                    Duration.ofSeconds(5), () -> {
                        Instant checkedAt = env.relay().topology().health(replica).checkedAt();
                        if (!checkedAt.equals(lastSeen.getAndSet(checkedAt))) {
                            freshChecks.incrementAndGet();
                        }
                        return freshChecks.get() >= 3;
                    });
            assertThat(AdminPsql.run(env, "SHOW CONFIG").rows()).anySatisfy(row ->
                    assertThat(row).containsExactly("health.interval", "200ms", "1s", "yes"));
        } finally {
            env.relay().reload(env.config());
        }
    }

    private static PgRelayConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "reloaded.yaml");
    }

    /** The test's configuration text without {@code node}'s entry in nodes. */
    private static String withoutNode(PgRelayEnvironment env, PgNode node) {
        String entry = "port: " + env.relayAddressOf(node).port() + " }";
        String yaml = env.configYaml().lines().filter(line -> !line.contains(entry))
                .reduce("", (text, line) -> text + line + "\n");
        assertThat(yaml).isNotEqualTo(env.configYaml());
        return yaml;
    }

    /** RELOAD on the admin console, reading {@code yaml} as the configuration file. */
    private static void reloadOnTheConsole(PgRelayEnvironment env, String yaml) throws Exception {
        env.relay().reloadFrom(() -> parse(yaml));
        AdminPsql.Output reloaded = AdminPsql.run(env, "RELOAD");
        assertThat(reloaded.exitCode()).as(reloaded.text()).isZero();
        assertThat(reloaded.text()).as("nothing waits for a restart").doesNotContain("restart");
    }

    /** Connections pgrelay holds to {@code node}: pooled server connections and the health check's. */
    private static int connectionsFromRelay(PgRelayEnvironment env, PgNode node) throws Exception {
        try (Connection direct = node.connect(env.database()); Statement statement = direct.createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM pg_stat_activity"
                     + " WHERE backend_type = 'client backend' AND usename = current_user"
                     + " AND pid <> pg_backend_pid()")) {
            count.next();
            return count.getInt(1);
        }
    }
}
