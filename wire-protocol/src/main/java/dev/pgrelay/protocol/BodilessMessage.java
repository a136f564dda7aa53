package dev.pgrelay.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Base of the messages that are only a type byte and the length 4 (Sync, ParseComplete, ...);
 * each subclass is a singleton.
 */
public abstract class BodilessMessage implements PgMessage {
    private final byte type;

    protected BodilessMessage(byte type) {
        this.type = type;
    }

    /** The type byte that alone says everything this message says. */
    public byte type() {
        return type;
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeByte(type);
        out.writeInt(4);
    }

    /** Returns {@code instance} after checking that {@code body} is empty, as the protocol requires. */
    protected static <T extends BodilessMessage> T requireEmptyBody(ByteBuf body, T instance) {
        if (body.isReadable()) {
            throw ProtocolException.violation("malformed " + instance + " message: expected no body, found "
                    + body.readableBytes() + " bytes");
        }
        return instance;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }
}
