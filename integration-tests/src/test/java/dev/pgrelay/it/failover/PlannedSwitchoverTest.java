package dev.pgrelay.it.failover;

import static dev.pgrelay.it.failover.RelayView.millisBetween;
import static dev.pgrelay.it.failover.RelayView.when;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.testkit.PgNode;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A planned switchover under a client's write loop: pause (running transactions finish, new ones are held),
 * stop the old primary cleanly, promote the replica, resume. The client sees no error at all, only one write
 * that took as long as the switchover, and every acknowledged write is on the new primary.
 */
@PgRelayTest(replicas = 1, poolMode = "transaction", poolSize = 4, config = RelayView.DEFAULT_HEALTH_AND_FAILOVER)
class PlannedSwitchoverTest {

    @Test
    void pausePromoteResumeCostsTheClientNoErrorAndNoWrite(PgRelayEnvironment env) throws Exception {
        RelayView relay = RelayView.readyForWrites(env);
        PgNode oldPrimary = env.cluster().primary();
        PgNode replica = env.cluster().replicas().get(0);

        try (WriteLoop writes = WriteLoop.start(env)) {
            writes.awaitMoreSuccesses(50, Duration.ofSeconds(30));

            long pausing = System.nanoTime();
            env.relay().pauseAsync().get(10, TimeUnit.SECONDS);
            long paused = System.nanoTime();
            oldPrimary.stop();   // a clean shutdown sends every committed write to the replica first
            replica.promote();
            long switched = when("pgrelay routes to the promoted " + replica, Duration.ofSeconds(10),
                    () -> relay.routesTo(replica));
            env.relay().resume();
            long resumed = System.nanoTime();
            WriteLoop.Write first = writes.awaitFirstSuccessEndingAfter(resumed, Duration.ofSeconds(10));
            writes.awaitMoreSuccesses(50, Duration.ofSeconds(30));
            writes.stop();

            List<Long> acknowledged = writes.succeeded();
            System.out.printf("""
                    [planned switchover: pause, stop, promote, resume]
                      pause() until no transaction was running: %5d ms
                      paused -> pgrelay routes to the new primary: %5d ms
                      resume() -> first write succeeded:        %5d ms
                      longest write (held during the pause):    %5d ms
                      client-visible errors:                    %s
                      writes: %d ok
                    """,
                    millisBetween(pausing, paused), millisBetween(paused, switched),
                    millisBetween(resumed, first.endedNanos()), writes.longestWrite().toMillis(),
                    writes.failures(), writes.successes());

            assertThat(writes.connectionSurvived()).as("the client's one connection stays open").isTrue();
            assertThat(writes.failures()).as("a planned switchover costs the client no error").isEmpty();
            assertThat(relay.topology().splitBrainCount()).as("the stopping old primary is no split brain").isZero();
            assertThat(WriteLoop.presentOn(replica, env.database(), acknowledged))
                    .as("every acknowledged write is on the new primary").isEqualTo(acknowledged);
        }
    }
}
