package dev.pgrelay.protocol.backend;

import dev.pgrelay.protocol.BodilessMessage;
import dev.pgrelay.protocol.MessageType;
import io.netty.buffer.ByteBuf;

/** Answers a Describe of a statement or portal that returns no rows. */
public final class NoData extends BodilessMessage {
    public static final NoData INSTANCE = new NoData();

    private NoData() {
        super(MessageType.NO_DATA);
    }

    public static NoData decode(ByteBuf body) {
        return requireEmptyBody(body, INSTANCE);
    }
}
