package dev.pgrelay.bench.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.bench.codec.SelectResult;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResultForwardingBenchmarkTest {

    @ParameterizedTest(name = "read size {0}, value width {1}")
    @CsvSource({"2048, 8", "16384, 100", "65536, 8"})
    void eachInvocationForwardsTheWholeResultFlushesOncePerReadAndReleasesTheServer(int readSize, int valueWidth) {
        ResultForwardingBenchmark benchmark = new ResultForwardingBenchmark();
        benchmark.readSize = readSize;
        benchmark.valueWidth = valueWidth;
        benchmark.setUp();
        byte[] result = SelectResult.encode(SelectResult.ROWS, SelectResult.COLUMNS, valueWidth);
        int reads = (result.length + readSize - 1) / readSize;
        SentFrames toClient = SentFrames.on(benchmark.lease().clientChannel());
        try {
            for (int invocation = 0; invocation < 3; invocation++) {
                assertThat(benchmark.forwardResult()).isEqualTo(1);
                assertThat(benchmark.lease().takeServerWrites()).isEqualTo(1);   // the Query
                List<byte[]> received = toClient.take();
                assertThat(received).hasSize(SelectResult.FRAMES);
                assertThat(concatenated(received)).isEqualTo(result);
                assertThat(benchmark.lease().takeClientWrites()).isEqualTo(SelectResult.FRAMES);
                // one flush as the Query is sent (ClientSession's end of the client's read), then one per server read
                assertThat(benchmark.lease().takeClientFlushes()).isEqualTo(1 + reads);
                assertThat(benchmark.lease().server().pending().isEmpty()).isTrue();
                assertThat(benchmark.lease().server().transactionStatus()).isEqualTo('I');
            }
        } finally {
            benchmark.tearDown();
        }
    }

    private static byte[] concatenated(List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frames.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
