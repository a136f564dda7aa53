package dev.pgrelay.bench.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameDecoderBenchmarkTest {

    @ParameterizedTest(name = "read size {0}, value width {1}")
    @CsvSource({"2048, 8", "16384, 100", "65536, 8"})
    void eachInvocationDecodesEveryFrameOfOneResult(int readSize, int valueWidth) {
        FrameDecoderBenchmark benchmark = new FrameDecoderBenchmark();
        benchmark.readSize = readSize;
        benchmark.valueWidth = valueWidth;
        benchmark.setUp();
        try {
            for (int invocation = 0; invocation < 3; invocation++) {
                benchmark.decodeResult();
                assertThat(benchmark.takeFrameCount()).isEqualTo(SelectResult.FRAMES);
            }
        } finally {
            benchmark.tearDown();
        }
    }
}
