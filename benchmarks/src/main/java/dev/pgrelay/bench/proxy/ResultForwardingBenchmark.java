package dev.pgrelay.bench.proxy;

import dev.pgrelay.bench.codec.SelectResult;
import dev.pgrelay.bench.codec.SocketReads;
import dev.pgrelay.protocol.codec.PgFrameDecoder;
import dev.pgrelay.proxy.server.OfflineServerConnections;
import dev.pgrelay.proxy.server.PendingResponses;
import dev.pgrelay.proxy.server.ServerConnection;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * Time per frame to relay a DataRow-heavy result from a server connection to its client — decode, account for
 * the Query it answers, write each frame on as a retained slice, flush once per read burst — the path nearly
 * every byte pgrelay moves takes; the difference to {@code FrameDecoderBenchmark} is the cost of forwarding.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ResultForwardingBenchmark {
    /** pgrelay's default limits.max_message_size. */
    private static final int MAX_MESSAGE_SIZE = 64 << 20;

    /** Bytes per socket read, so flushes per result: a typical read by default. */
    @Param({"16384"})
    int readSize;

    /** Characters per value: narrow rows make per-frame costs dominant. */
    @Param({"8", "100"})
    int valueWidth;

    private byte[] result;
    private EmbeddedChannel serverChannel;
    private EmbeddedChannel clientChannel;
    private DiscardingWrites clientSocket;
    private ResponseForwarder forwarder;
    private ServerConnection server;

    @Setup(Level.Trial)
    public void setUp() {
        result = SelectResult.encode(SelectResult.ROWS, SelectResult.COLUMNS, valueWidth);
        clientSocket = new DiscardingWrites();
        clientChannel = new EmbeddedChannel(clientSocket);
        forwarder = new ResponseForwarder(clientChannel);
        serverChannel = new EmbeddedChannel();
        server = OfflineServerConnections.idle(serverChannel);
        server.sink(forwarder);
        serverChannel.pipeline().addLast(PgFrameDecoder.forServers(MAX_MESSAGE_SIZE), new ServerFrameDispatch(server));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        serverChannel.finishAndReleaseAll();
        clientChannel.finishAndReleaseAll();
    }

    /** Relays one whole result of a simple Query; returns the releases it allowed (1) so nothing is optimised away. */
    @Benchmark
    @OperationsPerInvocation(SelectResult.FRAMES)
    public int forwardResult() {
        server.pending().add(PendingResponses.QUERY, PendingResponses.FORWARD, null);
        SocketReads.deliver(serverChannel, result, readSize);
        return forwarder.takeReleases();
    }

    /** Frames the client received since the last call. */
    int takeForwardedFrames() {
        return clientSocket.takeWrites();
    }

    /** Flushes of the client since the last call. */
    int takeClientFlushes() {
        return clientSocket.takeFlushes();
    }

    ServerConnection server() {
        return server;
    }
}
