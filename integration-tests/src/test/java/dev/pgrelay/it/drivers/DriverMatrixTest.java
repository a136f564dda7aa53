package dev.pgrelay.it.drivers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.testkit.junit.PgRelayEnvironment;
import dev.pgrelay.testkit.junit.PgRelayTest;
import org.junit.jupiter.api.Test;

/**
 * The driver matrix: each subclass runs the workload of {@link DriverWorkloadSummary} with one driver, fifty clients
 * at once through transaction pooling on five server connections, and every client must get every step right.
 * The annotation is inherited, so every driver meets exactly the same pgrelay (each class gets its own instance).
 */
@PgRelayTest(poolMode = "transaction", poolSize = DriverMatrixTest.POOL_SIZE)
abstract class DriverMatrixTest {

    static final int CLIENTS = 50;
    static final int POOL_SIZE = 5;

    /** Runs the workload with this class's driver and returns its one-line JSON summary. */
    abstract String runWorkload(PgRelayEnvironment env, int clients) throws Exception;

    @Test
    void fiftyClientsGetEveryStepRightOnFiveServerConnections(PgRelayEnvironment env) throws Exception {
        String summary = runWorkload(env, CLIENTS);

        assertThat(summary).as("workload summary of %s", getClass().getSimpleName())
                .isEqualTo(DriverWorkloadSummary.everyStepSucceeded(CLIENTS).toJson());
        assertThat(env.relay().poolStats())
                .allSatisfy(stats -> assertThat(stats.open()).as("server connections of %s", stats.key())
                        .isLessThanOrEqualTo(POOL_SIZE));
    }
}
