package dev.pgrelay.proxy.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The health check's row, as PostgreSQL sends it in text format, becomes a sample. */
class HealthQueryTest {

    private static List<List<String>> row(String... values) {
        return List.of(Arrays.asList(values));
    }

    @Test
    void aPrimaryHasNoReceivedPositionAndNoReplayDelay() {
        HealthSample sample = HealthQuery.parse(row("f", "2", "50334504", null, "0"));

        assertThat(sample).isEqualTo(new HealthSample(false, 2, 50334504, -1, Duration.ZERO));
    }

    @Test
    void aReplicaReportsReplayAndReceivePositionsAndItsReplayDelay() {
        HealthSample sample = HealthQuery.parse(row("t", "1", "50334456", "50400000", "1.250000"));

        assertThat(sample).isEqualTo(new HealthSample(true, 1, 50334456, 50400000, Duration.ofMillis(1250)));
    }

    @Test
    void aReplicaThatNeverReplayedATransactionHasNoMeasurableDelay() {
        assertThat(HealthQuery.parse(row("t", "1", "100", "200", null)).replayDelay()).isZero();
    }

    @Test
    void anythingButOneRowOfFiveColumnsIsAFailedCheck() {
        assertThatThrownBy(() -> HealthQuery.parse(List.of())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> HealthQuery.parse(row("t"))).isInstanceOf(IllegalStateException.class);
    }
}
