package dev.pgrelay.bench.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;

/**
 * The far end of a benchmark's client or server channel: takes every write through the pipeline as a socket
 * would, releases it and counts it, so a benchmark measures what pgrelay does before the kernel, not a queue
 * growing in an EmbeddedChannel.
 */
final class DiscardingWrites extends ChannelOutboundHandlerAdapter {
    private int writes;
    private int flushes;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        writes++;
        ReferenceCountUtil.release(msg);
        promise.trySuccess();
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        flushes++;
    }

    /** Messages written since the last call. */
    int takeWrites() {
        int taken = writes;
        writes = 0;
        return taken;
    }

    /** Flushes since the last call. */
    int takeFlushes() {
        int taken = flushes;
        flushes = 0;
        return taken;
    }
}
