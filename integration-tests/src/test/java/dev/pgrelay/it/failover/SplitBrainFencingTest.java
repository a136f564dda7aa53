package dev.pgrelay.it.failover;

import static dev.pgrelay.it.failover.RelayView.millisBetween;
import static dev.pgrelay.it.failover.RelayView.when;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.config.NodeConfig;
import dev.pgrelay.testkit.PgNode;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Split brain: after a failover the old primary is started again and, having never been told otherwise, runs
 * as a primary on its old timeline. pgrelay keeps writing to the promoted node (higher timeline), fences the old
 * one, and not a single write reaches it.
 */
@PgRelayTest(replicas = 1, poolMode = "transaction", poolSize = 4, config = RelayView.DEFAULT_HEALTH_AND_FAILOVER)
class SplitBrainFencingTest {

    @Test
    void anOldPrimaryRestartedOnItsOldTimelineIsFencedAndGetsNoWrites(PgRelayEnvironment env) throws Exception {
        RelayView relay = RelayView.readyForWrites(env);
        PgNode oldPrimary = env.cluster().primary();
        PgNode newPrimary = env.cluster().replicas().get(0);
        NodeConfig oldNode = relay.nodeOf(oldPrimary);
        NodeConfig newNode = relay.nodeOf(newPrimary);
        env.cluster().awaitReplicasCaughtUp(Duration.ofSeconds(30));
        oldPrimary.kill();
        newPrimary.promote();
        when("pgrelay routes to the promoted " + newPrimary, Duration.ofSeconds(10), () -> relay.routesTo(newPrimary));

        try (WriteLoop writes = WriteLoop.start(env)) {
            writes.awaitMoreSuccesses(30, Duration.ofSeconds(30));
            long restarting = System.nanoTime();
            oldPrimary.start();   // crash recovery, then a writable primary on its old timeline
            long restarted = System.nanoTime();
            long fenced = when("pgrelay fences the restarted old primary", Duration.ofSeconds(10),
                    () -> relay.topology().fencedNodes().contains(oldNode));
            writes.awaitMoreSuccesses(50, Duration.ofSeconds(30));
            writes.stop();

            System.out.printf("""
                    [split brain: old primary restarted on its old timeline]
                      start() returned -> old primary fenced:   %5d ms   (start() took %d ms)
                      timelines: old primary %d, new primary %d; split brains counted: %d
                      writes: %d ok, %d failed; rows on the old primary: %d
                    """,
                    millisBetween(restarted, fenced), millisBetween(restarting, restarted),
                    relay.topology().health(oldNode).timeline(), relay.topology().health(newNode).timeline(),
                    relay.topology().splitBrainCount(), writes.successes(), writes.failures().size(),
                    WriteLoop.rowsOn(oldPrimary, env.database()));

            assertThat(oldPrimary.isInRecovery()).as("the old primary really is a writable primary again").isFalse();
            assertThat(relay.routesTo(newPrimary)).isTrue();
            assertThat(relay.topology().splitBrainCount()).as("the failover itself was no split brain").isEqualTo(1);
            assertThat(relay.topology().health(oldNode).timeline())
                    .isLessThan(relay.topology().health(newNode).timeline());
            assertThat(WriteLoop.rowsOn(oldPrimary, env.database())).as("writes that reached the old primary").isZero();
            assertThat(writes.failures()).isEmpty();
            assertThat(WriteLoop.presentOn(newPrimary, env.database(), writes.succeeded()))
                    .isEqualTo(writes.succeeded());
        }
    }
}
