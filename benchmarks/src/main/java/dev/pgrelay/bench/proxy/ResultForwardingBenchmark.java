package dev.pgrelay.bench.proxy;

import dev.pgrelay.bench.AverageTimeBenchmark;
import dev.pgrelay.bench.codec.SelectResult;
import dev.pgrelay.bench.codec.SocketReads;
import dev.pgrelay.protocol.frontend.Query;
import dev.pgrelay.proxy.client.OfflineClientSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Time per frame to relay a DataRow-heavy result from a server connection to its client through pgrelay's own
 * path — PgFrameDecoder, ServerConnectionHandler, ResponseTranslator matching each frame to the Query it answers
 * (sent through RequestTranslator) and writing it on as a retained slice, one client flush per read burst — the
 * path nearly every byte pgrelay moves takes; the difference to {@code FrameDecoderBenchmark} is the cost of
 * forwarding.
 */
@State(Scope.Thread)
public class ResultForwardingBenchmark extends AverageTimeBenchmark {
    /** Bytes per socket read, so flushes per result: a typical read by default. */
    @Param({"16384"})
    int readSize;

    /** Characters per value: narrow rows make per-frame costs dominant. */
    @Param({"8", "100"})
    int valueWidth;

    private byte[] result;
    private OfflineLease lease;
    private ByteBuf query;

    @Setup(Level.Trial)
    public void setUp() {
        result = SelectResult.encode(SelectResult.ROWS, SelectResult.COLUMNS, valueWidth);
        lease = new OfflineLease(true);
        query = new Query("SELECT * FROM wide_table").encode(UnpooledByteBufAllocator.DEFAULT);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        lease.close();
        query.release();
    }

    /**
     * Sends a simple Query and relays its whole result; returns the releases it allowed (1) so nothing is optimised
     * away. The Query adds one message to the {@value SelectResult#FRAMES} frames of the result.
     */
    @Benchmark
    @OperationsPerInvocation(SelectResult.FRAMES)
    public int forwardResult() {
        OfflineClientSession session = lease.session();
        session.forward(query.retainedDuplicate(), lease.server());
        session.clientReadComplete(lease.server());
        SocketReads.deliver(lease.serverChannel(), result, readSize);
        return session.takeReleases();
    }

    OfflineLease lease() {
        return lease;
    }
}
