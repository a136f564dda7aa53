package dev.pgrelay.bench.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.util.ArrayList;
import java.util.List;

/**
 * What a benchmark's channel was sent, copied on its way to the far end (DiscardingWrites), so a test can check
 * the bytes pgrelay wrote while the benchmark runs unchanged.
 */
final class SentFrames extends ChannelOutboundHandlerAdapter {
    private final List<byte[]> frames = new ArrayList<>();

    /** Starts recording what {@code channel} is sent from now on. */
    static SentFrames on(Channel channel) {
        SentFrames sent = new SentFrames();
        channel.pipeline().addLast(sent);   // the last handler sees a write first
        return sent;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        frames.add(ByteBufUtil.getBytes((ByteBuf) msg));
        ctx.write(msg, promise);
    }

    /** The messages written since the last call, each as its bytes. */
    List<byte[]> take() {
        List<byte[]> taken = List.copyOf(frames);
        frames.clear();
        return taken;
    }
}
