package dev.pgrelay.bench.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReadyForQueryBenchmarkTest {

    @ParameterizedTest(name = "{0}, status {1}, {2} pipelined: {3} releases")
    @CsvSource({"Sync, I, 1, 8", "Sync, I, 8, 1", "Sync, T, 1, 0", "Sync, T, 8, 0", "Sync, E, 1, 0", "Sync, E, 8, 0",
            "Query, I, 1, 8", "Query, I, 8, 1", "Query, T, 8, 0", "Query, E, 1, 0"})
    void onlyTheLastOwedReadyForQueryWithStatusIdleReleases(String request, String status, int pipelined,
                                                            int releases) {
        ReadyForQueryBenchmark benchmark = benchmark(request, status, pipelined);
        try {
            for (int invocation = 0; invocation < 3; invocation++) {
                assertThat(benchmark.requestThenReadyForQuery()).isEqualTo(releases);
                assertThat(benchmark.lease().takeServerWrites()).isEqualTo(ReadyForQueryBenchmark.PAIRS);
                assertThat(benchmark.lease().takeClientWrites()).isEqualTo(ReadyForQueryBenchmark.PAIRS);
                assertThat(benchmark.lease().server().pending().isEmpty()).isTrue();
                assertThat(benchmark.lease().server().transactionStatus()).isEqualTo(status.charAt(0));
            }
        } finally {
            benchmark.tearDown();
        }
    }

    @Test
    void aPipelineDepthThatDoesNotDivideThePairsIsRefused() {
        assertThatThrownBy(() -> benchmark("Sync", "I", 3)).isInstanceOf(IllegalArgumentException.class);
    }

    private static ReadyForQueryBenchmark benchmark(String request, String status, int pipelined) {
        ReadyForQueryBenchmark benchmark = new ReadyForQueryBenchmark();
        benchmark.request = request;
        benchmark.status = status;
        benchmark.pipelined = pipelined;
        benchmark.setUp();
        return benchmark;
    }
}
