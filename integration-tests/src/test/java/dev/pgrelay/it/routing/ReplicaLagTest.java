package dev.pgrelay.it.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.testkit.PgNode;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A replica whose replay is paused falls behind routing.max_replica_lag and gets no reads until it catches up. */
@PgRelayTest(replicas = 2, poolMode = "transaction", poolSize = 5, config = """
        routing: { read_write_split: true, balance: round_robin, primary_reads: false, max_replica_lag: 1MB }
        health: { interval: 200ms, timeout: 1s, failures_before_down: 3 }
        """)
class ReplicaLagTest {

    @Test
    void aLaggingReplicaGetsNoReads(PgRelayEnvironment env) throws Exception {
        PgNode lagging = env.cluster().replicas().get(0);
        PgNode healthy = env.cluster().replicas().get(1);
        env.cluster().replicas().forEach(replica -> Topologies.awaitReplica(env.relay(), replica));
        lagging.pauseReplay();
        try {
            try (Connection direct = DriverManager.getConnection(env.primaryJdbcUrl(), env.user(), env.password());
                 Statement s = direct.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS ballast (pad text)");
                s.execute("INSERT INTO ballast SELECT repeat('x', 1000) FROM generate_series(1, 4000)");   // ~4 MB WAL
            }
            Topologies.awaitHealth(env.relay(), lagging, "replica lag above 1MB",
                    h -> h.replicationLagBytes() > 1024 * 1024);
            // The healthy replica streams the same 4 MB: until a health check has seen it replay them, it may be
            // over the limit too, and the reads would go to the primary instead (seen once in CI).
            Topologies.awaitHealth(env.relay(), healthy, "the healthy replica within 1MB",
                    h -> h.replicationLagBytes() >= 0 && h.replicationLagBytes() < 1024 * 1024);
            Map<Integer, Integer> share = new HashMap<>();
            try (Connection c = DriverManager.getConnection(env.relayJdbcUrl(), env.user(), env.password())) {
                for (int i = 0; i < 40; i++) {
                    try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT inet_server_port()")) {
                        rows.next();
                        share.merge(rows.getInt(1), 1, Integer::sum);
                    }
                }
            }
            assertThat(share).containsOnlyKeys(healthy.port());
        } finally {
            lagging.resumeReplay();
        }
        Topologies.awaitHealth(env.relay(), lagging, "replica caught up", h -> h.replicationLagBytes() >= 0
                && h.replicationLagBytes() < 1024 * 1024);
    }
}
