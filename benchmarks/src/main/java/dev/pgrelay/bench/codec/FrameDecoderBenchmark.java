package dev.pgrelay.bench.codec;

import dev.pgrelay.bench.AverageTimeBenchmark;
import dev.pgrelay.protocol.codec.Frames;
import dev.pgrelay.protocol.codec.PgFrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Time per frame for {@link PgFrameDecoder} to cut a server's DataRow-heavy result into frames, fed as socket
 * reads deliver it: each read is a fresh pooled direct buffer that the decoder cumulates, and a handler takes
 * each frame, looks at its type byte as routing would and releases it as forwarding would.
 */
@State(Scope.Thread)
public class FrameDecoderBenchmark extends AverageTimeBenchmark {
    /** pgrelay's default limits.max_message_size. */
    private static final int MAX_MESSAGE_SIZE = 64 << 20;

    /** Bytes per socket read: a small first read, a typical one, and Netty's largest adaptive read. */
    @Param({"2048", "16384", "65536"})
    int readSize;

    /** Characters per value: narrow rows (integers, flags) make frames small and per-frame costs dominant. */
    @Param({"8", "100"})
    int valueWidth;

    private byte[] result;
    private EmbeddedChannel channel;
    private FrameSink sink;

    @Setup(Level.Trial)
    public void setUp() {
        result = SelectResult.encode(SelectResult.ROWS, SelectResult.COLUMNS, valueWidth);
        sink = new FrameSink();
        channel = new EmbeddedChannel(PgFrameDecoder.forServers(MAX_MESSAGE_SIZE), sink);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    /** Decodes one whole result; returns the sum of the frames' type bytes so nothing is optimised away. */
    @Benchmark
    @OperationsPerInvocation(SelectResult.FRAMES)
    public long decodeResult() {
        SocketReads.deliver(channel, result, readSize);
        return sink.takeTypeSum();
    }

    /** Frames decoded since the last call; lets a test check that the benchmark decodes every frame. */
    int takeFrameCount() {
        return sink.takeFrameCount();
    }

    /** The end of the pipeline: reads each frame's type byte and releases the frame. */
    private static final class FrameSink extends ChannelInboundHandlerAdapter {
        private long typeSum;
        private int frames;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            typeSum += Frames.type(frame);
            frames++;
            frame.release();
        }

        long takeTypeSum() {
            long sum = typeSum;
            typeSum = 0;
            return sum;
        }

        int takeFrameCount() {
            int count = frames;
            frames = 0;
            return count;
        }
    }
}
