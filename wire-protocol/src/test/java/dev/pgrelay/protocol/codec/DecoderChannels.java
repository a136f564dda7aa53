package dev.pgrelay.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.pgrelay.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Opens EmbeddedChannels around a PgFrameDecoder, feeds them bytes the way TCP may cut them, and after
 * each test proves that every buffer written in or emitted was released.
 */
final class DecoderChannels implements AfterEachCallback {
    private final List<ByteBuf> tracked = new ArrayList<>();

    EmbeddedChannel open(PgFrameDecoder decoder) {
        EmbeddedChannel channel = new EmbeddedChannel();
        // Unpooled buffers are never recycled, so a released one stays at refCnt 0 for afterEach to see.
        channel.config().setAllocator(UnpooledByteBufAllocator.DEFAULT);
        channel.pipeline().addLast(decoder);
        return channel;
    }

    /** Delivers {@code bytes} in one read. */
    void write(EmbeddedChannel channel, byte[] bytes) {
        write(channel, bytes, 0, bytes.length);
    }

    /** Delivers {@code bytes} in two reads, cut before index {@code cut}. */
    void writeSplitAt(EmbeddedChannel channel, byte[] bytes, int cut) {
        write(channel, bytes, 0, cut);
        write(channel, bytes, cut, bytes.length);
    }

    /** Delivers {@code bytes} one byte per read. */
    void writeByteByByte(EmbeddedChannel channel, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            write(channel, bytes, i, i + 1);
        }
    }

    /** Delivers {@code bytes} in one read and returns the ProtocolException the decoder raised. */
    ProtocolException writeRejected(EmbeddedChannel channel, byte[] bytes) {
        Throwable thrown = catchThrowable(() -> write(channel, bytes));
        assertThat(thrown).isInstanceOf(DecoderException.class).hasCauseInstanceOf(ProtocolException.class);
        return (ProtocolException) thrown.getCause();
    }

    /**
     * The next emitted frame's bytes, after checking it is a slice of the received bytes (no copy) with
     * its readerIndex at the type byte; the frame is released.
     */
    byte[] readFrame(EmbeddedChannel channel) {
        Object message = channel.readInbound();
        assertThat(message).isInstanceOf(ByteBuf.class);
        ByteBuf frame = (ByteBuf) message;
        tracked.add(frame);
        try {
            assertThat(frame.unwrap()).as("frames are slices of what was read, not copies").isNotNull();
            assertWellFormed(frame);
            return ByteBufUtil.getBytes(frame);
        } finally {
            frame.release();
        }
    }

    /** Reads and releases whatever the decoder emitted, checking each frame; returns how many messages. */
    int drain(EmbeddedChannel channel) {
        int count = 0;
        for (Object message = channel.readInbound(); message != null; message = channel.readInbound()) {
            if (message instanceof ByteBuf frame) {
                tracked.add(frame);
                try {
                    assertWellFormed(frame);
                } finally {
                    frame.release();
                }
            }
            count++;
        }
        return count;
    }

    /**
     * Reads and releases everything the decoder emitted, in order: startup packets as decoded, frames as their
     * bytes in hex, so two runs over the same stream can be compared with equals.
     */
    List<Object> decodedMessages(EmbeddedChannel channel) {
        List<Object> messages = new ArrayList<>();
        for (Object message = channel.readInbound(); message != null; message = channel.readInbound()) {
            if (message instanceof ByteBuf frame) {
                tracked.add(frame);
                try {
                    assertWellFormed(frame);
                    messages.add(ByteBufUtil.hexDump(frame));
                } finally {
                    frame.release();
                }
            } else {
                messages.add(message);
            }
        }
        return messages;
    }

    /** A frame holds its header and exactly the body its length announces, which counts at least itself. */
    private static void assertWellFormed(ByteBuf frame) {
        assertThat(frame.readableBytes()).as("frame size").isGreaterThanOrEqualTo(Frames.HEADER_SIZE);
        assertThat(Frames.length(frame)).as("frame length").isEqualTo(frame.readableBytes() - 1);
    }

    /** Delivers {@code bytes[from, to)} in one read. */
    void write(EmbeddedChannel channel, byte[] bytes, int from, int to) {
        if (from == to) {
            return; // a socket read never delivers zero bytes
        }
        ByteBuf buf = Unpooled.copiedBuffer(bytes, from, to - from);
        tracked.add(buf);
        channel.writeInbound(buf);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        assertAllReleased();
    }

    /** Fails if any buffer written in or emitted still holds a reference. */
    void assertAllReleased() {
        for (ByteBuf buf : tracked) {
            assertThat(buf.refCnt()).as("every buffer written or emitted is released").isZero();
        }
        tracked.clear();
    }
}
