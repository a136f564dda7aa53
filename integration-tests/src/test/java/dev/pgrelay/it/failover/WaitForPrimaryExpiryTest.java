package dev.pgrelay.it.failover;

import static dev.pgrelay.it.failover.RelayView.when;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.testkit.PgNode;
import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * When no primary appears within failover.wait_for_primary, each waiting statement fails with 08006 after that
 * wait — not sooner, not never — and the client connection survives to write again once a primary is back.
 */
@PgRelayTest(replicas = 1, poolMode = "transaction", poolSize = 4, config = """
        health: { interval: 1s, timeout: 1s, failures_before_down: 3 }
        failover: { wait_for_primary: 1500ms }
        """)
class WaitForPrimaryExpiryTest {
    private static final Duration WAIT_FOR_PRIMARY = Duration.ofMillis(1500);

    @Test
    void statementsFailAfterWaitForPrimaryAndTheConnectionCarriesOn(PgRelayEnvironment env) throws Exception {
        RelayView.readyForWrites(env);
        PgNode oldPrimary = env.cluster().primary();
        PgNode replica = env.cluster().replicas().get(0);

        try (WriteLoop writes = WriteLoop.start(env)) {
            writes.awaitMoreSuccesses(20, Duration.ofSeconds(30));
            oldPrimary.kill();
            when("three writes have failed", Duration.ofSeconds(20), () -> writes.failures().size() >= 3);
            replica.promote();
            writes.awaitMoreSuccesses(20, Duration.ofSeconds(10));
            writes.stop();

            System.out.printf("[no primary within wait_for_primary = %d ms]%n  failures: %s%n",
                    WAIT_FOR_PRIMARY.toMillis(), writes.failures());
            assertThat(writes.connectionSurvived()).isTrue();
            assertThat(writes.failures()).allSatisfy(failed -> assertThat(failed.error().getSQLState()).isEqualTo("08006"));
            // The first failure may be the statement in flight at the kill; every later one waited the full time.
            assertThat(writes.failures().subList(1, writes.failures().size())).allSatisfy(waited -> {
                assertThat(waited.error().getMessage())
                        .contains("no primary server available after waiting " + WAIT_FOR_PRIMARY.toMillis() + " ms");
                assertThat(waited.took()).isGreaterThanOrEqualTo(WAIT_FOR_PRIMARY.minusMillis(50));
            });
        }
    }
}
