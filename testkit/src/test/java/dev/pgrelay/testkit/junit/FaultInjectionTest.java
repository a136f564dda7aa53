package dev.pgrelay.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.config.HostPort;
import dev.pgrelay.proxy.topology.NodeHealth;
import dev.pgrelay.testkit.Await;
import dev.pgrelay.testkit.PgNode;
import dev.pgrelay.testkit.junit.PgRelayTest.Lifecycle;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Faults through the JUnit environment: each is one call, and the probes see what an application would. */
@PgRelayTest(replicas = 2, poolMode = "transaction", faultProxy = true, lifecycle = Lifecycle.PER_METHOD, config = """
        health: { interval: 200ms, timeout: 500ms, failures_before_down: 2 }
        routing: { read_write_split: true, balance: round_robin, primary_reads: false }
        """)
class FaultInjectionTest {

    @Test
    void pgrelayKnowsEachNodeByItsFaultProxyAddress(PgRelayEnvironment env) {
        for (PgNode node : env.cluster().nodes()) {
            HostPort address = env.relayAddressOf(node);
            assertThat(address.port()).isEqualTo(env.network(node).port()).isNotEqualTo(node.port());
            assertThat(env.nodeOf(env.relayNodeOf(node))).isSameAs(node);
        }
    }

    @Test
    void afterAFailoverWritesResumeAndIdleClientsKeepWorking(PgRelayEnvironment env) {
        env.awaitRelayPrimary(env.cluster().primary(), Duration.ofSeconds(10));
        try (IdleClients idle = env.openIdleClients(3); WriteProbe writes = env.startWriteProbe()) {
            PgNode newPrimary = env.failover();

            Duration outage = writes.assertResumedWithin(Duration.ofSeconds(15));

            idle.assertAllStillWork();
            assertThat(env.relayPrimary()).contains(newPrimary);
            System.out.println("[testkit] failover outage seen by the write probe: " + outage.toMillis() + " ms");
        }
    }

    @Test
    void readsGoToTheReplicasOnly(PgRelayEnvironment env) {
        awaitReplicasServeReads(env);

        ReadSpread spread = env.measureReadSpread(20);

        spread.assertOnlyReplicasServed();
        env.cluster().replicas().forEach(replica -> assertThat(spread.on(replica)).as(spread.toString()).isPositive());
    }

    @Test
    void aPartitionedReplicaGetsNoMoreReads(PgRelayEnvironment env) {
        awaitReplicasServeReads(env);
        PgNode cutOff = env.cluster().replicas().get(0);
        PgNode reachable = env.cluster().replicas().get(1);

        env.network(cutOff).partition();
        Await.until("pgrelay marks " + cutOff + " down", Duration.ofSeconds(10),
                () -> !env.relay().topology().health(env.relayNodeOf(cutOff)).up());

        ReadSpread spread = env.measureReadSpread(10);
        assertThat(spread.on(cutOff)).as(spread.toString()).isZero();
        assertThat(spread.on(reachable)).as(spread.toString()).isEqualTo(10);
    }

    @Test
    void slowQueriesOnThePrimaryDelayEveryWrite(PgRelayEnvironment env) throws Exception {
        try (Connection connection = env.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE slow_writes (v int)");
            env.network(env.cluster().primary()).slowQueries(Duration.ofMillis(300));

            long started = System.nanoTime();
            statement.execute("INSERT INTO slow_writes VALUES (1)");

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    private static void awaitReplicasServeReads(PgRelayEnvironment env) {
        // A replica serves reads once pgrelay knows its role and its lag behind a known primary.
        Await.until("pgrelay sees every replica fit for reads", Duration.ofSeconds(10), () -> env.cluster().replicas()
                .stream().map(env::relayNodeOf).allMatch(node -> {
                    var health = env.relay().topology().health(node);
                    return health.role() == NodeHealth.Role.REPLICA && health.replicationLagBytes() >= 0
                            && !env.relay().topology().isSuspected(node);
                }));
    }
}
