package dev.pgrelay.bench.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.bench.codec.SelectResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResultForwardingBenchmarkTest {

    @ParameterizedTest(name = "read size {0}, value width {1}")
    @CsvSource({"2048, 8", "16384, 100", "65536, 8"})
    void eachInvocationForwardsEveryFrameFlushesOncePerReadAndReleasesTheServer(int readSize, int valueWidth) {
        ResultForwardingBenchmark benchmark = new ResultForwardingBenchmark();
        benchmark.readSize = readSize;
        benchmark.valueWidth = valueWidth;
        benchmark.setUp();
        int reads = (SelectResult.encode(SelectResult.ROWS, SelectResult.COLUMNS, valueWidth).length + readSize - 1)
                / readSize;
        try {
            for (int invocation = 0; invocation < 3; invocation++) {
                assertThat(benchmark.forwardResult()).isEqualTo(1);
                assertThat(benchmark.takeForwardedFrames()).isEqualTo(SelectResult.FRAMES);
                assertThat(benchmark.takeClientFlushes()).isEqualTo(reads);
                assertThat(benchmark.server().pending().isEmpty()).isTrue();
            }
        } finally {
            benchmark.tearDown();
        }
    }
}
