package dev.pgrelay.bench.proxy;

import dev.pgrelay.protocol.backend.ReadyForQuery;
import dev.pgrelay.protocol.codec.Frames;
import dev.pgrelay.proxy.server.OfflineServerConnections;
import dev.pgrelay.proxy.server.PendingResponses;
import dev.pgrelay.proxy.server.ServerConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time per request/ReadyForQuery pair to find transaction boundaries — an entry in the owed-responses FIFO per
 * Sync, then the ReadyForQuery's status, the FIFO's head and the release decision — which transaction pooling
 * pays on every statement before a server connection can serve another client.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ReadyForQueryBenchmark {
    /** Sync/ReadyForQuery pairs per invocation. */
    static final int PAIRS = 8;

    /** The ReadyForQuery's transaction status: 'I' releases, 'T' (in a transaction) and 'E' (failed) keep. */
    @Param({"I", "T", "E"})
    String status;

    /** Syncs in flight before the first answer: 1 is one statement at a time, 8 a pipelining driver. */
    @Param({"1", "8"})
    int pipelined;

    private EmbeddedChannel channel;
    private ServerConnection server;
    private ByteBuf readyForQuery;

    @Setup
    public void setUp() {
        if (pipelined < 1 || PAIRS % pipelined != 0) {
            throw new IllegalArgumentException("pipelined must divide " + PAIRS + ", got " + pipelined);
        }
        channel = new EmbeddedChannel();
        server = OfflineServerConnections.idle(channel);
        readyForQuery = Unpooled.unreleasableBuffer(ReadyForQuery.of(status.charAt(0)).encode(UnpooledByteBufAllocator.DEFAULT));
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    /** {@value #PAIRS} Syncs and their ReadyForQuery answers; returns how many allowed a release. */
    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public int syncThenReadyForQuery() {
        int releases = 0;
        for (int sent = 0; sent < PAIRS; sent += pipelined) {
            for (int i = 0; i < pipelined; i++) {
                server.pending().add(PendingResponses.SYNC, PendingResponses.FORWARD, null);
            }
            for (int i = 0; i < pipelined; i++) {
                if (TransactionBoundary.onReadyForQuery(server, Frames.body(readyForQuery))) {
                    releases++;
                }
            }
        }
        return releases;
    }

    ServerConnection server() {
        return server;
    }
}
