package dev.pgrelay.protocol.backend;

import dev.pgrelay.protocol.BodilessMessage;
import dev.pgrelay.protocol.MessageType;
import io.netty.buffer.ByteBuf;

/** The server's acknowledgement of a Bind. */
public final class BindComplete extends BodilessMessage {
    public static final BindComplete INSTANCE = new BindComplete();

    private BindComplete() {
        super(MessageType.BIND_COMPLETE);
    }

    public static BindComplete decode(ByteBuf body) {
        return requireEmptyBody(body, INSTANCE);
    }
}
