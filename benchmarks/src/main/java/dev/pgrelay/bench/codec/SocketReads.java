package dev.pgrelay.bench.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;

/** Feeds a byte stream into a channel the way socket reads deliver it, so decoders cumulate as they do live. */
public final class SocketReads {

    private SocketReads() {
    }

    /**
     * Delivers {@code stream} in reads of at most {@code readSize} bytes, each a fresh pooled direct buffer as the
     * transport allocates it; every read is one burst (channelRead, then channelReadComplete).
     */
    public static void deliver(EmbeddedChannel channel, byte[] stream, int readSize) {
        for (int offset = 0; offset < stream.length; offset += readSize) {
            int length = Math.min(readSize, stream.length - offset);
            ByteBuf read = channel.alloc().directBuffer(readSize);
            read.writeBytes(stream, offset, length);
            channel.writeInbound(read);
        }
    }
}
