package dev.pgrelay.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A PostgreSQL protocol message that knows how to write its complete wire frame.
 *
 * <p>Every message class also offers a static {@code decode(ByteBuf body)} that reads the bytes after
 * the int32 length from the body's readerIndex (advancing it) and throws {@link ProtocolException} on
 * malformed input.
 */
public interface PgMessage {

    /** Writes the complete frame: type byte (absent for startup packets), int32 length, body. */
    void writeTo(ByteBuf out);

    /** Allocates a buffer holding this message's frame; the caller owns (and must release) it. */
    default ByteBuf encode(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer();
        try {
            writeTo(out);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }
}
