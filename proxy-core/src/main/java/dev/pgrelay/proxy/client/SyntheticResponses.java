package dev.pgrelay.proxy.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Answers pgrelay gives in the server's place, built once as read-only constants (STYLE.md 5). */
final class SyntheticResponses {
    private static final ByteBuf PARSE_COMPLETE = constant('1');
    private static final ByteBuf CLOSE_COMPLETE = constant('3');

    private SyntheticResponses() {
    }

    private static ByteBuf constant(char type) {
        return Unpooled.unreleasableBuffer(
                Unpooled.wrappedBuffer(new byte[] {(byte) type, 0, 0, 0, 4}).asReadOnly());
    }

    static ByteBuf parseComplete() {
        return PARSE_COMPLETE.duplicate();
    }

    static ByteBuf closeComplete() {
        return CLOSE_COMPLETE.duplicate();
    }
}
