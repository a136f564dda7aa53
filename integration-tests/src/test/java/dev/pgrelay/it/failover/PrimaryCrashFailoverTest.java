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
 * The primary is killed (kill -9 of every server process) under a client's write loop and the replica is
 * promoted: the client keeps its connection, at most the statement in flight fails, and its next write
 * waits in pgrelay and then runs on the new primary. Prints how long each step took.
 */
@PgRelayTest(replicas = 1, poolMode = "transaction", poolSize = 4, config = RelayView.DEFAULT_HEALTH_AND_FAILOVER)
class PrimaryCrashFailoverTest {
    /** Generous for a 2-core CI machine; the figures printed are what to watch (goal: about 1 s). */
    private static final Duration DETECTION_BOUND = Duration.ofSeconds(5);
    private static final Duration FIRST_WRITE_BOUND = Duration.ofSeconds(10);

    @Test
    void writesContinueOnTheSameConnectionAfterThePrimaryIsKilledAndTheReplicaPromoted(PgRelayEnvironment env)
            throws Exception {
        RelayView relay = RelayView.readyForWrites(env);
        PgNode oldPrimary = env.cluster().primary();
        PgNode replica = env.cluster().replicas().get(0);
        NodeConfig oldNode = relay.nodeOf(oldPrimary);

        try (WriteLoop writes = WriteLoop.start(env)) {
            writes.awaitMoreSuccesses(50, Duration.ofSeconds(30));

            long killed = System.nanoTime();
            oldPrimary.kill();
            // kill() returns once every server process is gone: a write that started later cannot have run on
            // the old primary. One that started in between may have been acknowledged by it just before it died,
            // and like any write it acknowledged it may be lost by asynchronous replication.
            long dead = System.nanoTime();
            long unrouted = when("pgrelay stops routing to the killed primary", DETECTION_BOUND,
                    () -> relay.primary().isEmpty());
            long down = when("pgrelay marks the killed primary down", DETECTION_BOUND,
                    () -> !relay.topology().health(oldNode).up());

            long promoting = System.nanoTime();
            replica.promote();
            long promoted = System.nanoTime();
            WriteLoop.Write first = writes.awaitFirstSuccessEndingAfter(promoting, FIRST_WRITE_BOUND);
            writes.awaitMoreSuccesses(50, Duration.ofSeconds(30));
            writes.stop();

            List<Long> afterDeath = writes.succeededAfter(dead);
            List<Long> beforeDeath = writes.succeededBefore(dead);
            long lostByAsyncReplication = beforeDeath.size()
                    - WriteLoop.presentOn(replica, env.database(), beforeDeath).size();
            System.out.printf("""
                    [failover: primary killed]
                      kill -> pgrelay stops routing to it:      %5d ms
                      kill -> node marked down:                 %5d ms
                      promote command -> promote() returned:    %5d ms
                      promote command -> first write succeeded: %5d ms   (promote() returned -> it: %d ms)
                      write that waited for the new primary:    %s
                      client-visible errors:                    %s
                      writes: %d ok, %d acknowledged by the old primary but not replicated
                    """,
                    millisBetween(killed, unrouted), millisBetween(killed, down),
                    millisBetween(promoting, promoted), millisBetween(promoting, first.endedNanos()),
                    millisBetween(promoted, first.endedNanos()), first, writes.failures(),
                    writes.successes(), lostByAsyncReplication);

            assertThat(writes.connectionSurvived()).as("the client's one connection stays open").isTrue();
            assertThat(writes.failures()).as("only the statement in flight at the kill may fail").hasSizeLessThanOrEqualTo(1)
                    .allSatisfy(failed -> assertThat(failed.error().getSQLState()).isEqualTo("08006"));
            assertThat(Duration.ofNanos(first.endedNanos() - promoting)).isLessThan(FIRST_WRITE_BOUND);
            assertThat(relay.routesTo(replica)).isTrue();
            assertThat(env.relay().poolStats()).as("the dead node's pools are drained")
                    .filteredOn(pool -> pool.key().node().equals(oldNode))
                    .allSatisfy(pool -> assertThat(pool.open()).isZero());
            assertThat(WriteLoop.presentOn(replica, env.database(), afterDeath))
                    .as("every write started after the old primary died is on the new primary").isEqualTo(afterDeath);
        }
    }
}
