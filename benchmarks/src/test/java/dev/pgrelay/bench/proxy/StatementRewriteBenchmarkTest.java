package dev.pgrelay.bench.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrelay.protocol.codec.Frames;
import dev.pgrelay.protocol.frontend.Bind;
import dev.pgrelay.protocol.frontend.Describe;
import dev.pgrelay.protocol.frontend.Parse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each invocation must send the server connection's statement name, and not fail or pile up answers owed. */
class StatementRewriteBenchmarkTest {
    private final StatementRewriteBenchmark benchmark = new StatementRewriteBenchmark();
    private final SentFrames toServer;
    private final String serverName;

    StatementRewriteBenchmarkTest() {
        benchmark.setUp();
        toServer = SentFrames.on(benchmark.lease().serverChannel());
        serverName = benchmark.lease().server().statements().lookup(content(StatementRewriteBenchmark.PARSE));
    }

    @AfterEach
    void tearDown() {
        benchmark.tearDown();
    }

    @Test
    void theClientsFirstParsePreparedTheStatementUnderAServerName() {
        assertThat(serverName).isNotNull().isNotEqualTo(StatementRewriteBenchmark.CLIENT_NAME);
        assertThat(benchmark.lease().server().statements().size()).isEqualTo(1);
    }

    @Test
    void bindSendsOneBindOfTheServerSideStatementAndLeavesNothingOwed() {
        for (int invocation = 0; invocation < 3; invocation++) {
            benchmark.bind();

            List<byte[]> sent = toServer.take();
            assertThat(sent).hasSize(1);
            assertThat(type(sent.get(0))).isEqualTo('B');
            assertThat(Bind.statementName(body(sent.get(0)))).isEqualTo(serverName);
            assertThat(benchmark.lease().takeServerWrites()).isEqualTo(1);
            assertThat(benchmark.lease().takeClientWrites()).isZero();
            assertThat(benchmark.lease().server().pending().isEmpty()).isTrue();
        }
    }

    @Test
    void aStatementsLifeSendsOnlyItsBindAndDescribeByTheServerNameAndAnswersTheParseItself() {
        for (int invocation = 0; invocation < 3; invocation++) {
            benchmark.parseBindDescribeClose();

            List<byte[]> sent = toServer.take();
            assertThat(sent).hasSize(2);
            assertThat(type(sent.get(0))).isEqualTo('B');
            assertThat(Bind.statementName(body(sent.get(0)))).isEqualTo(serverName);
            assertThat(Describe.decode(body(sent.get(1)))).isEqualTo(new Describe(Describe.STATEMENT, serverName));
            assertThat(benchmark.lease().takeServerWrites()).isEqualTo(2);
            assertThat(benchmark.lease().takeClientWrites()).isEqualTo(1);   // ParseComplete, from pgrelay
            assertThat(benchmark.lease().server().pending().isEmpty()).isTrue();
            assertThat(benchmark.lease().server().statements().size()).isEqualTo(1);
        }
    }

    /** What the server connection's StatementCache keys a statement by: the Parse body after the name. */
    private static String content(Parse parse) {
        ByteBuf frame = parse.encode(UnpooledByteBufAllocator.DEFAULT);
        try {
            ByteBuf body = Frames.body(frame);
            Frames.readCString(body);
            return body.toString(StandardCharsets.ISO_8859_1);
        } finally {
            frame.release();
        }
    }

    private static char type(byte[] frame) {
        return (char) frame[0];
    }

    private static ByteBuf body(byte[] frame) {
        return Frames.body(Unpooled.wrappedBuffer(frame));
    }
}
