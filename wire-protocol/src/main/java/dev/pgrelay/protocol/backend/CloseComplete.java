package dev.pgrelay.protocol.backend;

import dev.pgrelay.protocol.BodilessMessage;
import dev.pgrelay.protocol.MessageType;
import io.netty.buffer.ByteBuf;

/** The server's acknowledgement of a Close. */
public final class CloseComplete extends BodilessMessage {
    public static final CloseComplete INSTANCE = new CloseComplete();

    private CloseComplete() {
        super(MessageType.CLOSE_COMPLETE);
    }

    public static CloseComplete decode(ByteBuf body) {
        return requireEmptyBody(body, INSTANCE);
    }
}
