package dev.pgrelay.protocol.frontend;

import dev.pgrelay.protocol.BodilessMessage;
import dev.pgrelay.protocol.MessageType;
import io.netty.buffer.ByteBuf;

/** The client's polite goodbye before closing the connection. */
public final class Terminate extends BodilessMessage {
    public static final Terminate INSTANCE = new Terminate();

    private Terminate() {
        super(MessageType.TERMINATE);
    }

    public static Terminate decode(ByteBuf body) {
        return requireEmptyBody(body, INSTANCE);
    }
}
