package dev.pgrelay.proxy.metrics;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts the raw bytes one client connection reads and writes; sits first in its pipeline. Reads are counted as
 * they arrive (one per socket read); writes are summed and published at each flush, so a result of many rows
 * adds to the shared counters once, not once per row.
 */
public final class ClientByteMeter extends ChannelDuplexHandler {
    private final TrafficCounters counters;
    private long sentUnpublished;

    public ClientByteMeter(TrafficCounters counters) {
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        counters.clientReceived(sizeOf(msg));
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        sentUnpublished += sizeOf(msg);
        ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (sentUnpublished != 0) {
            counters.clientSent(sentUnpublished);
            sentUnpublished = 0;
        }
        ctx.flush();
    }

    static long sizeOf(Object msg) {
        if (msg instanceof ByteBuf buf) {
            return buf.readableBytes();
        }
        return msg instanceof ByteBufHolder holder ? holder.content().readableBytes() : 0;
    }
}
