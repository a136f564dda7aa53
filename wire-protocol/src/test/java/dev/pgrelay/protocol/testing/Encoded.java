package dev.pgrelay.protocol.testing;

import dev.pgrelay.protocol.PgMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.function.Function;

/** Encodes messages to plain arrays and decodes bodies from them, releasing every buffer it makes. */
public final class Encoded {

    private Encoded() {
    }

    /** The complete frame {@code message} writes. */
    public static byte[] bytesOf(PgMessage message) {
        ByteBuf frame = message.encode(UnpooledByteBufAllocator.DEFAULT);
        try {
            return ByteBufUtil.getBytes(frame);
        } finally {
            frame.release();
        }
    }

    /** Runs {@code decoder} on {@code body}, wrapped in a buffer that is released afterwards. */
    public static <T> T decode(byte[] body, Function<ByteBuf, T> decoder) {
        ByteBuf buf = Unpooled.wrappedBuffer(body);
        try {
            return decoder.apply(buf);
        } finally {
            buf.release();
        }
    }
}
