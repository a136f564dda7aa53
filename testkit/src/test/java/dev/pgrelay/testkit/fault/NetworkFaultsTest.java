package dev.pgrelay.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NetworkFaultsTest {

    @Test
    void latencyDelaysBothDirectionsAndSlowQueriesOnlyTheWayToTheServer() {
        NetworkFaults faults = NetworkFaults.NONE.withLatency(Duration.ofMillis(50)).withPerQueryDelay(Duration.ofMillis(300));

        assertThat(faults.delayFor(true)).isEqualTo(Duration.ofMillis(350));
        assertThat(faults.delayFor(false)).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void describesTheFaultsInForce() {
        assertThat(NetworkFaults.NONE).hasToString("no faults");
        assertThat(NetworkFaults.NONE.withLatency(Duration.ofMillis(50)).withBlackhole(true).withRefusing(true))
                .hasToString("latency 50 ms, blackhole, refusing new connections");
    }

    @Test
    void negativeDelaysAreRefused() {
        assertThatThrownBy(() -> NetworkFaults.NONE.withLatency(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
