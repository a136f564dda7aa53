package dev.pgrelay.it.failover;

import static dev.pgrelay.it.failover.RelayView.millisBetween;
import static dev.pgrelay.it.failover.RelayView.when;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.testkit.PgNode;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The primary vanishes from the network (a blackhole: packets are dropped, nothing is refused or reset) under a
 * client's write loop, and the replica is promoted. The write caught in the partition would wait for TCP to give
 * up — many minutes — and the client with it. pgrelay closes that server connection once health checks mark the
 * node down and it has heard nothing for health.timeout: the write fails with 08006 and the client's next write,
 * on the same connection, runs on the new primary. Prints how long each step took.
 */
@PgRelayTest(replicas = 1, poolMode = "transaction", poolSize = 4, faultProxy = true,
        config = RelayView.DEFAULT_HEALTH_AND_FAILOVER)
class PartitionedPrimaryTest {
    private static final Duration DETECTION_BOUND = Duration.ofSeconds(10);

    @Test
    void aWriteStuckInAPartitionFailsFastAndTheNextOneRunsOnTheNewPrimary(PgRelayEnvironment env) throws Exception {
        RelayView relay = RelayView.readyForWrites(env);
        PgNode oldPrimary = env.cluster().primary();
        PgNode replica = env.cluster().replicas().get(0);
        NodeConfig oldNode = relay.nodeOf(oldPrimary);

        try (WriteLoop writes = WriteLoop.start(env)) {
            writes.awaitMoreSuccesses(50, Duration.ofSeconds(30));

            long cut = System.nanoTime();
            env.network(oldPrimary).blackhole();
            long down = when("pgrelay marks the unreachable primary down", DETECTION_BOUND,
                    () -> !relay.topology().health(oldNode).up());
            long freed = when("the write caught in the partition fails", DETECTION_BOUND,
                    () -> !writes.failures().isEmpty());

            long promoting = System.nanoTime();
            replica.promote();
            WriteLoop.Write first = writes.awaitFirstSuccessEndingAfter(promoting, DETECTION_BOUND);
            writes.awaitMoreSuccesses(20, Duration.ofSeconds(30));
            writes.stop();

            List<WriteLoop.Write> failures = writes.failures();
            System.out.printf("""
                    [failover: primary partitioned (blackhole)]
                      cut -> node marked down:                  %5d ms
                      cut -> stuck write failed:                %5d ms
                      promote command -> first write succeeded: %5d ms
                      client-visible errors:                    %s
                    """, millisBetween(cut, down), millisBetween(cut, freed), millisBetween(promoting,
                    first.endedNanos()), failures);

            assertThat(writes.connectionSurvived()).as("the client's one connection stays open").isTrue();
            assertThat(failures).as("only the write caught in the partition fails").hasSize(1)
                    .allSatisfy(failed -> {
                        assertThat(failed.error().getSQLState()).isEqualTo("08006");
                        assertThat(failed.error().getMessage()).contains("stopped answering");
                    });
            assertThat(relay.routesTo(replica)).isTrue();
            List<Long> afterCut = writes.succeededAfter(cut);
            assertThat(WriteLoop.presentOn(replica, env.database(), afterCut))
                    .as("every write started after the cut and acknowledged is on the new primary")
                    .isEqualTo(afterCut);
        }
    }
}
