package dev.pgrelay.bench.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReadyForQueryBenchmarkTest {

    @ParameterizedTest(name = "status {0}, {1} pipelined: {2} releases")
    @CsvSource({"I, 1, 8", "I, 8, 1", "T, 1, 0", "T, 8, 0", "E, 1, 0", "E, 8, 0"})
    void onlyTheLastOwedReadyForQueryWithStatusIdleReleases(String status, int pipelined, int releases) {
        ReadyForQueryBenchmark benchmark = benchmark(status, pipelined);
        try {
            for (int invocation = 0; invocation < 3; invocation++) {
                assertThat(benchmark.syncThenReadyForQuery()).isEqualTo(releases);
                assertThat(benchmark.server().pending().isEmpty()).isTrue();
                assertThat(benchmark.server().transactionStatus()).isEqualTo(status.charAt(0));
            }
        } finally {
            benchmark.tearDown();
        }
    }

    @Test
    void aPipelineDepthThatDoesNotDivideThePairsIsRefused() {
        assertThatThrownBy(() -> benchmark("I", 3)).isInstanceOf(IllegalArgumentException.class);
    }

    private static ReadyForQueryBenchmark benchmark(String status, int pipelined) {
        ReadyForQueryBenchmark benchmark = new ReadyForQueryBenchmark();
        benchmark.status = status;
        benchmark.pipelined = pipelined;
        benchmark.setUp();
        return benchmark;
    }
}
